import { seededRandom } from "@rightsize/contracts";
import { type DailyModel, designRow, dot } from "./fit-daily-model.js";
import { cholesky, normalDraw } from "./least-squares.js";

export const SIMULATIONS = 2000;
const SEED = 20_261_109;

/** Simulated future spend: per-quarter totals and daily bands, one sample per simulation. */
export interface SimulatedForecast {
  /** quarterTotals[q][s]: USD of quarter q in simulation s. */
  quarterTotals: Float64Array[];
  /** annualTotals[s]: the sum over all quarters. */
  annualTotals: Float64Array;
  daily: Array<{ point: number; p80Low: number; p80High: number; p95Low: number; p95High: number }>;
}

/**
 * Monte Carlo over the fitted model: each path draws the coefficients from their sampling
 * distribution (so trend uncertainty widens the bands with the horizon) and each day's residual
 * from the observed residuals (bootstrap; normal with the residual SD when there are fewer than
 * 7). Seeded: the same input gives the same report.
 */
export function simulateForecast(options: {
  model: DailyModel;
  /** Day index (relative to the fitted series' day 0) of the first forecast day. */
  startIndex: number;
  /** Lengths of the consecutive forecast quarters in days. */
  quarterDays: readonly number[];
  simulations?: number;
}): SimulatedForecast {
  const { model } = options;
  const simulations = options.simulations ?? SIMULATIONS;
  const random = seededRandom(SEED);
  const factor = cholesky(model.covariance);
  const totalDays = options.quarterDays.reduce((sum, days) => sum + days, 0);
  const rows = Array.from({ length: totalDays }, (_, day) => designRow(model, options.startIndex + day));
  const dailySamples = Array.from({ length: totalDays }, () => new Float64Array(simulations));
  const quarterTotals = options.quarterDays.map(() => new Float64Array(simulations));
  const annualTotals = new Float64Array(simulations);
  const bootstrap = model.residuals.length >= 7;
  for (let simulation = 0; simulation < simulations; simulation++) {
    const shocks = model.coefficients.map(() => normalDraw(random));
    const coefficients = model.coefficients.map((value, i) => value + dot(factor[i] ?? [], shocks));
    let day = 0;
    options.quarterDays.forEach((days, quarter) => {
      let total = 0;
      for (let end = day + days; day < end; day++) {
        const residual = bootstrap
          ? (model.residuals[Math.floor(random() * model.residuals.length)] ?? 0)
          : normalDraw(random) * model.residualSd;
        const value = Math.max(0, Math.exp(dot(rows[day] ?? [], coefficients) + residual) - model.offset);
        dailySamples[day]![simulation] = value;
        total += value;
      }
      quarterTotals[quarter]![simulation] = total;
      annualTotals[simulation]! += total;
    });
  }
  const daily = dailySamples.map((samples) => {
    const sorted = samples.slice().sort();
    return {
      point: mean(samples),
      p80Low: quantile(sorted, 0.1),
      p80High: quantile(sorted, 0.9),
      p95Low: quantile(sorted, 0.025),
      p95High: quantile(sorted, 0.975),
    };
  });
  return { quarterTotals, annualTotals, daily };
}

/** Linear-interpolated quantile of ascending samples. */
export function quantile(sorted: ArrayLike<number>, probability: number): number {
  if (sorted.length === 0) return 0;
  const position = (sorted.length - 1) * probability;
  const lower = Math.floor(position);
  const upper = Math.min(sorted.length - 1, lower + 1);
  const weight = position - lower;
  return (sorted[lower] ?? 0) * (1 - weight) + (sorted[upper] ?? 0) * weight;
}

export function mean(samples: ArrayLike<number>): number {
  let sum = 0;
  for (let index = 0; index < samples.length; index++) sum += samples[index] ?? 0;
  return samples.length === 0 ? 0 : sum / samples.length;
}
