/** Every way the telemetry setup can refuse its input; `TelemetryError.code` is one of these. */
export const TelemetryErrorCode = {
  invalidOptions: "invalid_options",
  missingApiKey: "missing_api_key",
  unsupportedProtocol: "unsupported_protocol",
} as const;
export type TelemetryErrorCode = (typeof TelemetryErrorCode)[keyof typeof TelemetryErrorCode];

/** The one error class of the telemetry package (thrown only by setup, never by instrumentation). */
export class TelemetryError extends Error {
  readonly code: TelemetryErrorCode;

  constructor(options: { code: TelemetryErrorCode; message: string; cause?: unknown }) {
    super(options.message, { cause: options.cause });
    this.name = "TelemetryError";
    this.code = options.code;
  }

  static isInstance(value: unknown): value is TelemetryError {
    return value instanceof TelemetryError;
  }
}
