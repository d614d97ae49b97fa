import { divideRounded, formatUsd, picoToUsd } from "@rightsize/contracts";
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
 * Run-rates from a total over `observedDays`: monthly = total × 365 / (12 × days), quarterly =
 * total × 365 / (4 × days), each rounded to the pico-dollar (an average month of 30.42 days).
 */
export function runRate(observed: bigint, observedDays: number): RunRate {
  const days = BigInt(Math.max(1, observedDays));
  return {
    observed: money(observed),
    monthly: money(divideRounded(observed * 365n, 12n * days)),
    quarterly: money(divideRounded(observed * 365n, 4n * days)),
  };
}

/** Share as a double (0.25 = 25%), 0 when the denominator is zero. */
export function share(numerator: bigint, denominator: bigint): number {
  if (denominator === 0n) return 0;
  return Number((numerator * 1_000_000n) / denominator) / 1_000_000;
}
