import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { wilsonInterval, Z_95 } from "./wilson-interval.js";

describe("wilsonInterval", () => {
  // Hand-computed: centre = (p + z²/2n) / (1 + z²/n), half-width = z·√(p(1−p)/n + z²/4n²) / (1 + z²/n).
  it("matches hand-computed cases", () => {
    // 95/100: p = .95, z² = 3.841459; centre = (.95 + .019207)/1.038415 = .933326;
    // half = 1.959964·√(.000475 + .000096037)/1.038415 = .045102 → [.88822, .97843]
    const ninetyFive = wilsonInterval({ passes: 95, n: 100 });
    expect(ninetyFive.lower).toBeCloseTo(0.88822, 4);
    expect(ninetyFive.upper).toBeCloseTo(0.97843, 4);
    // 0/10: lower 0, upper = z²/n / (1 + z²/n) = .384146/1.384146 = .27753
    const none = wilsonInterval({ passes: 0, n: 10 });
    expect(none.lower).toBe(0);
    expect(none.upper).toBeCloseTo(0.27753, 4);
    // 10/10: the mirror image
    const all = wilsonInterval({ passes: 10, n: 10 });
    expect(all.upper).toBe(1);
    expect(all.lower).toBeCloseTo(0.72247, 4);
    // 1/2: centre .5, half = 1.959964·√(.125 + .240091)/2.920730 = .405446 → [.094531, .905469]
    const half = wilsonInterval({ passes: 1, n: 2 });
    expect(half.lower).toBeCloseTo(0.094531, 5);
    expect(half.upper).toBeCloseTo(0.905469, 5);
    // 412 samples at 97.3% (401 passes): the example line, lower bound ≈ 95.3%
    expect(wilsonInterval({ passes: 401, n: 412 }).lower).toBeCloseTo(0.9528, 3);
  });

  it("is the whole unit interval with no samples, and refuses impossible counts", () => {
    expect(wilsonInterval({ passes: 0, n: 0 })).toEqual({ lower: 0, upper: 1 });
    expect(() => wilsonInterval({ passes: 3, n: 2 })).toThrow(RangeError);
    expect(() => wilsonInterval({ passes: 1.5, n: 2 })).toThrow(RangeError);
  });

  it("contains the observed rate, stays in [0, 1], narrows with n and mirrors at n − passes", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n, share) => {
          const passes = Math.round(share * n);
          const interval = wilsonInterval({ passes, n });
          const rate = passes / n;
          expect(interval.lower).toBeGreaterThanOrEqual(0);
          expect(interval.upper).toBeLessThanOrEqual(1);
          expect(interval.lower).toBeLessThanOrEqual(rate + 1e-12);
          expect(interval.upper).toBeGreaterThanOrEqual(rate - 1e-12);
          const mirror = wilsonInterval({ passes: n - passes, n });
          expect(mirror.lower).toBeCloseTo(1 - interval.upper, 10);
          const wider = wilsonInterval({ passes: passes * 4, n: n * 4 });
          expect(wider.upper - wider.lower).toBeLessThanOrEqual(interval.upper - interval.lower + 1e-12);
        },
      ),
    );
    expect(wilsonInterval({ passes: 50, n: 100, z: Z_95 })).toEqual(wilsonInterval({ passes: 50, n: 100 }));
  });
});
