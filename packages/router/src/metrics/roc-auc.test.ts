import { describe, expect, it } from "vitest";
import { rocAuc } from "./roc-auc.js";

describe("rocAuc", () => {
  it("matches hand-computed cases", () => {
    // Perfect ranking, reversed ranking, and one swapped pair of 2 x 2 (3 of 4 pairs right).
    expect(rocAuc({ scores: [0.1, 0.2, 0.8, 0.9], labels: [0, 0, 1, 1] })).toBe(1);
    expect(rocAuc({ scores: [0.9, 0.8, 0.2, 0.1], labels: [0, 0, 1, 1] })).toBe(0);
    expect(rocAuc({ scores: [0.1, 0.6, 0.5, 0.9], labels: [0, 0, 1, 1] })).toBe(0.75);
    // A tie between a positive and a negative counts one half: pairs (p=.5 vs n=.5) 0.5, rest 1 → 3.5/4.
    expect(rocAuc({ scores: [0.1, 0.5, 0.5, 0.9], labels: [0, 0, 1, 1] })).toBe(0.875);
    expect(rocAuc({ scores: [1, 1, 1], labels: [0, 1, 1] })).toBe(0.5);
    expect(rocAuc({ scores: [1, 2], labels: [1, 1] })).toBeNaN();
  });
});
