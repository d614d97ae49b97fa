import { leastSquares } from "./least-squares.js";

/** Minimum observed days before a growth trend / day-of-week factors are fitted. */
export const MIN_DAYS_FOR_TREND = 21;
export const MIN_DAYS_FOR_WEEKDAYS = 14;

/**
 * log(spend + offset) = intercept + growth · t + weekday effect + residual, fit by OLS on the
 * daily series. The small offset (1% of the mean day) keeps zero-spend days finite.
 */
export interface DailyModel {
  coefficients: number[];
  /** (XᵀX)⁻¹ · σ²: the coefficients' covariance, for parameter uncertainty in the simulation. */
  covariance: number[][];
  residuals: number[];
  residualSd: number;
  offset: number;
  trend: boolean;
  weekdays: boolean;
  /** Weekday (0 = Monday) of day index 0 of the fitted series. */
  firstWeekday: number;
  days: number;
}

/** Design row for day index `t`: [1, t?, weekday dummies for Tue..Sun?]. */
export function designRow(
  model: Pick<DailyModel, "trend" | "weekdays" | "firstWeekday">,
  t: number,
): number[] {
  const row = [1];
  if (model.trend) row.push(t);
  if (model.weekdays) {
    const weekday = (model.firstWeekday + t) % 7;
    for (let day = 1; day < 7; day++) row.push(weekday === day ? 1 : 0);
  }
  return row;
}

/** Fit the model to a daily series (USD per day, doubles), starting on weekday `firstWeekday`. */
export function fitDailyModel(options: { values: readonly number[]; firstWeekday: number }): DailyModel {
  const { values } = options;
  const days = values.length;
  const mean = days === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / days;
  const offset = mean > 0 ? mean / 100 : 1e-9;
  const shape = {
    trend: days >= MIN_DAYS_FOR_TREND,
    weekdays: days >= MIN_DAYS_FOR_WEEKDAYS,
    firstWeekday: options.firstWeekday,
  };
  const rows = values.map((_, t) => designRow(shape, t));
  const targets = values.map((value) => Math.log(Math.max(0, value) + offset));
  if (days === 0) {
    return {
      ...shape,
      coefficients: [Math.log(offset)],
      covariance: [[0]],
      residuals: [],
      residualSd: 0,
      offset,
      days,
    };
  }
  const { coefficients, inverse } = leastSquares({ rows, targets });
  const residuals = rows.map((row, index) => (targets[index] ?? 0) - dot(row, coefficients));
  const freedom = days - coefficients.length;
  const residualSd =
    freedom > 0
      ? Math.sqrt(residuals.reduce((sum, value) => sum + value * value, 0) / freedom)
      : SHORT_HISTORY_SD;
  const variance = residualSd * residualSd;
  return {
    ...shape,
    coefficients,
    covariance: inverse.map((row) => row.map((value) => value * variance)),
    residuals,
    residualSd,
    offset,
    days,
  };
}

/** Assumed log-scale day-to-day spread when there are too few days to estimate one (±~30%). */
export const SHORT_HISTORY_SD = 0.3;

export function dot(left: readonly number[], right: readonly number[]): number {
  let sum = 0;
  for (let index = 0; index < left.length; index++) sum += (left[index] ?? 0) * (right[index] ?? 0);
  return sum;
}
