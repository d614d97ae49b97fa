/** Why a report could not be rendered; `code` is stable for callers and tests. */
export const REPORT_ERROR_CODES = {
  fontMissing: "FONT_MISSING",
  chartFailed: "CHART_FAILED",
  writeFailed: "WRITE_FAILED",
} as const;

export type ReportErrorCode = (typeof REPORT_ERROR_CODES)[keyof typeof REPORT_ERROR_CODES];

/** The one error class of the report renderer. */
export class ReportError extends Error {
  override readonly name = "ReportError";
  readonly code: ReportErrorCode;

  constructor(options: { code: ReportErrorCode; message: string; cause?: unknown }) {
    super(options.message, { cause: options.cause });
    this.code = options.code;
  }

  static isInstance(value: unknown): value is ReportError {
    return value instanceof ReportError;
  }
}
