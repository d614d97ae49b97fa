/**
 * The one error pattern of rightsize (after vercel/ai's `AISDKError` and tRPC's `TRPCError`):
 * every package has one error class that extends `RightsizeError`, one const table of codes
 * (`<Package>ErrorCode`: camelCase keys, snake_case values), and a registered marker
 * (`Symbol.for("rightsize.error.<package>")`) so that `isInstance` holds across duplicated copies
 * of a package, where `instanceof` does not.
 *
 * @example
 * export const PricingErrorCode = { unknownModel: "unknown_model" } as const;
 * export type PricingErrorCode = (typeof PricingErrorCode)[keyof typeof PricingErrorCode];
 * const marker = Symbol.for("rightsize.error.pricing");
 * export class PricingError extends RightsizeError<PricingErrorCode> {
 *   override readonly name = "PricingError";
 *   readonly [marker] = true;
 *   static override isInstance(value: unknown): value is PricingError {
 *     return RightsizeError.hasMarker(value, marker);
 *   }
 * }
 */
const ROOT_MARKER = Symbol.for("rightsize.error");

/** What every rightsize error takes: a typed code, a message a user can act on, the original cause. */
export interface RightsizeErrorOptions<Code extends string = string> {
  code: Code;
  message: string;
  cause?: unknown;
}

/** The base class of every error a rightsize package throws. */
export class RightsizeError<Code extends string = string> extends Error {
  override readonly name: string = "RightsizeError";
  readonly code: Code;
  readonly [ROOT_MARKER] = true;

  constructor(options: RightsizeErrorOptions<Code>) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
  }

  /** True for an error of any rightsize package, from any copy of it. */
  static isInstance(value: unknown): value is RightsizeError {
    return RightsizeError.hasMarker(value, ROOT_MARKER);
  }

  /** True when `value` carries the marker (the check behind each subclass's `isInstance`). */
  protected static hasMarker(value: unknown, marker: symbol): boolean {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[marker] === true;
  }
}
