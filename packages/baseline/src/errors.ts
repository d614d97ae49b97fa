/** Error codes of the baseline package (a broken input or option, never an expected outcome). */
export const BaselineErrorCode = {
  InvalidOption: "invalid_option",
  InvalidPeriod: "invalid_period",
  UnreadableInput: "unreadable_input",
  NoUsableData: "no_usable_data",
  UnknownBaselineModel: "unknown_baseline_model",
  InvalidEvalResults: "invalid_eval_results",
} as const;
export type BaselineErrorCode = (typeof BaselineErrorCode)[keyof typeof BaselineErrorCode];

/** The one error class of @rightsize/baseline; `code` says what went wrong, `cause` keeps the original. */
export class BaselineError extends Error {
  readonly code: BaselineErrorCode;

  constructor(code: BaselineErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "BaselineError";
    this.code = code;
  }

  /** True for a BaselineError, also across duplicated module instances. */
  static isInstance(value: unknown): value is BaselineError {
    return value instanceof Error && value.name === "BaselineError" && "code" in value;
  }
}
