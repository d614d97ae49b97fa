import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parsePolicy } from "../parse-policy.js";
import { compareWithEngine } from "../test-support/differential.js";

// Part 1 of the differential test (30,000 vectors; part 2 in differential-random.test.ts
// brings the total to 100,000): compiled predicates vs the real json-rules-engine.
describe("compiled rules agree with json-rules-engine on the example policies", () => {
  it.each(["support-pipeline", "escalate-on-complexity", "batch-async"])(
    "examples/%s.yaml, 10,000 random fact vectors",
    async (name) => {
      const result = parsePolicy({
        source: readFileSync(new URL(`../../examples/${name}.yaml`, import.meta.url), "utf8"),
      });
      if (!result.ok) throw result.error;
      const { matched, routes, engineRuns } = await compareWithEngine({
        policy: result.policy,
        vectors: 10_000,
        seed: name.length,
      });
      // The generator must exercise the rules, not only the defaults.
      expect(matched).toBeGreaterThan(2_000);
      expect(routes).toBeGreaterThan(100);
      console.log(`${name}: ${engineRuns} distinct engine runs`);
    },
    60_000,
  );
});
