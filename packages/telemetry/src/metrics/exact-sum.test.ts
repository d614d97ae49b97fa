import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ExactSum } from "./exact-sum.js";

describe("ExactSum", () => {
  it("equals the bigint sum of any integers, however large", () => {
    const amount = fc.oneof(
      fc.integer({ min: -1_000_000, max: 1_000_000 }),
      fc.maxSafeInteger(),
      fc.constantFrom(2 ** 53, -(2 ** 53), 2 ** 60, 1e20, Number.MAX_SAFE_INTEGER, 1),
    );
    fc.assert(
      fc.property(fc.array(amount, { maxLength: 60 }), (amounts) => {
        const sum = new ExactSum();
        for (const value of amounts) sum.add(value);
        expect(sum.value).toBe(amounts.reduce((total, value) => total + BigInt(value), 0n));
      }),
    );
  });

  it("throws on a fractional amount and keeps the sum", () => {
    const sum = new ExactSum();
    sum.add(2 ** 53 - 1);
    expect(() => sum.add(0.5)).toThrow(RangeError);
    expect(() => sum.add(Number.NaN)).toThrow(RangeError);
    expect(sum.value).toBe(2n ** 53n - 1n);
    const nearLimit = new ExactSum();
    nearLimit.add(2 ** 52 + 1);
    // 2^52 + 1.5 rounds to the integer 2^52 + 2 in doubles: still refused.
    expect(() => nearLimit.add(0.5)).toThrow(RangeError);
    expect(nearLimit.value).toBe(2n ** 52n + 1n);
  });
});
