import type { RequestFacts } from "@rightsize/contracts";
import { describe, expect, it } from "vitest";
import { decide } from "./decide.js";
import { decideWithEngine } from "./decide-with-engine.js";
import { defaultPolicy } from "./default-policy.js";

describe("decideWithEngine", () => {
  it("gives decide()'s decision through the real json-rules-engine, faults included", async () => {
    const policy = defaultPolicy();
    const cases: RequestFacts[] = [
      { taskType: "classification", requestedMaxTokens: 5000 },
      { taskType: "legal-review", latencyClass: "async", stablePrefixTokens: 9000 },
      { taskType: "drafting", complexity: "bad" as never },
      {},
    ];
    for (const facts of cases) {
      expect(await decideWithEngine({ policy, facts })).toEqual(decide({ policy, facts }));
    }
    const budget = { exhausted: true, scope: "tenant" };
    expect(await decideWithEngine({ policy, facts: { taskType: "analysis" }, budget })).toEqual(
      decide({ policy, facts: { taskType: "analysis" }, budget }),
    );
  });
});
