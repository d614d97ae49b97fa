import { describe, expect, it } from "vitest";
import { apgr, cpt, pointAtQuality, routingCurve } from "./routing-curve.js";

// Four requests. Weak passes 1 and 2; strong passes all but 4. Weak quality 2/4, strong 3/4.
// Only request 3 gains from the strong model (+1); request 4 fails on both; 1 and 2 gain nothing.
const items = [
  { score: 0.9, weak: 1, strong: 1, weakCost: 10n, strongCost: 50n }, // 1
  { score: 0.1, weak: 1, strong: 1, weakCost: 10n, strongCost: 50n }, // 2
  { score: 0.7, weak: 0, strong: 1, weakCost: 10n, strongCost: 50n }, // 3
  { score: 0.3, weak: 0, strong: 0, weakCost: 10n, strongCost: 50n }, // 4
];

describe("routing metrics, by hand", () => {
  it("PGR at each share of strong calls", () => {
    // Order by score: 1 (0.9), 3 (0.7), 4 (0.3), 2 (0.1). Gap = 3 - 2 = 1.
    // k=0: 2/4 → PGR 0; k=1 (+req 1, gain 0): 0; k=2 (+req 3, gain 1): 1; k=3: 1; k=4: 1.
    const points = routingCurve(items);
    expect(points.map((point) => point.pgr)).toEqual([0, 0, 1, 1, 1]);
    expect(points.map((point) => point.quality)).toEqual([0.5, 0.5, 0.75, 0.75, 0.75]);
    // Costs: all weak 40; each strong call adds 40.
    expect(points.map((point) => point.cost)).toEqual([40n, 80n, 120n, 160n, 200n]);
  });

  it("APGR is the trapezoid area, CPT the first share reaching the target", () => {
    const points = routingCurve(items);
    // Segments of width 1/4: (0+0)/2, (0+1)/2, (1+1)/2, (1+1)/2 → (0 + 0.5 + 1 + 1)/4 = 0.625.
    expect(apgr(points)).toBeCloseTo(0.625, 12);
    expect(cpt(points, 0.5)).toBe(0.5);
    expect(cpt(points, 0.8)).toBe(0.5);
    // 95% of strong quality 0.75 = 0.7125: first reached with 2 strong calls, cost 120 of 200.
    expect(pointAtQuality(points, 0.95)).toMatchObject({ strongCalls: 2, cost: 120n });
  });

  it("a constant score is random routing: PGR = share, APGR 0.5; the oracle routes the gain first", () => {
    const random = routingCurve(items.map((item) => ({ ...item, score: 0 })));
    expect(random.map((point) => point.pgr)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(apgr(random)).toBeCloseTo(0.5, 12);
    expect(cpt(random, 0.5)).toBe(0.5);
    expect(cpt(random, 0.8)).toBe(1);
    // Expected cost of a random half: 40 + 2 x 40 = 120.
    expect(random[2]!.cost).toBe(120n);
    const oracle = routingCurve(items.map((item) => ({ ...item, score: item.strong - item.weak })));
    expect(oracle.map((point) => point.pgr)).toEqual([0, 1, 1, 1, 1]);
    expect(apgr(oracle)).toBeCloseTo(0.875, 12);
    expect(cpt(oracle, 0.8)).toBe(0.25);
  });

  it("takes a partly routed tie group in expectation", () => {
    // Requests 3 and 4 tie at 0.5 behind request 1: one strong call among them recovers half of 3's gain.
    const tied = routingCurve([
      items[0]!,
      items[1]!,
      { ...items[2]!, score: 0.5 },
      { ...items[3]!, score: 0.5 },
    ]);
    expect(tied.map((point) => point.pgr)).toEqual([0, 0, 0.5, 1, 1]);
  });

  it("refuses requests with no gap between the models", () => {
    expect(() => routingCurve([{ score: 1, weak: 1, strong: 1 }])).toThrow(/no gap to recover/);
    expect(routingCurve([{ score: 1, weak: 0, strong: 1 }]).map((point) => point.cost)).toEqual([null, null]);
  });
});
