import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { runCliCaptured } from "../test-support/run-cli-captured.js";

const run = (...args: string[]) => runCliCaptured(["policy", ...args]);

const examples = fileURLToPath(new URL("../../../../packages/policy/examples/", import.meta.url));
const example = (name: string) => join(examples, name);
const directory = mkdtempSync(join(tmpdir(), "rightsize-policy-"));
const file = (name: string, text: string) => {
  const path = join(directory, name);
  writeFileSync(path, text);
  return path;
};
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const broken = `name: b
version: "1"
defaultTier: sonnet
fallbackTier: sonnet
routing:
  - { name: a, reason: r, tier: haiku, when: { all: [{ fact: complexity, operator: grater, value: 0.5 }] } }
`;

describe("rightsize policy check", () => {
  it("accepts an example policy and names its tiers' models", async () => {
    const result = await run("check", example("support-pipeline.yaml"));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("ok — policy support-pipeline 1.1.0 (enforce)");
    expect(result.stdout).toContain(
      "haiku → claude-haiku-5-5, sonnet → claude-sonnet-5-5, opus → claude-opus-5-5",
    );
  });

  it("exits 1 and names the path of each problem; --json prints only JSON", async () => {
    const path = file("broken.yaml", broken);
    const text = await run("check", path);
    expect(text.code).toBe(1);
    expect(text.stderr).toContain(
      'routing[0].when.all[0].operator (line 6, column 84): unknown operator "grater" (did you mean "greaterThan"?)',
    );
    const json = await run("check", path, "--json");
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).error.issues[0].path).toBe("routing[0].when.all[0].operator");
  });

  it("exits 2 for a missing file", async () => {
    expect((await run("check", join(directory, "none.yaml"))).code).toBe(2);
  });
});

describe("rightsize policy explain", () => {
  it("prints the decision, the rules that produced it and the reasons", async () => {
    const result = await run(
      "explain",
      example("support-pipeline.yaml"),
      "--facts",
      '{"taskType":"classification","requestedMaxTokens":2000}',
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("decision: route → haiku (claude-haiku-5-5), max_tokens 256, realtime");
    expect(result.stdout).toMatch(/routine-on-haiku\s+routing\s+10\s+yes\s+applied/);
    expect(result.stdout).toContain("short-labels: requested max_tokens 2000 capped to 256");
  });

  it("reads facts from a file, applies budget exhaustion and prints JSON", async () => {
    const facts = file("facts.json", JSON.stringify({ tenant: "acme" }));
    const result = await run(
      "explain",
      example("batch-async.yaml"),
      "--facts",
      `@${facts}`,
      "--budget-exhausted",
      "tenant",
      "--json",
    );
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.decision).toMatchObject({ kind: "route", mode: "batch" });
    expect(output.rules.map((rule: { name: string }) => rule.name)).toEqual([
      "async-to-batch",
      "offline-features",
    ]);
  });

  it("derives complexity and task type from a request body", async () => {
    const request = file(
      "request.json",
      JSON.stringify({
        max_tokens: 900,
        messages: [{ role: "user", content: "Summarize this support conversation: a short summary please." }],
      }),
    );
    const output = JSON.parse(
      (await run("explain", example("support-pipeline.yaml"), "--request", request, "--json")).stdout,
    );
    expect(output.facts).toMatchObject({ taskType: "summarization", requestedMaxTokens: 900 });
    expect(output.decision).toMatchObject({ tier: "sonnet", maxTokens: 900 });
  });

  it("rejects facts that are not a JSON object (exit 2)", async () => {
    expect((await run("explain", example("support-pipeline.yaml"), "--facts", "[1]")).code).toBe(2);
  });
});

describe("rightsize policy test", () => {
  it.each(["support-pipeline", "escalate-on-complexity", "batch-async"])(
    "passes examples/%s cases",
    async (name) => {
      const result = await run("test", example(`${name}.yaml`), example(`${name}.cases.yaml`));
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/\d+ passed, 0 failed/);
    },
  );

  it("exits 1 with a diff when a case fails", async () => {
    const cases = file(
      "cases.yaml",
      "cases:\n  - name: wrong tier\n    facts: { taskType: detection }\n    expect: { tier: opus }\n",
    );
    const result = await run("test", example("support-pipeline.yaml"), cases);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('✗ wrong tier\n    tier: expected "opus", got "haiku"');
    expect(result.stderr).toContain("1 of 1 case(s) failed");
  });
});

describe("rightsize policy lint-prompt", () => {
  const staticText = "Follow the Acme support handbook in every answer. ".repeat(120);
  it("flags variable content ahead of static content across JSON lines, exit 1", async () => {
    const lines = ["ann", "bo"].map((user) =>
      JSON.stringify({ system: `User: ${user}\n${staticText}`, messages: [{ role: "user", content: "hi" }] }),
    );
    const result = await run("lint-prompt", file("requests.jsonl", lines.join("\n")), "--json");
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).findings[0]).toMatchObject({
      rule: "variable-before-static",
      path: "system",
    });
  });

  it("passes a well-ordered prompt", async () => {
    const body = {
      system: staticText,
      messages: [{ role: "user", content: "User: ann. Where is my parcel?" }],
    };
    const result = await run("lint-prompt", file("ok.json", JSON.stringify(body)));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("1 request(s), no findings");
  });
});
