import { describe, expect, it } from "vitest";
import { commitmentAt } from "./commitment-levels.js";

describe("commitmentAt", () => {
  const samples = [80, 90, 100, 110, 120];

  it("commits at the median for P50, with forfeit and overage computed by hand", () => {
    const level = commitmentAt({ samples, confidence: 0.5 });
    expect(level.amount).toBe(100);
    // Shortfalls 20 and 10 over five outcomes; overages 10 and 20.
    expect(level.forfeitProbability).toBe(0.4);
    expect(level.expectedForfeit).toBe(6);
    expect(level.expectedOverage).toBe(6);
  });

  it("commits lower for higher confidence: P90 at the 10th percentile", () => {
    const level = commitmentAt({ samples, confidence: 0.9 });
    // Linear interpolation at position 0.4 between 80 and 90.
    expect(level.amount).toBeCloseTo(84, 10);
    expect(level.forfeitProbability).toBe(0.2);
    expect(level.expectedForfeit).toBeCloseTo(4 / 5, 10);
    expect(level.expectedOverage).toBeCloseTo((6 + 16 + 26 + 36) / 5, 10);
  });
});
