/**
 * @rightsize/telemetry/node: starts the OpenTelemetry Node SDK with presets (file, Jaeger,
 * Honeycomb, any OTLP endpoint) and provides the OTLP JSON-lines file exporter. For apps:
 * importing it starts nothing; calling `startTelemetry` does. The SDK and the exporters are
 * optional peer dependencies of the package: install them to use this entry.
 */

// --- span processing and the OTLP JSON-lines file ---
export type {
  BoundedSpanProcessorOptions,
  SpanDeliveryStats,
} from "./bounded-span-processor.js";
export { BoundedSpanProcessor } from "./bounded-span-processor.js";
export type { OtlpFileSpanExporterOptions } from "./otlp-file-span-exporter.js";
export { OtlpFileSpanExporter } from "./otlp-file-span-exporter.js";
export { encodeTraceRequest } from "./otlp-json.js";
// --- sampling: kept spans carry SampleRate ---
export type { ProbabilitySamplerOptions } from "./probability-sampler.js";
export { ProbabilitySampler } from "./probability-sampler.js";
// --- start the SDK ---
export type { StartedTelemetry } from "./start-telemetry.js";
export { startTelemetry } from "./start-telemetry.js";
export type { StartTelemetryOptions } from "./start-telemetry-options.js";
