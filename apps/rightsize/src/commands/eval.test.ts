import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parsePolicy } from "@rightsize/policy";
import { describe, expect, it } from "vitest";
import { runCliCaptured } from "../test-support/run-cli-captured.js";

const POLICY = new URL("../../../../packages/policy/examples/support-pipeline.yaml", import.meta.url)
  .pathname;

/** Closed questions the emulator answers with the reference when its oracle says correct. */
function requestLines(options: {
  taskType: string;
  emulatorTask: string;
  count: number;
  difficulty: number;
}) {
  return Array.from({ length: options.count }, (_, index) =>
    JSON.stringify({
      id: `${options.taskType}-${index}`,
      taskType: options.taskType,
      request: {
        max_tokens: 32,
        messages: [
          {
            role: "user",
            content: `[[emulator task=${options.emulatorTask} difficulty=${(options.difficulty + (index % 10) / 100).toFixed(2)}]] Case ${index}`,
          },
        ],
      },
      reference: index % 2 === 0 ? "yes" : "no",
    }),
  );
}

describe("rightsize eval", () => {
  it("run → table, outcomes and summary; recommend → a policy that checks, and the change in words", async () => {
    const folder = await mkdtemp(join(tmpdir(), "rightsize-eval-cli-"));
    const requests = join(folder, "requests.jsonl");
    await writeFile(
      requests,
      [
        ...requestLines({
          taskType: "summarization",
          emulatorTask: "classification",
          count: 60,
          difficulty: 0.05,
        }),
        "{ this line is broken",
        ...requestLines({
          taskType: "classification",
          emulatorTask: "reasoning",
          count: 60,
          difficulty: 0.55,
        }),
      ].join("\n"),
    );
    const graders = join(folder, "graders.yaml");
    await writeFile(
      graders,
      "tasks:\n  summarization: { grader: { type: exact }, bar: 0.9 }\n  classification: { bar: 0.9 }\n",
    );
    const out = join(folder, "eval");
    const run = await runCliCaptured([
      "eval",
      "run",
      "--requests",
      requests,
      "--tiers",
      "haiku,sonnet,opus",
      "--policy",
      POLICY,
      "--graders",
      graders,
      "--out",
      out,
      "--emulator",
      "--seed",
      "5",
    ]);
    expect(run.stderr).toContain(`${requests}:61: skipped: not valid JSON`);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^eval: 120 requests x 3 candidates \(360 answers: 360 graded now, 0 already done/,
    );
    expect(run.stdout).toMatch(/summarization\s+haiku\s+claude-haiku-5-5\s+60\s.*<- recommended/);
    expect(run.stdout).toMatch(/eval cost: \$[\d,.]+ \(\$[\d.]+ exact; 360 answers, 0 judge calls\)/);
    const summary = JSON.parse(await readFile(join(out, "summary.json"), "utf8"));
    const recommended = Object.fromEntries(
      summary.tasks.map((task: { taskType: string; recommended: { tier: string } }) => [
        task.taskType,
        task.recommended.tier,
      ]),
    );
    // Easy summaries hold on Haiku; the hard "classification" here (reasoning at 0.55-0.64) does not.
    expect(recommended.summarization).toBe("haiku");
    expect(recommended.classification).not.toBe("haiku");

    const again = await runCliCaptured([
      "eval",
      "run",
      "--requests",
      requests,
      "--policy",
      POLICY,
      "--out",
      out,
      "--emulator",
      "--seed",
      "5",
      "--json",
    ]);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).tasks).toHaveLength(2);

    const newPolicy = join(folder, "recommended.yaml");
    const recommend = await runCliCaptured([
      "eval",
      "recommend",
      "--outcomes",
      join(out, "outcomes.jsonl"),
      "--policy",
      POLICY,
      "--graders",
      graders,
      "--out",
      newPolicy,
    ]);
    expect(recommend.code).toBe(0);
    expect(recommend.stdout).toMatch(
      /^summarization: sonnet -> haiku, 60 samples, 100% pass, lower bound 94% >= bar 90%$/m,
    );
    expect(recommend.stdout).toMatch(
      new RegExp(`classification: haiku -> ${recommended.classification}, 60 samples`),
    );
    expect(recommend.stdout).toContain("(policy check: ok)");
    const text = await readFile(newPolicy, "utf8");
    const checked = parsePolicy({ source: text });
    expect(checked.ok).toBe(true);
    expect(text).toContain("# The task-to-tier map of a typical support pipeline");
    const check = await runCliCaptured(["policy", "check", newPolicy]);
    expect(check.code).toBe(0);

    const summarize = await runCliCaptured([
      "eval",
      "summarize",
      "--outcomes",
      join(out, "outcomes.jsonl"),
      "--graders",
      graders,
      "--json",
    ]);
    expect(JSON.parse(summarize.stdout).tasks).toEqual(summary.tasks);
  });

  it("refuses bad inputs with what and where: a graders file, an unknown tier, no key", async () => {
    const folder = await mkdtemp(join(tmpdir(), "rightsize-eval-cli-"));
    const requests = join(folder, "requests.jsonl");
    await writeFile(
      requests,
      requestLines({ taskType: "qa", emulatorTask: "qa", count: 2, difficulty: 0.1 }).join("\n"),
    );
    const graders = join(folder, "graders.yaml");
    await writeFile(graders, "tasks:\n  qa: { grader: { type: regex, pattern: '(' } }\n");
    const badGraders = await runCliCaptured([
      "eval",
      "run",
      "--requests",
      requests,
      "--graders",
      graders,
      "--out",
      folder,
      "--emulator",
    ]);
    expect(badGraders.code).toBe(2);
    expect(badGraders.stderr).toMatch(/regex grader: Invalid regular expression/);
    await writeFile(graders, "tasks:\n  qa: { bar: 2 }\n");
    const badBar = await runCliCaptured([
      "eval",
      "run",
      "--requests",
      requests,
      "--graders",
      graders,
      "--out",
      folder,
      "--emulator",
    ]);
    expect(badBar.stderr).toContain(`--graders: ${graders}: tasks.qa.bar:`);
    const badTier = await runCliCaptured([
      "eval",
      "run",
      "--requests",
      requests,
      "--tiers",
      "haiku,turbo",
      "--out",
      folder,
      "--emulator",
    ]);
    expect(badTier.code).toBe(2);
    expect(badTier.stderr).toContain(
      '--tiers: "turbo" is not a tier of the policy (tiers: haiku, sonnet, opus)',
    );
    const key = process.env.ANTHROPIC_API_KEY;
    delete process.env.ANTHROPIC_API_KEY;
    try {
      const noKey = await runCliCaptured(["eval", "run", "--requests", requests, "--out", folder]);
      expect(noKey.code).toBe(2);
      expect(noKey.stderr).toContain("no API key");
    } finally {
      if (key !== undefined) process.env.ANTHROPIC_API_KEY = key;
    }
  });
});

describe("rightsize eval --policy", () => {
  it("is read as policy check reads it: its bytes, invalid UTF-8 refused at its line and column", async () => {
    const folder = await mkdtemp(join(tmpdir(), "rightsize-eval-policy-"));
    const outcomes = join(folder, "outcomes.jsonl");
    const lines = Array.from({ length: 5 }, (_, index) =>
      JSON.stringify({ id: `q${index}`, taskType: "extraction", models: { haiku: { score: 1 } } }),
    );
    await writeFile(outcomes, `${lines.join("\n")}\n`);
    const source = await readFile(POLICY);
    const policy = join(folder, "latin1.yaml");
    // "extraction" with a Latin-1 byte in it; read as text, only a U+FFFD somewhere could be reported.
    const text = source.toString("utf8").replace("  extraction,\n", "  extracti\u0000n,\n");
    expect(text).toContain("\u0000");
    const bytes = Buffer.from(text, "utf8");
    bytes[bytes.indexOf(0)] = 0xf3;
    await writeFile(policy, bytes);
    const line = text.slice(0, text.indexOf("\u0000")).split("\n").length;
    for (const command of ["summarize", "recommend"]) {
      const run = await runCliCaptured([
        "eval",
        command,
        "--outcomes",
        outcomes,
        "--policy",
        policy,
        ...(command === "recommend" ? ["--out", join(folder, "out.yaml")] : []),
      ]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`--policy: ${policy}:`);
      expect(run.stderr).toMatch(new RegExp(`line ${line}, column \\d+: not valid UTF-8`));
    }
  });
});

describe("rightsize eval --graders", () => {
  it("is read as every file option is: JSON or YAML by extension, otherwise by content", async () => {
    const folder = await mkdtemp(join(tmpdir(), "rightsize-eval-graders-"));
    const outcomes = join(folder, "outcomes.jsonl");
    const lines = Array.from({ length: 20 }, (_, index) =>
      JSON.stringify({
        id: `q${index}`,
        taskType: "qa",
        models: { haiku: { score: 1 }, sonnet: { score: 1 } },
      }),
    );
    await writeFile(outcomes, `${lines.join("\n")}\n`);
    const bars = async (name: string, text: string) => {
      const graders = join(folder, name);
      await writeFile(graders, text);
      const run = await runCliCaptured([
        "eval",
        "summarize",
        "--outcomes",
        outcomes,
        "--graders",
        graders,
        "--json",
      ]);
      expect(run.code).toBe(0);
      return JSON.parse(run.stdout).tasks[0];
    };
    expect(await bars("bars", '{"tasks": {"qa": {"bar": 0.5}}}')).toMatchObject({
      bar: 0.5,
      barSource: "graders",
    });
    expect(await bars("bars.conf", "tasks:\n  qa: { bar: 0.6 }\n")).toMatchObject({ bar: 0.6 });
    expect(await bars("bars.yml", "tasks:\n  qa: { bar: 0.7 }\n")).toMatchObject({ bar: 0.7 });
    const missing = await runCliCaptured([
      "eval",
      "summarize",
      "--outcomes",
      outcomes,
      "--graders",
      join(folder, "none.yaml"),
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--graders: cannot read .*none\.yaml \(ENOENT\)/);
    const help = await runCliCaptured(["eval", "summarize", "--help"]);
    expect(help.stdout).toContain("Files: --graders is JSON or YAML, by extension");
  });
});
