import { PricingError, PricingErrorCode } from "./pricing-error.js";
import type { PicoUsd } from "./types.js";

/** Pico-dollars in one US dollar (the pricing package's unit is 1e-12 USD). */
export const PICO_PER_USD = 1_000_000_000_000n;

/**
 * Exact sum of pico-dollar amounts as bigint; numbers must be safe integers.
 * @example sumPico(breakdowns.map((breakdown) => breakdown.list))
 */
export function sumPico(values: Iterable<number | bigint>): bigint {
  let total = 0n;
  for (const value of values) {
    if (typeof value === "bigint") total += value;
    else if (Number.isSafeInteger(value)) total += BigInt(value);
    else {
      throw new PricingError({
        code: PricingErrorCode.invalidOption,
        message: `sumPico: ${value} is not a whole number of pico-dollars in the safe-integer range`,
      });
    }
  }
  return total;
}

/** Pico-dollars as a float USD number: for display and charts only, never for sums. */
export function picoToUsd(pico: PicoUsd | bigint): number {
  if (typeof pico === "number") return pico / 1e12;
  const whole = pico / PICO_PER_USD;
  return Number(whole) + Number(pico - whole * PICO_PER_USD) / 1e12;
}

/**
 * Formats pico-dollars as US dollars with thousands separators, rounded half away from zero.
 * @example formatUsd(1_234_560_000_000_000n) // "$1,234.56"; formatUsd(2_250_000_000, { decimals: 5 }) // "$0.00225"
 */
export function formatUsd(pico: PicoUsd | bigint, options?: { decimals?: number }): string {
  const decimals = options?.decimals ?? 2;
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 12) {
    throw new PricingError({
      code: PricingErrorCode.invalidOption,
      message: `formatUsd: decimals must be an integer from 0 to 12, got ${decimals}`,
    });
  }
  if (typeof pico === "number" && !Number.isSafeInteger(pico)) {
    throw new PricingError({
      code: PricingErrorCode.invalidOption,
      message: `formatUsd: ${pico} is not a whole number of pico-dollars in the safe-integer range (use bigint)`,
    });
  }
  const amount = typeof pico === "bigint" ? pico : BigInt(pico);
  const negative = amount < 0n;
  const magnitude = negative ? -amount : amount;
  const step = 10n ** BigInt(12 - decimals);
  const rounded = (magnitude + step / 2n) / step;
  const scale = 10n ** BigInt(decimals);
  const whole = (rounded / scale).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const fraction = decimals > 0 ? `.${(rounded % scale).toString().padStart(decimals, "0")}` : "";
  return `${negative && rounded !== 0n ? "-" : ""}$${whole}${fraction}`;
}

/**
 * A per-token rate in pico-dollars as USD per million tokens, exact, with 2 to 6 decimals.
 * @example formatUsdPerMillion(625_000) // "$0.625"
 */
export function formatUsdPerMillion(picoPerToken: PicoUsd): string {
  const text = formatUsd(BigInt(picoPerToken) * 1_000_000n, { decimals: 6 });
  return text.replace(/(\.\d\d\d*?)0+$/, "$1");
}
