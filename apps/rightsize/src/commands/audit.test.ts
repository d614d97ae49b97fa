import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCliCaptured } from "../test-support/run-cli-captured.js";

async function folder(): Promise<string> {
  return mkdtemp(join(tmpdir(), "rightsize-audit-"));
}

describe("rightsize audit", () => {
  it("a request log: shares, routine vs complex, exact spend per class, and the rule of thumb", async () => {
    const dir = await folder();
    const log = join(dir, "requests.jsonl");
    const row = (
      { taskType, model, complexity }: { taskType: string; model: string; complexity: number },
      index: number,
    ) =>
      JSON.stringify({
        timestamp: `2026-11-0${1 + (index % 5)}T10:00:00Z`,
        model,
        usage: { input_tokens: 1000, output_tokens: 200 },
        task_type: taskType,
        complexity,
      });
    await writeFile(
      log,
      [
        ...Array.from({ length: 8 }, (_, index) =>
          row({ taskType: "classification", model: "claude-haiku-4-5", complexity: 0.2 }, index),
        ),
        ...Array.from({ length: 2 }, (_, index) =>
          row({ taskType: "analysis", model: "claude-sonnet-4-6", complexity: 0.8 }, index),
        ),
      ].join("\n"),
    );
    const run = await runCliCaptured(["audit", "--input", log, "--json"]);
    expect(run.code).toBe(0);
    const audit = JSON.parse(run.stdout);
    expect(audit).toMatchObject({ sampled: 10, population: 10, complexAt: 0.5 });
    // Haiku 4.5 $1/$5 per MTok: 1,000 in + 200 out = $0.002; Sonnet 4.6 $3/$15: $0.006.
    expect(audit.tasks).toEqual([
      {
        taskType: "classification",
        requests: 8,
        share: 0.8,
        routine: 8,
        complex: 0,
        unscored: 0,
        spendUsd: "0.016",
        spendShare: 0.571428,
      },
      {
        taskType: "analysis",
        requests: 2,
        share: 0.2,
        routine: 0,
        complex: 2,
        unscored: 0,
        spendUsd: "0.012",
        spendShare: 0.428571,
      },
    ]);
    expect(audit.classes.routine).toMatchObject({ requests: 8, spendUsd: "0.016" });
    expect(audit.spend).toEqual({ totalUsd: "0.028", priced: 10, unpriced: 0 });
    expect(audit.routine.share).toBe(0.8);
    expect(audit.ruleOfThumb).toMatchObject({ strongCase: true, threshold: 0.7 });
    expect(audit.ruleOfThumb.statement).toBe(
      "80.0% of 10 scored requests are routine, more than 70%: a strong case for routing",
    );
    const text = await runCliCaptured(["audit", "--input", log]);
    expect(text.stdout).toMatch(/classification\s+8\s+80\.0%\s+8\s+0\s+0\s+\$0\.0160\s+57\.1%/);
    expect(text.stdout).toContain("rule of thumb: 80.0% of 10 scored requests are routine");
    expect(text.stdout).toContain("note: request logs carry the task_type and complexity columns");
  });

  it("a requests file: classified from the prompt, sampled reproducibly by seed, bad lines counted", async () => {
    const dir = await folder();
    const file = join(dir, "requests.jsonl");
    const lines = Array.from({ length: 300 }, (_, index) =>
      JSON.stringify(
        index % 3 === 0
          ? {
              model: "claude-opus-4-7",
              max_tokens: 100,
              messages: [
                { role: "user", content: `Classify the sentiment of review ${index}: great product.` },
              ],
            }
          : {
              id: String(index),
              taskType: index % 3 === 1 ? "extraction" : "drafting",
              request: { max_tokens: 100, messages: [{ role: "user", content: `Item ${index}` }] },
            },
      ),
    );
    lines.splice(10, 0, "{ not json");
    await writeFile(file, lines.join("\n"));
    const first = await runCliCaptured(["audit", "--input", file, "--sample", "60", "--seed", "3", "--json"]);
    const second = await runCliCaptured([
      "audit",
      "--input",
      file,
      "--sample",
      "60",
      "--seed",
      "3",
      "--json",
    ]);
    const other = await runCliCaptured(["audit", "--input", file, "--sample", "60", "--seed", "4", "--json"]);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain(`${file}:11: skipped: not valid JSON`);
    const audit = JSON.parse(first.stdout);
    expect(second.stdout).toBe(first.stdout);
    expect(other.stdout).not.toBe(first.stdout);
    expect(audit).toMatchObject({
      sampled: 60,
      population: 300,
      files: [{ kind: "requests", requests: 300, bad: 1 }],
    });
    expect(
      audit.classifiedBy.taskType.declared +
        (audit.classifiedBy.taskType.classifier ?? 0) +
        (audit.classifiedBy.taskType.none ?? 0),
    ).toBe(60);
    expect(audit.classifiedBy.taskType.classifier).toBeGreaterThan(0);
    expect(audit.classifiedBy.complexity).toEqual({ scorer: 60 });
    expect(audit.spend.totalUsd).toBeNull();
    expect(audit.notes[0]).toMatch(/requests files carry the prompt/);
  });

  it("says what it cannot tell, and refuses what it cannot read", async () => {
    const dir = await folder();
    const log = join(dir, "bare.jsonl");
    await writeFile(
      log,
      JSON.stringify({
        timestamp: "2026-11-01T00:00:00Z",
        model: "claude-haiku-4-5",
        usage: { input_tokens: 10, output_tokens: 1 },
      }),
    );
    const audit = JSON.parse((await runCliCaptured(["audit", "--input", log, "--json"])).stdout);
    expect(audit.tasks[0]).toMatchObject({ taskType: "unknown", unscored: 1 });
    expect(audit.ruleOfThumb.strongCase).toBeNull();
    const router = await runCliCaptured([
      "audit",
      "--input",
      log,
      "--router",
      join(dir, "absent-router.json"),
    ]);
    expect(router.code).toBe(1);
    expect(router.stderr).toContain("absent-router.json: cannot read the router file");
    const missing = await runCliCaptured(["audit", "--input", join(dir, "absent.jsonl")]);
    expect(missing.code).toBe(2);
  });
});
