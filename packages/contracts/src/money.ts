/**
 * Exact money. The unit is the pico-dollar (1e-12 USD): every per-token rate of the price book
 * is a whole number of pico-dollars per token, so one request's cost is an exact safe integer
 * (a 1M-token request at $150/MTok is 1.5e14) and sums over many are bigint.
 * Floats appear only for display (`picoToUsd`), never in a sum.
 */
import { ContractError, ContractErrorCode } from "./errors/contract-error.js";

/** An amount in integer pico-dollars (1e-12 USD): a safe integer per request. */
export type PicoUsd = number;

/** Pico-dollars in one US dollar. */
export const PICO_PER_USD = 1_000_000_000_000n;

const PICO_DIGITS = 12;

function invalidAmount(message: string): never {
  throw new ContractError({ code: ContractErrorCode.invalidAmount, message });
}

/**
 * Exact sum of pico-dollar amounts as bigint; numbers must be safe integers.
 * @example sumPico(breakdowns.map((breakdown) => breakdown.list))
 */
export function sumPico(values: Iterable<number | bigint>): bigint {
  let total = 0n;
  for (const value of values) {
    if (typeof value === "bigint") total += value;
    else if (Number.isSafeInteger(value)) total += BigInt(value);
    else invalidAmount(`sumPico: ${value} is not a whole number of pico-dollars in the safe-integer range`);
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
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > PICO_DIGITS) {
    throw new ContractError({
      code: ContractErrorCode.invalidOption,
      message: `formatUsd: decimals must be an integer from 0 to 12, got ${decimals}`,
    });
  }
  if (typeof pico === "number" && !Number.isSafeInteger(pico)) {
    invalidAmount(
      `formatUsd: ${pico} is not a whole number of pico-dollars in the safe-integer range (use bigint)`,
    );
  }
  const amount = typeof pico === "bigint" ? pico : BigInt(pico);
  const negative = amount < 0n;
  const magnitude = negative ? -amount : amount;
  const step = 10n ** BigInt(PICO_DIGITS - decimals);
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

/**
 * Exact decimal USD of a pico-dollar amount, without trailing zeros (FOCUS CSV, JSON for
 * machines): no rounding, no separators.
 * @example picoToDecimalUsd(2_250_000_000n) // "0.00225"; picoToDecimalUsd("-1000000000000") // "-1"
 */
export function picoToDecimalUsd(pico: bigint | PicoUsd | string): string {
  const text = typeof pico === "string" ? pico : pico.toString();
  if (!/^-?\d+$/.test(text)) invalidAmount(`picoToDecimalUsd: ${JSON.stringify(text)} is not a whole number`);
  const negative = text.startsWith("-");
  const digits = (negative ? text.slice(1) : text).padStart(PICO_DIGITS + 1, "0");
  const whole = digits.slice(0, -PICO_DIGITS);
  const fraction = digits.slice(-PICO_DIGITS).replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${fraction === "" ? "" : `.${fraction}`}`;
}

/**
 * Exact USD → pico-dollars: "12.50" is 12,500,000,000,000. Numbers go through a 12-place decimal
 * rendering, so 0.1 means ten cents, not the nearest binary double.
 * @example usdToPico("0.10") // 100_000_000_000n
 */
export function usdToPico(amount: number | string): bigint {
  const text = typeof amount === "number" ? amount.toFixed(PICO_DIGITS) : amount.trim();
  const match = /^(\d+)(?:\.(\d{1,12}))?$/.exec(text);
  if (!match) {
    invalidAmount(`not a non-negative USD amount with at most 12 decimals: ${JSON.stringify(amount)}`);
  }
  const whole = BigInt(match[1] ?? "0");
  const fraction = BigInt((match[2] ?? "").padEnd(PICO_DIGITS, "0"));
  return whole * PICO_PER_USD + fraction;
}

/** `numerator / denominator` rounded half away from zero (exact bigint division for shares of money). */
export function divideRounded(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n !== denominator < 0n;
  const abs = (value: bigint) => (value < 0n ? -value : value);
  const magnitude = (abs(numerator) * 2n + abs(denominator)) / (abs(denominator) * 2n);
  return negative ? -magnitude : magnitude;
}
