/**
 * @rightsize/telemetry/testing: for tests, not for services. A real SDK tracer and meter
 * provider with in-memory collection, wired the way `startTelemetry` wires them (the metrics
 * store's producer in the reader), so a test can assert rightsize's spans and metric points.
 * Needs the SDK (@opentelemetry/sdk-trace, @opentelemetry/sdk-metrics), as `/node` does.
 */
export type { HarnessMetricsPath } from "./test-support/otel-harness.js";
export { createOtelHarness } from "./test-support/otel-harness.js";
