import { PricingError, PricingErrorCode } from "../pricing-error.js";

/** An exact non-negative rational: numerator / denominator, both safe integers. */
export interface Ratio {
  numerator: number;
  denominator: number;
}

const decimalPattern = /^(\d+)(?:\.(\d+))?$/;

/** Parses a non-negative decimal string ("0.625", "10") exactly into numerator / 10^scale. */
export function parseDecimal(text: string, where: string): Ratio {
  const match = decimalPattern.exec(text);
  if (!match) {
    throw new PricingError({
      code: PricingErrorCode.invalidOption,
      message: `${where}: expected a non-negative decimal string like "0.625", got ${JSON.stringify(text)}`,
    });
  }
  const fraction = match[2] ?? "";
  const numerator = Number(`${match[1]}${fraction}`);
  const denominator = 10 ** fraction.length;
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator)) {
    throw new PricingError({
      code: PricingErrorCode.invalidOption,
      message: `${where}: ${JSON.stringify(text)} has too many digits to be exact`,
    });
  }
  return { numerator, denominator };
}

/**
 * USD per million tokens (decimal string) to integer pico-dollars per token.
 * 1 USD/MTok = 1e12 pUSD / 1e6 tokens = 1e6 pUSD per token, so up to 6 decimals are exact.
 */
export function usdPerMillionToPico(text: string, where: string): number {
  return scaleExact(parseDecimal(text, where), 1_000_000, where);
}

/** ratio x factor as an exact integer, or a PricingError naming `where`. */
export function scaleExact(ratio: Ratio, factor: number, where: string): number {
  const scaled = ratio.numerator * factor;
  if (!Number.isSafeInteger(scaled) || scaled % ratio.denominator !== 0) {
    throw new PricingError({
      code: PricingErrorCode.invalidOption,
      message: `${where}: ${ratio.numerator}/${ratio.denominator} is not a whole number of pico-dollars`,
    });
  }
  return scaled / ratio.denominator;
}

/** value x numerator / denominator rounded half up; exact whenever it divides. Inputs are non-negative. */
export function mulDivRound(value: number, numerator: number, denominator: number): number {
  const product = value * numerator;
  if (Number.isSafeInteger(product)) {
    const quotient = Math.floor(product / denominator);
    const remainder = product - quotient * denominator;
    return remainder * 2 >= denominator ? quotient + 1 : quotient;
  }
  const big = BigInt(value) * BigInt(numerator);
  const bigDenominator = BigInt(denominator);
  return Number((big * 2n + bigDenominator) / (bigDenominator * 2n));
}
