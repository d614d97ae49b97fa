/**
 * @rightsize/telemetry: OpenTelemetry spans and metrics for Claude calls with exact cost, the
 * routing decision behind them, and what the same request would have cost on a baseline model.
 * Depends only on @opentelemetry/api (peer); SDK and exporter setup lives in `@rightsize/telemetry/node`.
 */
export type { AttemptOutcome, AttemptRecorderOptions } from "./attempt-recorder.js";
export { BatchResultError } from "./batch-calls.js";
export { costAttributes, savingsAttributes } from "./cost-attributes.js";
export type { PricedAttempt, Savings } from "./counterfactual.js";
export { attributeSavings } from "./counterfactual.js";
export type {
  FeedbackInfo,
  RightsizeTelemetry,
  RightsizeTelemetryOptions,
  TelemetryStats,
} from "./create-rightsize-telemetry.js";
export {
  createRightsizeTelemetry,
  INSTRUMENTATION_SCOPE,
  INSTRUMENTATION_VERSION,
} from "./create-rightsize-telemetry.js";
export type { AnthropicLike } from "./instrument-anthropic.js";
export type {
  AttemptEndInfo,
  AttemptObservation,
  AttemptStartInfo,
  BatchEndInfo,
  BatchObservation,
  ObservedDecision,
  ObservedFacts,
  ObservedResponse,
  RequestEndInfo,
  RequestObservation,
  RequestStartInfo,
} from "./observer-types.js";

import * as semconv from "./semconv.js";

export type { StartRecordedSpanOptions } from "./record-span.js";
export { RecordedSpan, recordSpan, startRecordedSpan } from "./record-span.js";
export type { RightsizeMetricsProducerOptions } from "./rightsize-metrics.js";
export { RightsizeMetrics } from "./rightsize-metrics.js";
export type {
  RecordCallOptions,
  RecordOperationOptions,
  TelemetryMetrics,
} from "./telemetry-metrics.js";
export { OPERATION_DURATION_BUCKETS, TOKEN_USAGE_BUCKETS } from "./telemetry-metrics.js";
/** Every attribute, span and metric name (GenAI semconv v1.41.0 and rightsize's own). */
export { semconv };
