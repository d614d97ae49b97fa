import { RightsizeError } from "@rightsize/contracts";

/** Every way the pricing package can refuse an input; `PricingError.code` is one of these. */
export const PricingErrorCode = {
  /** The model id or alias is not in the price book. */
  unknownModel: "unknown_model",
  /** The date is outside every effective range of the model's rates (before release, after retirement). */
  noRatesForDate: "no_rates_for_date",
  /** A usage object (or usage-report row) has a negative, fractional or non-numeric field. */
  invalidUsage: "invalid_usage",
  /** An option is malformed (date string, geo, speed, token count, factor). */
  invalidOption: "invalid_option",
  /** The modifier is not available on this model or in this combination (fast + batch, US residency before 4.6). */
  unsupportedModifier: "unsupported_modifier",
  /** The price book data failed validation. */
  invalidPriceBook: "invalid_price_book",
  /** Contracted rates failed validation or name an unknown model. */
  invalidContractedRates: "invalid_contracted_rates",
  /** A per-request amount left the safe-integer range; price aggregates with the bigint functions. */
  amountTooLarge: "amount_too_large",
} as const;

export type PricingErrorCode = (typeof PricingErrorCode)[keyof typeof PricingErrorCode];

const marker = Symbol.for("rightsize.error.pricing");

/** The one error class of the pricing package: a typed `code`, a message a user can act on, the `cause`. */
export class PricingError extends RightsizeError<PricingErrorCode> {
  override readonly name = "PricingError";
  readonly [marker] = true;

  /** True for a PricingError even when two copies of the package are loaded. */
  static override isInstance(value: unknown): value is PricingError {
    return RightsizeError.hasMarker(value, marker);
  }
}
