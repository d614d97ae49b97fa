import { RightsizeError } from "./rightsize-error.js";

/** Every way the contracts' own helpers refuse an input (money out of range, a malformed amount). */
export const ContractErrorCode = {
  /** An amount is not a whole number of pico-dollars in range, or not a decimal USD amount. */
  invalidAmount: "invalid_amount",
  /** An option of a helper is malformed (decimals out of range). */
  invalidOption: "invalid_option",
} as const;
export type ContractErrorCode = (typeof ContractErrorCode)[keyof typeof ContractErrorCode];

const marker = Symbol.for("rightsize.error.contracts");

/** Thrown by the shared helpers (money) for a broken input: a caller's bug, never an expected outcome. */
export class ContractError extends RightsizeError<ContractErrorCode> {
  override readonly name = "ContractError";
  readonly [marker] = true;

  static override isInstance(value: unknown): value is ContractError {
    return RightsizeError.hasMarker(value, marker);
  }
}
