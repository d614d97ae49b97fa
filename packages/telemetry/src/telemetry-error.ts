import { RightsizeError } from "@rightsize/contracts";

/** Every way the telemetry package can refuse its input; `TelemetryError.code` is one of these. */
export const TelemetryErrorCode = {
  /** `startTelemetry`'s options failed validation. */
  invalidOptions: "invalid_options",
  /** A preset needs an API key that was neither given nor in the environment. */
  missingApiKey: "missing_api_key",
  /** The OTLP protocol asked for is not one the presets support. */
  unsupportedProtocol: "unsupported_protocol",
  /** A batched request's result was not a message (errored, canceled, expired, missing): `BatchResultError`. */
  batchResult: "batch_result",
} as const;
export type TelemetryErrorCode = (typeof TelemetryErrorCode)[keyof typeof TelemetryErrorCode];

const marker = Symbol.for("rightsize.error.telemetry");
const batchResultMarker = Symbol.for("rightsize.error.telemetry.batch_result");

/**
 * The one error class of the telemetry package. Thrown only by setup (`startTelemetry`), never
 * by instrumentation, which records failures instead of throwing into the host.
 */
export class TelemetryError extends RightsizeError<TelemetryErrorCode> {
  override readonly name: string = "TelemetryError";
  readonly [marker] = true;

  /** True for a TelemetryError (any subclass too), also across duplicated copies of the package. */
  static override isInstance(value: unknown): value is TelemetryError {
    return RightsizeError.hasMarker(value, marker);
  }
}

/**
 * A batched request's failure as recorded on its attempt span (never thrown to a caller): `type`
 * is the API's error type (or `canceled`, `expired`, `missing_result`), which becomes the span's
 * `error.type`.
 */
export class BatchResultError extends TelemetryError {
  override readonly name = "BatchResultError";
  readonly [batchResultMarker] = true;
  readonly type: string;

  constructor(options: { type: string; message: string }) {
    super({ code: TelemetryErrorCode.batchResult, message: options.message });
    this.type = options.type;
  }

  static override isInstance(value: unknown): value is BatchResultError {
    return RightsizeError.hasMarker(value, batchResultMarker);
  }
}
