import { forecastAndCommit } from "../figures/forecast-figures.js";
import type { DiscountSchedule } from "../forecast/discount-schedule.js";
import { daysBetween, type Period } from "../period.js";
import type { MeasuredFigures, ReportFigures } from "../report-figures.js";
import type { QualityVerdict } from "../usage-record.js";
import { measureAfter } from "./measure-after.js";

/**
 * The report figures with their `measured` section: the measured "after" run when span files
 * were given, null otherwise (so a report without `--measured` says so explicitly).
 *
 * A measured run is the better evidence of what optimized traffic costs, so the forecast and
 * the commitment are then re-fitted at its level: the replay's daily series (its shape, growth
 * and weekly pattern over the whole period) scaled to the measured run-rate. A commitment sized
 * on the replay alone would sit below what the policy was measured to cost.
 */
export async function withMeasured(options: {
  figures: ReportFigures;
  measured: readonly string[] | undefined;
  period: Period | undefined;
  verdicts: readonly QualityVerdict[];
  discounts: DiscountSchedule;
  maxShortfall: number;
}): Promise<ReportFigures> {
  if (options.measured === undefined) return { ...options.figures, measured: null };
  const measured = await measureAfter({
    paths: options.measured,
    period: options.period,
    before: options.figures,
    beforeVerdicts: options.verdicts,
  });
  return { ...options.figures, ...forecastAtMeasuredLevel(options, measured), measured };
}

/** The forecast and commitment re-fitted at the measured run's level (unchanged when it cannot be scaled). */
function forecastAtMeasuredLevel(
  options: { figures: ReportFigures; discounts: DiscountSchedule; maxShortfall: number },
  measured: MeasuredFigures,
): Pick<ReportFigures, "forecast" | "commitment"> {
  const { figures } = options;
  const unchanged = { forecast: figures.forecast, commitment: figures.commitment };
  const { observedStart, observedEnd } = figures.period;
  if (observedStart === null || observedEnd === null) return unchanged;
  const observedDays = daysBetween(observedStart, observedEnd);
  const replayed = BigInt(figures.runRates.optimized.observed.pico);
  const measuredPico = BigInt(measured.runRate.observed.pico);
  const measuredDays = measured.period.observedDays;
  if (replayed <= 0n || measuredPico <= 0n) return unchanged;
  // Daily spend ratio, to six decimals: measured / measured days ÷ replayed / observed days.
  const factor =
    Number((measuredPico * BigInt(observedDays) * 1_000_000n) / (replayed * BigInt(measuredDays))) /
    1_000_000;
  const contracted = figures.runRates.optimizedContracted;
  const contractedRatio =
    contracted === null
      ? null
      : Number((BigInt(contracted.observed.pico) * 1_000_000n) / replayed) / 1_000_000;
  return forecastAndCommit({
    daily: figures.daily,
    period: figures.period,
    contractedRatio,
    discounts: options.discounts,
    maxShortfall: options.maxShortfall,
    current: { observedPico: BigInt(figures.runRates.current.observed.pico), observedDays },
    levelScale: {
      factor,
      note:
        `The optimized series is scaled to the measured run-rate before the fit: the measured run cost ` +
        `${factor.toFixed(3)}x the replay's daily spend (${measured.runRate.observed.usd} over ${measuredDays} day(s) ` +
        `against ${figures.runRates.optimized.observed.usd} over ${observedDays}), so the forecast keeps the replay's ` +
        `daily shape and growth at the level the policy was measured at.`,
    },
  });
}
