import { seededRandom } from "@rightsize/contracts";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compilePolicy } from "./compile-policy.js";
import { decide } from "./decide.js";
import { parsePolicy } from "./parse-policy.js";
import { createRulesEngine } from "./rules/engine-adapter.js";
import { randomFacts } from "./test-support/random-policy.js";

// Fuzzed policy documents: near-valid structures with random damage. Every one must be either
// rejected with each problem located by a path, or accepted and usable: it compiles, the real
// json-rules-engine accepts its rules, and decide() returns a well-formed decision.
/** Mostly the valid choices, sometimes the damaged ones. */
function mostly(valid: fc.Arbitrary<unknown>, damaged: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof({ arbitrary: valid, weight: 40 }, { arbitrary: damaged, weight: 1 });
}
const factName = mostly(
  fc.constantFrom("taskType", "complexity", "stakes", "tenant"),
  fc.constantFrom("taskTyp", "__proto__", "", "x-y"),
);
const operator = mostly(
  fc.constantFrom("equal", "notEqual"),
  fc.constantFrom("grater", "", "in", "notIn", "greaterThan", "matches", "contains"),
);
const value = mostly(
  fc.constantFrom("classification", "high", null, true),
  fc.oneof(
    fc.constantFrom(0.8, "(", "^a", ["a", "b"], [1, { x: 1 }], { fact: "complexity" }),
    fc.anything({ maxDepth: 2 }),
  ),
);
const leaf = fc.record(
  {
    fact: factName,
    operator,
    value,
    path: mostly(fc.constantFrom("$.a", "$.a[0]"), fc.constantFrom("a.b", "$..x")),
  },
  { requiredKeys: ["fact", "operator", "value"] },
);
const condition = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.record({ all: fc.array(tie("node"), { maxLength: 3 }) }),
    fc.record({ any: fc.array(tie("node"), { maxLength: 3 }) }),
    fc.record({ not: tie("node") }),
  ),
})).node;
const tier = mostly(fc.constantFrom("haiku", "sonnet", "opus"), fc.constantFrom("hiaku", ""));
const ruleBase = {
  name: mostly(fc.uuid(), fc.constantFrom("a", "")),
  priority: mostly(fc.integer({ min: 1, max: 5 }), fc.constantFrom(0, -1, 1.5)),
  reason: mostly(fc.constant("because"), fc.constant("")),
  when: mostly(
    fc.oneof(
      fc.record({ all: fc.array(condition, { maxLength: 3 }) }),
      fc.record({ any: fc.array(condition, { minLength: 1, maxLength: 3 }) }),
    ),
    condition,
  ),
  shadow: fc.boolean(),
};
const routingRule = fc.oneof(
  {
    arbitrary: fc.record(
      { ...ruleBase, tier, escalation: mostly(fc.constant(false), fc.constant("fast")) },
      { requiredKeys: ["name", "reason", "tier"] },
    ),
    weight: 8,
  },
  {
    arbitrary: fc.record(
      { ...ruleBase, reject: fc.constantFrom(true, false), tier },
      { requiredKeys: ["reject"] },
    ),
    weight: 1,
  },
);
const ceilingRule = fc.record(
  { ...ruleBase, maxTokens: mostly(fc.integer({ min: 1, max: 300_000 }), fc.constantFrom(0, "9")) },
  { requiredKeys: ["name", "reason", "maxTokens"] },
);
const batchRule = fc.record({ ...ruleBase }, { requiredKeys: ["name", "reason"] });
const policyDocument = fc.record(
  {
    name: mostly(fc.constant("fuzz"), fc.constant("")),
    version: mostly(fc.oneof(fc.constant("1"), fc.integer()), fc.constant("")),
    mode: mostly(fc.constantFrom("enforce", "shadow"), fc.constant("dry")),
    tiers: mostly(
      fc.constant({ haiku: "claude-haiku-5-5", sonnet: "claude-sonnet-5-5", opus: "claude-opus-5-5" }),
      fc.dictionary(
        fc.constantFrom("haiku", "sonnet", "opus", "hiaku", ""),
        fc.constantFrom("claude-haiku-5-5", "claude-3-haiku-20240307", "gpt-4", { family: "opus" }),
      ),
    ),
    defaultTier: tier,
    fallbackTier: tier,
    routing: fc.array(routingRule, { maxLength: 3 }),
    ceilings: fc.array(ceilingRule, { maxLength: 2 }),
    batch: fc.array(batchRule, { maxLength: 2 }),
    caching: fc.record(
      { enabled: fc.boolean(), ttl: fc.constantFrom("5m", "1h", "2h") },
      { requiredKeys: [] },
    ),
    escalation: fc.record({ chain: fc.array(tier, { maxLength: 3 }) }, { requiredKeys: [] }),
    budgets: fc.record(
      {
        onExhaust: mostly(fc.constantFrom("downgrade", "batch", "reject"), fc.constant("panic")),
        limits: fc.array(
          fc.record({
            scope: fc.constantFrom("tenant", "team"),
            period: fc.constantFrom("day", "week"),
            usd: fc.oneof(fc.double(), fc.constantFrom("12.50", "1e3")),
          }),
          { maxLength: 2 },
        ),
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: ["name", "version", "defaultTier", "fallbackTier"] },
);

describe("fuzzed policy documents", () => {
  it("are rejected with a path for every problem, or accepted and usable", () => {
    const random = seededRandom(7);
    let accepted = 0;
    let rejected = 0;
    fc.assert(
      fc.property(policyDocument, (document) => {
        const result = parsePolicy({ source: document });
        if (!result.ok) {
          rejected++;
          expect(result.error.code).toBe("invalid");
          expect(result.error.issues.length).toBeGreaterThan(0);
          for (const issue of result.error.issues) {
            expect(issue.path).not.toBe("");
            expect(issue.message).not.toBe("");
          }
          return;
        }
        accepted++;
        const compiled = compilePolicy({ policy: result.policy });
        createRulesEngine({ compiled });
        for (let index = 0; index < 10; index++) {
          const decision = decide({ policy: result.policy, facts: randomFacts(random) });
          if (decision.kind === "route") {
            expect(Object.keys(result.policy.tiers)).toContain(decision.tier);
            expect(decision.maxTokens).toBeGreaterThan(0);
          } else
            expect(["budget_exhausted", "no_eligible_model", "policy_rejected"]).toContain(decision.code);
        }
      }),
      { numRuns: 800, seed: 42 },
    );
    // Both outcomes must actually occur, or the fuzzer is not testing anything.
    expect(accepted).toBeGreaterThan(80);
    expect(rejected).toBeGreaterThan(100);
  });

  it("never throws on arbitrary text", () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 200 }),
        fc.constantFrom("yaml", "json") as fc.Arbitrary<"yaml" | "json">,
        (text, format) => {
          const result = parsePolicy({ source: text, format });
          if (!result.ok) expect(["syntax", "invalid"]).toContain(result.error.code);
        },
      ),
      { numRuns: 2000, seed: 43 },
    );
  });
});
