import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { digest, normalFrom, unitFrom } from "./hash.js";

describe("hashing", () => {
  it("digests are stable, 16 hex characters, and keep part boundaries", () => {
    expect(digest("ab", "c")).toMatch(/^[0-9a-f]{16}$/);
    expect(digest("ab", "c")).toBe(digest("ab", "c"));
    expect(digest("ab", "c")).not.toBe(digest("a", "bc"));
    fc.assert(
      fc.property(fc.string(), fc.string(), (left, right) => {
        fc.pre(left !== right);
        expect(digest(left)).not.toBe(digest(right));
      }),
    );
  });

  it("unit draws fall in [0, 1) and normal draws have about zero mean and unit spread", () => {
    const draws = Array.from({ length: 4000 }, (_, index) => normalFrom("seed", index));
    const mean = draws.reduce((sum, value) => sum + value, 0) / draws.length;
    const variance = draws.reduce((sum, value) => sum + (value - mean) ** 2, 0) / draws.length;
    expect(Math.abs(mean)).toBeLessThan(0.06);
    expect(variance).toBeGreaterThan(0.9);
    expect(variance).toBeLessThan(1.1);
    for (let index = 0; index < 1000; index++) {
      const value = unitFrom(index, "x");
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    }
  });
});
