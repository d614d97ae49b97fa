import { divideRounded, picoToDecimalUsd } from "@rightsize/contracts";
import { commitmentAt } from "../forecast/commitment-levels.js";
import {
  cheapestWithinRisk,
  priceRamped,
  priceScenario,
  roundSignificant,
  type ScenarioFigures,
  scenarioLevels,
} from "../forecast/commitment-scenarios.js";
import type { DiscountSchedule } from "../forecast/discount-schedule.js";
import { fitDailyModel } from "../forecast/fit-daily-model.js";
import { mean, quantile, simulateForecast } from "../forecast/simulate-forecast.js";
import { addDays, daysBetween, nextQuarter, type Period } from "../period.js";
import type {
  Commitment,
  CommitmentScenario,
  Forecast,
  ForecastValue,
  ReportFigures,
} from "../report-figures.js";
import { weekdayOf } from "./iso-week.js";
import { moneyFromUsd } from "./money.js";

/** Commitment levels shown, and the one recommended (spend reaches it with 90% probability). */
export const COMMITMENT_LEVELS = [0.5, 0.7, 0.9] as const;
export const RECOMMENDED_LEVEL = 0.9;

function band(samples: Float64Array): ForecastValue {
  const sorted = samples.slice().sort();
  return {
    point: moneyFromUsd(mean(samples)),
    p80Low: moneyFromUsd(quantile(sorted, 0.1)),
    p80High: moneyFromUsd(quantile(sorted, 0.9)),
    p95Low: moneyFromUsd(quantile(sorted, 0.025)),
    p95High: moneyFromUsd(quantile(sorted, 0.975)),
  };
}

/**
 * Forecast the next four quarters after the period from the daily series (optimized and
 * current), and derive the commitment table from the optimized simulation's annual totals.
 */
export function forecastAndCommit(options: {
  daily: ReportFigures["daily"];
  period: Period;
  /** contracted / list of the optimized spend, when contracted rates were given. */
  contractedRatio: number | null;
  /** What a commitment buys (default: the built-in schedule, an assumption). */
  discounts: DiscountSchedule;
  /** Highest shortfall probability the chosen commitment may have. */
  maxShortfall: number;
  /**
   * Today's actual spend (list, pico) over its observed days: at this daily rate over the
   * forecast's four quarters, the commitment made without optimizing.
   */
  current: { observedPico: bigint; observedDays: number };
  /** Scale the optimized daily series by `factor` before the fit (the measured run's level). */
  levelScale?: { factor: number; note: string };
}): { forecast: Forecast; commitment: Commitment } {
  const { daily } = options;
  const levelFactor = options.levelScale?.factor ?? 1;
  const quarters: Period[] = [];
  let quarter = nextQuarter(options.period);
  for (let index = 0; index < 4; index++) {
    quarters.push(quarter);
    quarter = nextQuarter(quarter);
  }
  const firstDay = daily[0]?.date ?? options.period.start;
  const firstWeekday = weekdayOf(firstDay);
  const startIndex = daysBetween(firstDay, quarters[0]!.start) - 1;
  const quarterDays = quarters.map((entry) => entry.days);
  const optimizedModel = fitDailyModel({
    values: daily.map((row) => row.optimized.value * levelFactor),
    firstWeekday,
  });
  const currentModel = fitDailyModel({ values: daily.map((row) => row.actual.value), firstWeekday });
  const optimized = simulateForecast({ model: optimizedModel, startIndex, quarterDays });
  const current = simulateForecast({ model: currentModel, startIndex, quarterDays });
  const slope = optimizedModel.trend ? (optimizedModel.coefficients[1] ?? 0) : 0;
  const weekdayEffects = Array.from({ length: 7 }, (_, weekday) =>
    optimizedModel.weekdays && weekday > 0
      ? (optimizedModel.coefficients[(optimizedModel.trend ? 1 : 0) + weekday] ?? 0)
      : 0,
  );
  const effectMean = weekdayEffects.reduce((sum, value) => sum + Math.exp(value), 0) / 7;
  const forecast: Forecast = {
    method:
      "Log-linear regression on the daily optimized spend: log(spend + 1% of the mean day) = level + growth × day + " +
      "day-of-week effect (growth after 21 days of history, weekdays after 14), fit by least squares. 2,000 seeded " +
      "simulations draw the coefficients from their sampling distribution and each day's residual from the observed " +
      "residuals; points are simulation means, intervals the 10–90% and 2.5–97.5% ranges.",
    fitOn: "optimized",
    fitDays: daily.length,
    dailyGrowth: Math.exp(slope) - 1,
    quarterlyGrowth: Math.exp(slope * 91.3125) - 1,
    dayOfWeekFactors: weekdayEffects.map((value) => Math.exp(value) / effectMean),
    residualSd: optimizedModel.residualSd,
    trendFitted: optimizedModel.trend,
    levelScale: options.levelScale ? { basis: "measured", ...options.levelScale } : null,
    quarters: quarters.map((entry, index) => ({
      label: entry.label,
      start: entry.start,
      end: entry.end,
      days: entry.days,
      optimized: band(optimized.quarterTotals[index]!),
      current: band(current.quarterTotals[index]!),
    })),
    daily: optimized.daily.map((row, index) => ({ date: addDays(quarters[0]!.start, index), ...row })),
  };
  const table = commitmentTable(optimized.annualTotals, options.contractedRatio);
  const scenarios = commitmentScenarios({
    annual: optimized.annualTotals,
    quarterTotals: optimized.quarterTotals,
    quarterLabels: quarters.map((entry) => entry.label),
    discounts: options.discounts,
    maxShortfall: options.maxShortfall,
    current: {
      annualPico: divideRounded(
        options.current.observedPico * BigInt(sum(quarterDays)),
        BigInt(Math.max(1, options.current.observedDays)),
      ),
      days: sum(quarterDays),
    },
  });
  return { forecast, commitment: { ...table, ...scenarios } };
}

function commitmentTable(
  annual: Float64Array,
  contractedRatio: number | null,
): Omit<Commitment, keyof ReturnType<typeof commitmentScenarios>> {
  const levels = COMMITMENT_LEVELS.map((confidence) => {
    const level = commitmentAt({ samples: annual, confidence });
    return {
      label: `P${Math.round(confidence * 100)}`,
      confidence,
      annual: moneyFromUsd(level.amount),
      quarterly: moneyFromUsd(level.amount / 4),
      forfeitProbability: level.forfeitProbability,
      expectedForfeit: moneyFromUsd(level.expectedForfeit),
      expectedOverage: moneyFromUsd(level.expectedOverage),
      contractedAnnual: contractedRatio === null ? null : moneyFromUsd(level.amount * contractedRatio),
    };
  });
  const expected = mean(annual);
  const sd = Math.sqrt(mean(Float64Array.from(annual, (value) => (value - expected) ** 2)));
  const recommended = levels.find((level) => level.confidence === RECOMMENDED_LEVEL)!;
  const loosest = levels[0]!;
  return {
    method:
      "Annual commitment (next four quarters) at the spend level the optimized forecast reaches with the stated " +
      "probability: P90 = 90% chance of consuming it all. Forfeit = commitment − spend when spend falls short; " +
      "overage = spend − commitment billed on demand; both are expectations over the simulations.",
    expectedAnnual: moneyFromUsd(expected),
    annualSd: moneyFromUsd(sd),
    levels,
    recommended: recommended.label,
    range: { low: recommended.annual, high: loosest.annual },
    contractedRatesApplied: contractedRatio !== null,
  };
}

/** Simulated USD to pico-dollars at micro-dollar resolution (as moneyFromUsd). */
const toPico = (usd: number) => BigInt(Math.round(usd * 1e6)) * 1_000_000n;

/**
 * What a commitment buys, priced against the optimized forecast's simulated year: flat levels
 * from pay-as-you-go up (the curve), the cheapest within the risk, a ramped commitment, and
 * the commitment at today's run-rate (what not optimizing first would forfeit).
 */
function commitmentScenarios(options: {
  annual: Float64Array;
  quarterTotals: Float64Array[];
  quarterLabels: string[];
  discounts: DiscountSchedule;
  maxShortfall: number;
  /** Today's run-rate over the forecast's four quarters (`days` days), unrounded. */
  current: { annualPico: bigint; days: number };
}) {
  const { discounts: schedule, maxShortfall } = options;
  const samples = Array.from(options.annual, toPico);
  const priced = scenarioLevels({ samples, schedule }).map((commitPico) =>
    priceScenario({ samples, commitPico, schedule }),
  );
  const optimal = cheapestWithinRisk(priced, maxShortfall) ?? priced[0]!;
  const ramped = priceRamped({
    quarterSamples: options.quarterTotals.map((quarter) => Array.from(quarter, toPico)),
    schedule,
    risk: maxShortfall,
  });
  const current = priceScenario({
    samples,
    commitPico: roundSignificant(options.current.annualPico),
    schedule,
  });
  return {
    discounts: {
      source: schedule.source,
      assumed: schedule.assumed,
      overage: schedule.overage,
      tiers: schedule.tiers.map((tier) => ({
        minCommitUsd: picoToDecimalUsd(tier.minCommitPico),
        discountPct: tier.discountBasisPoints / 100,
      })),
    },
    maxShortfallProbability: maxShortfall,
    scenarios: priced.map(scenarioFigures),
    optimal: scenarioFigures(optimal),
    ramped: {
      ...scenarioFigures(ramped),
      quarters: ramped.quarters.map((quarter) => ({
        label: options.quarterLabels[quarter.index] ?? `Q+${quarter.index + 1}`,
        commitUsd: picoToDecimalUsd(quarter.commitPico),
      })),
    },
    atCurrentRunRate: {
      ...scenarioFigures(current),
      runRateUsd: picoToDecimalUsd(options.current.annualPico),
      days: options.current.days,
      overpayVsOptimalUsd: picoToDecimalUsd(current.expectedNetPico - optimal.expectedNetPico),
    },
  };
}

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

function scenarioFigures(scenario: ScenarioFigures): CommitmentScenario {
  return {
    commitUsd: picoToDecimalUsd(scenario.commitPico),
    discountPct: scenario.discountBasisPoints / 100,
    expectedNetUsd: picoToDecimalUsd(scenario.expectedNetPico),
    expectedForfeitUsd: picoToDecimalUsd(scenario.expectedForfeitPico),
    expectedOverageUsd: picoToDecimalUsd(scenario.expectedOveragePico),
    shortfallProbability: scenario.shortfallProbability,
    breakEvenUtilization: scenario.breakEvenUtilization,
  };
}
