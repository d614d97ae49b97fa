import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildWaterfall, type StageTotals } from "./waterfall.js";

const pico = fc.bigInt({ min: 0n, max: 10n ** 21n });
const totalsArbitrary: fc.Arbitrary<StageTotals> = fc.record({
  actual: pico,
  baseline: pico,
  routed: pico,
  cached: pico,
  batched: pico,
  optimizedRequests: pico,
  escalatedAway: pico,
  cachingAssumedShare: fc.double({ min: 0, max: 1, noNaN: true }),
  ceilingCohorts: fc.nat({ max: 10_000 }),
  baselineCounterfactual: fc.boolean(),
});

const amount = (step: { amount: { pico: string } }) => BigInt(step.amount.pico);

describe("buildWaterfall", () => {
  it("calls the baseline exact only when every request already ran on the baseline model", () => {
    fc.assert(
      fc.property(totalsArbitrary, (totals) => {
        expect(buildWaterfall(totals, { tokenizerConverted: true })[0]?.estimated).toBe(
          totals.baselineCounterfactual,
        );
      }),
    );
  });

  it("steps from the baseline to the optimized total exactly: the deltas sum to optimized − baseline", () => {
    fc.assert(
      fc.property(totalsArbitrary, (totals) => {
        const steps = buildWaterfall(totals, { tokenizerConverted: true });
        const baseline = steps[0]!;
        const optimized = steps.at(-1)!;
        const deltas = steps.filter((step) => step.kind === "delta");
        expect(amount(baseline)).toBe(totals.baseline);
        expect(amount(optimized)).toBe(totals.optimizedRequests + totals.escalatedAway);
        expect(deltas.reduce((sum, step) => sum + amount(step), 0n)).toBe(
          amount(optimized) - amount(baseline),
        );
        // Each delta is the difference of two exact stage totals, in lever order.
        expect(deltas.map(amount)).toEqual([
          totals.routed - totals.baseline,
          totals.cached - totals.routed,
          totals.batched - totals.cached,
          totals.optimizedRequests - totals.batched,
          totals.escalatedAway,
        ]);
      }),
    );
  });

  it("carries a running total: each step's cumulative is the previous one plus its amount", () => {
    fc.assert(
      fc.property(totalsArbitrary, (totals) => {
        const steps = buildWaterfall(totals, { tokenizerConverted: true });
        let level = BigInt(steps[0]!.cumulative.pico);
        for (const step of steps.slice(1, -1)) {
          level += amount(step);
          expect(BigInt(step.cumulative.pico)).toBe(level);
        }
        expect(BigInt(steps.at(-1)!.cumulative.pico)).toBe(level);
      }),
    );
  });
});
