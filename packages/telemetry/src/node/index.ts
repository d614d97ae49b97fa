/**
 * @rightsize/telemetry/node: starts the OpenTelemetry Node SDK with presets (file, Jaeger,
 * Honeycomb, any OTLP endpoint) and provides the OTLP JSON-lines file exporter. For apps:
 * importing it starts nothing; calling `startTelemetry` does.
 */
export type {
  BoundedSpanProcessorOptions,
  SpanDeliveryStats,
} from "./bounded-span-processor.js";
export { BoundedSpanProcessor } from "./bounded-span-processor.js";
export type { OtlpFileSpanExporterOptions } from "./otlp-file-span-exporter.js";
export { OtlpFileSpanExporter } from "./otlp-file-span-exporter.js";
export { encodeSpan, encodeTraceRequest } from "./otlp-json.js";
export type { StartedTelemetry } from "./start-telemetry.js";
export { startTelemetry } from "./start-telemetry.js";
export type { ResolvedStartOptions, StartTelemetryOptions } from "./start-telemetry-options.js";
export { resolveStartOptions, startTelemetryOptionsSchema } from "./start-telemetry-options.js";
export { TelemetryError, TelemetryErrorCode } from "./telemetry-error.js";
