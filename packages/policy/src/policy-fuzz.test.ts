import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parsePolicy } from "./parse-policy.js";
import { type FuzzVerdict, fuzzedPolicyFile, judgeFuzzedPolicy } from "./test-support/policy-fuzz.js";

// The fuzz suite of issue 16 (generators and oracle in test-support/policy-fuzz.ts; the longer run
// and its counts: scripts/fuzz-policies.ts). Seeded and bounded in count: the same 200 cases on
// every machine, so the counts below are the same everywhere (a time limit let a loaded machine
// run too few to meet them); a loaded machine takes longer, hence the generous timeout.
describe("fuzzed policy files", () => {
  it("are refused with a path or line, or accepted and safe (decide, trial bound, reload with cases)", () => {
    const counts = { refused: 0, accepted: 0 };
    const violations: string[] = [];
    fc.assert(
      fc.property(fuzzedPolicyFile, (file) => {
        const verdict: FuzzVerdict = judgeFuzzedPolicy(file);
        if (verdict.outcome === "violation") violations.push(`${verdict.reason}\n  ${file.label}`);
        else counts[verdict.outcome]++;
        expect(verdict.outcome === "violation" ? `${verdict.reason} — ${file.label}` : "ok").toBe("ok");
      }),
      { numRuns: 200, seed: 1616 },
    );
    expect(violations).toEqual([]);
    // Both outcomes must occur, or the fuzzer is not testing anything.
    expect(counts.accepted).toBeGreaterThan(20);
    expect(counts.refused).toBeGreaterThan(50);
  }, 180_000);

  it("never throws on arbitrary text or bytes", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 200 }), fc.uint8Array({ maxLength: 200 })),
        fc.constantFrom("yaml", "json") as fc.Arbitrary<"yaml" | "json">,
        (source, format) => {
          const result = parsePolicy({ source, format });
          if (!result.ok) expect(["syntax", "invalid"]).toContain(result.error.code);
        },
      ),
      { numRuns: 2000, seed: 43 },
    );
  });
});
