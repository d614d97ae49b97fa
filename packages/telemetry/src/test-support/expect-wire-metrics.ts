import type { ReadableSpan } from "@opentelemetry/sdk-trace";
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_TOKEN_TYPE,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_RS_BASELINE_COST_PICO_USD,
  ATTR_RS_COST_PICO_USD,
  ATTR_RS_SAVINGS_BATCH_PICO_USD,
  ATTR_RS_SAVINGS_CACHING_PICO_USD,
  ATTR_RS_SAVINGS_LEVER,
  ATTR_RS_SAVINGS_ROUTING_PICO_USD,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
} from "@rightsize/contracts/semconv";
import { expect } from "vitest";
import { INSTRUMENTATION_SCOPE, INSTRUMENTATION_VERSION } from "../internal/instrumentation-scope.js";
import { METRICS, OPERATION_DURATION_BUCKETS, TOKEN_USAGE_BUCKETS } from "../metrics/telemetry-metrics.js";
import type { WireMetric, WirePoint } from "./wire-metrics.js";

/** The attributes of a chat span that the GenAI metrics carry. */
const OPERATION_KEYS = [
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_ERROR_TYPE,
];

const keyOf = (attributes: Record<string, unknown>) =>
  JSON.stringify(
    Object.keys(attributes)
      .sort()
      .map((name) => [name, attributes[name]]),
  );

function operationAttributes(span: ReadableSpan): Record<string, unknown> {
  const attributes: Record<string, unknown> = {};
  for (const name of OPERATION_KEYS)
    if (span.attributes[name] !== undefined) attributes[name] = span.attributes[name];
  return attributes;
}

/** Adds `value` under the point key of `attributes`. */
function add(totals: Map<string, number>, attributes: Record<string, unknown>, value: number) {
  const key = keyOf(attributes);
  totals.set(key, (totals.get(key) ?? 0) + value);
}

function byKey(points: WirePoint[], read: (point: WirePoint) => number | undefined): Map<string, number> {
  return new Map(points.map((point) => [keyOf(point.attributes), read(point) ?? Number.NaN]));
}

const attributeSum = (spans: ReadableSpan[], name: string) =>
  spans.reduce((sum, span) => sum + ((span.attributes[name] as number | undefined) ?? 0), 0);

/**
 * The cumulative metrics of one export reconcile with the spans of the same calls: one duration
 * record per chat span and its token counts per attribute set, cost, baseline and savings summing
 * to the spans' money attributes, one request per request-level span; with the semconv names,
 * units, descriptions and buckets and the given temporalities (OTLP: 1 delta, 2 cumulative).
 */
export function expectMetricsMatchSpans(
  metrics: WireMetric[],
  spans: ReadableSpan[],
  temporality: { histogram: number; counter: number; upDownCounter: number },
) {
  const metric = (identity: { name: string; unit: string; description: string }) => {
    const found = metrics.find((candidate) => candidate.name === identity.name);
    expect(found, identity.name).toBeDefined();
    expect(found?.unit).toBe(identity.unit);
    expect(found?.description).toBe(identity.description);
    expect(found?.scope).toEqual({ name: INSTRUMENTATION_SCOPE, version: INSTRUMENTATION_VERSION });
    return found as WireMetric;
  };
  const chats = spans.filter((span) => span.name.startsWith("chat "));
  const duration = metric(METRICS.operationDuration);
  expect([duration.kind, duration.temporality]).toEqual(["histogram", temporality.histogram]);
  const expectedDurations = new Map<string, number>();
  for (const span of chats) add(expectedDurations, operationAttributes(span), 1);
  expect(byKey(duration.points, (point) => point.count)).toEqual(expectedDurations);
  const tokens = metric(METRICS.tokenUsage);
  expect([tokens.kind, tokens.temporality]).toEqual(["histogram", temporality.histogram]);
  const expectedTokens = new Map<string, number>();
  for (const span of chats.filter((chat) => chat.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS] !== undefined)) {
    const base = operationAttributes(span);
    add(
      expectedTokens,
      { ...base, [ATTR_GEN_AI_TOKEN_TYPE]: "input" },
      span.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS] as number,
    );
    add(
      expectedTokens,
      { ...base, [ATTR_GEN_AI_TOKEN_TYPE]: "output" },
      span.attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS] as number,
    );
  }
  expect(byKey(tokens.points, (point) => point.sum)).toEqual(expectedTokens);
  for (const [histogram, bounds] of [
    [duration, OPERATION_DURATION_BUCKETS],
    [tokens, TOKEN_USAGE_BUCKETS],
  ] as const) {
    for (const point of histogram.points) {
      expect(point.explicitBounds).toEqual(bounds);
      expect(point.bucketCounts?.reduce((sum, count) => sum + count, 0)).toBe(point.count);
      expect(point.min).toBeLessThanOrEqual(point.max ?? Number.NaN);
    }
  }
  const sumOf = (wire: WireMetric) => wire.points.reduce((sum, point) => sum + (point.value ?? 0), 0);
  const cost = metric(METRICS.cost);
  expect([cost.kind, cost.temporality, cost.isMonotonic]).toEqual(["sum", temporality.counter, true]);
  expect(sumOf(cost)).toBe(attributeSum(chats, ATTR_RS_COST_PICO_USD));
  const baseline = metric(METRICS.baselineCost);
  expect([baseline.temporality, baseline.isMonotonic]).toEqual([temporality.counter, true]);
  expect(sumOf(baseline)).toBe(attributeSum(spans, ATTR_RS_BASELINE_COST_PICO_USD));
  const savings = metric(METRICS.savings);
  expect([savings.kind, savings.temporality, savings.isMonotonic]).toEqual([
    "sum",
    temporality.upDownCounter,
    false,
  ]);
  for (const [lever, attribute] of [
    ["routing", ATTR_RS_SAVINGS_ROUTING_PICO_USD],
    ["caching", ATTR_RS_SAVINGS_CACHING_PICO_USD],
    ["batch", ATTR_RS_SAVINGS_BATCH_PICO_USD],
  ] as const) {
    const points = savings.points.filter((point) => point.attributes[ATTR_RS_SAVINGS_LEVER] === lever);
    expect(
      points.reduce((sum, point) => sum + (point.value ?? 0), 0),
      lever,
    ).toBe(attributeSum(spans, attribute));
  }
  const requests = metric(METRICS.requests);
  expect([requests.temporality, requests.isMonotonic]).toEqual([temporality.counter, true]);
  // Requests: each plain call (a chat span without a request parent) and each routed request.
  const requestIds = new Set(
    spans.filter((span) => span.name === "rightsize.request").map((span) => span.spanContext().spanId),
  );
  const wholeRequests = spans.filter(
    (span) =>
      span.name === "rightsize.request" ||
      (span.name.startsWith("chat ") && !requestIds.has(span.parentSpanContext?.spanId ?? "")),
  );
  expect(sumOf(requests)).toBe(wholeRequests.length);
}
