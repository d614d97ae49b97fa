import { seededRandom } from "@rightsize/contracts";
import { describe, expect, it } from "vitest";
import { parsePolicy } from "../parse-policy.js";
import { compareWithEngine } from "../test-support/differential.js";
import { randomPolicy } from "../test-support/random-policy.js";

// Part 2 of the differential test: 14 random policies x 5,000 vectors = 70,000 (100,000 with
// part 1), covering nested all/any/not, JSONPath facts, fact references, matches, ill-typed
// comparisons (numeric operators on strings like "12abc"), shadow rules and rejections.
describe("compiled rules agree with json-rules-engine on random policies", () => {
  const random = seededRandom(20261122);
  const policies = Array.from({ length: 14 }, (_, index) => randomPolicy(random, index));
  it.each(policies.map((policy, index) => [index, policy] as const))(
    "random policy %i, 5,000 random fact vectors",
    async (index, source) => {
      const result = parsePolicy({ source });
      if (!result.ok) throw result.error;
      const { matched, engineRuns } = await compareWithEngine({
        policy: result.policy,
        vectors: 5_000,
        seed: 1000 + index,
      });
      expect(matched).toBeGreaterThan(500);
      console.log(`random policy ${index}: ${engineRuns} distinct engine runs`);
    },
    60_000,
  );
});
