import { describe, expect, it } from "vitest";
import { closestMatch, closestNames, didYouMean, editDistance } from "./closest-match.js";
import { seededRandom } from "./seeded-random.js";

describe("closest names", () => {
  it("computes Levenshtein distance", () => {
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("same", "same")).toBe(0);
  });

  it("suggests a plausible typo and nothing for a stranger", () => {
    expect(closestMatch("grater", ["greaterThan", "lessThan", "equal"])).toBe("greaterThan");
    expect(didYouMean("tenat", ["tenant", "feature"])).toBe(' (did you mean "tenant"?)');
    expect(closestMatch("zzzzzz", ["tenant", "feature"])).toBeUndefined();
  });

  it("ranks names that contain the input first", () => {
    expect(
      closestNames({
        name: "haiku",
        candidates: ["claude-opus-4-7", "claude-haiku-5-5", "claude-haiku-4-5"],
        limit: 2,
      }),
    ).toEqual(["claude-haiku-4-5", "claude-haiku-5-5"]);
  });
});

describe("seededRandom", () => {
  it("is mulberry32: reproducible and uniform in [0, 1)", () => {
    const first = seededRandom(42);
    const second = seededRandom(42);
    const values = Array.from({ length: 1000 }, () => first());
    expect(values).toEqual(Array.from({ length: 1000 }, () => second()));
    expect(values.every((value) => value >= 0 && value < 1)).toBe(true);
    expect(values.reduce((sum, value) => sum + value, 0) / values.length).toBeCloseTo(0.5, 1);
    // The reference value of mulberry32(42)'s first draw.
    expect(seededRandom(42)()).toBe(0.6011037519201636);
  });
});
