/**
 * @rightsize/telemetry: OpenTelemetry spans and metrics for Claude calls with exact cost, the
 * routing decision behind them, and what the same request would have cost on a baseline model.
 * Loads only @opentelemetry/api (peer) at runtime; SDK and exporter setup lives in
 * `@rightsize/telemetry/node`, an in-memory harness for tests in `@rightsize/telemetry/testing`.
 * Span and metric names are in `@rightsize/contracts/semconv`.
 */

// --- instrument plain clients and observe routed ones ---
export type {
  FeedbackInfo,
  RightsizeTelemetry,
  RightsizeTelemetryOptions,
  TelemetryStats,
} from "./create-rightsize-telemetry.js";
export { createRightsizeTelemetry } from "./create-rightsize-telemetry.js";
export type { AnthropicLike } from "./instrumentation/instrument-anthropic.js";

// --- metrics: the in-process store an SDK reader collects ---
export type { RightsizeMetricsProducerOptions } from "./metrics/rightsize-metrics.js";
export { RightsizeMetrics } from "./metrics/rightsize-metrics.js";

// --- errors ---
export { BatchResultError, TelemetryError, TelemetryErrorCode } from "./telemetry-error.js";
