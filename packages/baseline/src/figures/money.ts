import { divideRounded, formatUsd, picoToUsd } from "@rightsize/contracts";
import type { RunRateScale } from "../period.js";
import type { Money, RunRate } from "../report-figures.js";

/** An exact amount for the figures: pico string, "$1,234.56", and a display-only double. */
export function money(pico: bigint): Money {
  return { pico: pico.toString(), usd: formatUsd(pico), value: picoToUsd(pico) };
}

/** USD double (a forecast) to a Money, rounding to whole pico-dollars. */
export function moneyFromUsd(usd: number): Money {
  return money(BigInt(Math.round(usd * 1e6)) * 1_000_000n);
}

/**
 * Run-rates from a total over `observedDays`, scaled to `scale`'s quarter (quarterly = total ×
 * quarter days / observed days) and a month of a third of it, each rounded to the pico-dollar:
 * a calendar quarter's run-rate from all of its days is its actual spend, exactly.
 */
export function runRate(observed: bigint, observedDays: number, scale: RunRateScale): RunRate {
  const days = BigInt(Math.max(1, observedDays));
  const { numerator, denominator } = scale.quarterDays;
  return {
    observed: money(observed),
    monthly: money(divideRounded(observed * numerator, 3n * denominator * days)),
    quarterly: money(divideRounded(observed * numerator, denominator * days)),
  };
}

/** Share as a double (0.25 = 25%), 0 when the denominator is zero. */
export function share(numerator: bigint, denominator: bigint): number {
  if (denominator === 0n) return 0;
  return Number((numerator * 1_000_000n) / denominator) / 1_000_000;
}
