import { RightsizeError } from "@rightsize/contracts";

/** Error codes of the baseline package (a broken input or option, never an expected outcome). */
export const BaselineErrorCode = {
  /** The period cannot be read (expected e.g. 2026-Q3, 2026-07, 2026, or a day range). */
  invalidPeriod: "invalid_period",
  /** An input file cannot be read. */
  unreadableInput: "unreadable_input",
  /** The inputs hold no usable request (Admin reports reconcile spans and logs, they cannot stand in for them). */
  noUsableData: "no_usable_data",
  /** The baseline model is not in the price book. */
  unknownBaselineModel: "unknown_baseline_model",
  /** The eval results file failed validation. */
  invalidEvalResults: "invalid_eval_results",
  /** The discount schedule (`--discounts`) failed validation. */
  invalidDiscounts: "invalid_discounts",
} as const;
export type BaselineErrorCode = (typeof BaselineErrorCode)[keyof typeof BaselineErrorCode];

const marker = Symbol.for("rightsize.error.baseline");

/** The one error class of @rightsize/baseline; `code` says what went wrong, `cause` keeps the original. */
export class BaselineError extends RightsizeError<BaselineErrorCode> {
  override readonly name = "BaselineError";
  readonly [marker] = true;

  /** True for a BaselineError, also across duplicated module instances. */
  static override isInstance(value: unknown): value is BaselineError {
    return RightsizeError.hasMarker(value, marker);
  }
}
