import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parsePolicy } from "./parse-policy.js";
import { parsePolicyCases, runPolicyCases } from "./policy-cases.js";
import { PolicyError } from "./policy-error.js";

const example = (file: string) => readFileSync(new URL(`../examples/${file}`, import.meta.url), "utf8");

describe("policy cases", () => {
  it.each(["support-pipeline", "escalate-on-complexity", "batch-async"])(
    "examples/%s passes its cases",
    (name) => {
      const parsed = parsePolicy({ source: example(`${name}.yaml`) });
      if (!parsed.ok) throw parsed.error;
      const cases = parsePolicyCases({ source: example(`${name}.cases.yaml`) });
      const failures = runPolicyCases({ policy: parsed.policy, cases }).filter((result) => !result.passed);
      expect(failures.map((failure) => [failure.name, failure.mismatches])).toEqual([]);
    },
  );

  it("reports each mismatch with its path, expected and actual value", () => {
    const parsed = parsePolicy({ source: example("support-pipeline.yaml") });
    if (!parsed.ok) throw parsed.error;
    const cases = parsePolicyCases({
      source:
        "cases:\n  - name: wrong\n    facts: { taskType: classification }\n    expect: { tier: opus, maxTokens: 256, escalation: [{ tier: opus }] }\n",
    });
    const [result] = runPolicyCases({ policy: parsed.policy, cases });
    expect(result?.passed).toBe(false);
    expect(result?.mismatches).toEqual([
      { path: "tier", expected: "opus", actual: "haiku" },
      {
        path: "escalation",
        expected: [{ tier: "opus" }],
        actual: result?.decision.kind === "route" ? result.decision.escalation : null,
      },
    ]);
  });

  it("rejects a malformed cases file with paths", () => {
    expect(() => parsePolicyCases({ source: "cases:\n  - name: x\n", origin: "c.yaml" })).toThrow(
      PolicyError,
    );
    expect(() => parsePolicyCases({ source: "cases:\n  - name: x\n", origin: "c.yaml" })).toThrow(
      "c.yaml: cases[0].expect: Invalid input: expected record, received undefined",
    );
  });
});
