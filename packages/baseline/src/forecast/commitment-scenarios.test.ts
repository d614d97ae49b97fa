import { usdToPico } from "@rightsize/contracts";
import { describe, expect, it } from "vitest";
import {
  cheapestWithinRisk,
  priceRamped,
  priceScenario,
  roundSignificant,
  scenarioLevels,
} from "./commitment-scenarios.js";
import { type DiscountSchedule, discountAt, parseDiscountSchedule } from "./discount-schedule.js";

const usd = (amount: number) => usdToPico(amount);
/** Three simulated years at list: $80, $100, $120 (each equally likely). */
const samples = [usd(80), usd(100), usd(120)];
/** $0: 0%, from $50: 10%, from $90: 20%. */
const schedule = (overage: "list" | "discounted"): DiscountSchedule => ({
  source: "test",
  assumed: false,
  overage,
  tiers: [
    { minCommitPico: 0n, discountBasisPoints: 0 },
    { minCommitPico: usd(50), discountBasisPoints: 1000 },
    { minCommitPico: usd(90), discountBasisPoints: 2000 },
  ],
});

describe("priceScenario (golden figures by hand)", () => {
  it("prices pay-as-you-go as the mean list spend, all of it overage, nothing forfeited", () => {
    // C = 0, d = 0: U = S; net = mean(80, 100, 120) = 100.
    const scenario = priceScenario({ samples, commitPico: 0n, schedule: schedule("discounted") });
    expect(scenario).toMatchObject({
      discountBasisPoints: 0,
      expectedNetPico: usd(100),
      expectedForfeitPico: 0n,
      expectedOveragePico: usd(100),
      shortfallProbability: 0,
      breakEvenUtilization: 1,
    });
  });

  it("commits $72 at 10%: overage at the discounted rate", () => {
    // U = 0.9 S = 72, 90, 108. Forfeit: none (72 meets 72). Overage: 0, 18, 36 -> mean 18.
    // Net = 72 + 18 = 90. Break-even utilization 1 - 0.10 = 0.9.
    const scenario = priceScenario({ samples, commitPico: usd(72), schedule: schedule("discounted") });
    expect(scenario).toMatchObject({
      discountBasisPoints: 1000,
      expectedNetPico: usd(90),
      expectedForfeitPico: 0n,
      expectedOveragePico: usd(18),
      shortfallProbability: 0,
      breakEvenUtilization: 0.9,
    });
  });

  it("commits $72 at 10%: overage at list", () => {
    // $72 covers 72 / 0.9 = $80 of list usage. Overage at list: 0, 20, 40 -> mean 20. Net 92.
    const scenario = priceScenario({ samples, commitPico: usd(72), schedule: schedule("list") });
    expect(scenario.expectedOveragePico).toBe(usd(20));
    expect(scenario.expectedNetPico).toBe(usd(92));
  });

  it("commits $90 at 20%: forfeits when usage falls short", () => {
    // U = 0.8 S = 64, 80, 96. Forfeit: 26, 10, 0 -> mean 12. Overage (discounted): 0, 0, 6 -> 2.
    // Net = 90 + 2 = 92. Short in 2 of 3 simulations.
    const scenario = priceScenario({ samples, commitPico: usd(90), schedule: schedule("discounted") });
    expect(scenario).toMatchObject({
      discountBasisPoints: 2000,
      expectedNetPico: usd(92),
      expectedForfeitPico: usd(12),
      expectedOveragePico: usd(2),
      shortfallProbability: 2 / 3,
      breakEvenUtilization: 0.8,
    });
  });

  it("picks the cheapest level within the risk, pay-as-you-go always qualifying", () => {
    const priced = [0, 72, 90].map((amount) =>
      priceScenario({ samples, commitPico: usd(amount), schedule: schedule("discounted") }),
    );
    // Nets 100, 90, 92; shortfall 0, 0, 2/3.
    expect(cheapestWithinRisk(priced, 0.1)?.commitPico).toBe(usd(72));
    expect(cheapestWithinRisk(priced, 1)?.commitPico).toBe(usd(72));
    expect(cheapestWithinRisk([priced[0]!, priced[2]!], 0.5)?.commitPico).toBe(0n);
  });
});

describe("priceRamped (golden figures by hand)", () => {
  it("commits each quarter's low spend and settles quarter by quarter", () => {
    // Two quarters, three simulations: Q1 = 20, 25, 30; Q2 = 30, 35, 40 (list).
    // Risk 1/3: nearest rank from below at floor(1/3 x 3) = index 1 -> Q1 25, Q2 35; list total 60.
    // Discounted total at 10% = 54 >= 50 (reaches the 10% tier); at 20% = 48 < 90. So d = 10%:
    // commitments 22.5 and 31.5, total 54.
    // U Q1 = 18, 22.5, 27 -> forfeit 4.5, 0, 0; overage (discounted) 0, 0, 4.5.
    // U Q2 = 27, 31.5, 36 -> forfeit 4.5, 0, 0; overage 0, 0, 4.5.
    // Expected forfeit 9 / 3 = 3; overage 9 / 3 = 3; net = 54 + 3 = 57; short in 1 of 3.
    const ramped = priceRamped({
      quarterSamples: [
        [usd(20), usd(25), usd(30)],
        [usd(30), usd(35), usd(40)],
      ],
      schedule: schedule("discounted"),
      risk: 1 / 3,
    });
    expect(ramped.quarters.map((quarter) => quarter.commitPico)).toEqual([usd(22.5), usd(31.5)]);
    expect(ramped).toMatchObject({
      commitPico: usd(54),
      discountBasisPoints: 1000,
      expectedForfeitPico: usd(3),
      expectedOveragePico: usd(3),
      expectedNetPico: usd(57),
      shortfallProbability: 1 / 3,
    });
  });
});

describe("commitment levels and discount schedules", () => {
  it("grids levels to 3 significant figures and adds each tier's minimum", () => {
    const levels = scenarioLevels({ samples, schedule: schedule("list"), steps: 4 });
    // 120 x 1/4, 2/4, 3/4, 4/4 = 30, 60, 90, 120; tiers at 50 and 90.
    expect(levels).toEqual([0n, usd(30), usd(50), usd(60), usd(90), usd(120)]);
    expect(roundSignificant(usd(123_456))).toBe(usd(123_000));
  });

  it("reads a schedule file, adding a 0% tier from $0, and names what is wrong", () => {
    const parsed = parseDiscountSchedule(
      {
        source: "quote 2026-09",
        overage: "discounted",
        tiers: [{ minCommitUsd: "100000", discountPct: 8.5 }],
      },
      "quote.yaml",
    );
    expect(parsed.tiers).toEqual([
      { minCommitPico: 0n, discountBasisPoints: 0 },
      { minCommitPico: usd(100_000), discountBasisPoints: 850 },
    ]);
    expect(discountAt(parsed, usd(99_999))).toBe(0);
    expect(discountAt(parsed, usd(100_000))).toBe(850);
    expect(() =>
      parseDiscountSchedule({ tiers: [{ minCommitUsd: 5, discountPct: 120 }] }, "bad.json"),
    ).toThrow(/discount schedule bad\.json: tiers\.0\.discountPct/);
  });
});
