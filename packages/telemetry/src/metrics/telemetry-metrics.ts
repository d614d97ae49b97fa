import type { Attributes } from "@opentelemetry/api";
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_TOKEN_TYPE,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
  METRIC_GEN_AI_CLIENT_OPERATION_TIME_PER_OUTPUT_CHUNK,
  METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK,
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
  METRIC_RS_BASELINE_COST,
  METRIC_RS_COST,
  METRIC_RS_REQUESTS,
  METRIC_RS_SAVINGS,
  UNIT_PICO_USD,
} from "@rightsize/contracts/semconv";
import type { OperationMetricAttributes } from "../internal/call-shapes.js";
import type { Savings } from "../spans/counterfactual.js";
import type { NormalizedUsage } from "../spans/usage.js";

/** GenAI semconv v1.41.0: powers of 4 from 1 to 67,108,864 tokens. */
export const TOKEN_USAGE_BUCKETS: readonly number[] = Array.from({ length: 14 }, (_, index) => 4 ** index);
/** GenAI semconv v1.41.0: doubling from 10 ms to 81.92 s. */
export const OPERATION_DURATION_BUCKETS: readonly number[] = [
  0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
];

/**
 * Streaming: time to the first chunk, and between chunks. The conventions give these client
 * metrics no bucket advice; these are the boundaries they advise for the server-side
 * time-to-first-token and time-per-output-token histograms.
 */
export const TIME_TO_FIRST_CHUNK_BUCKETS: readonly number[] = [
  0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
];
export const TIME_PER_OUTPUT_CHUNK_BUCKETS: readonly number[] = [
  0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1, 2.5,
];

/** Name, unit and description of one metric: the same on both paths (store and Meter). */
export interface MetricIdentity {
  readonly name: string;
  readonly unit: string;
  readonly description: string;
}

/** Every metric rightsize reports. */
export const METRICS = {
  tokenUsage: {
    name: METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
    unit: "{token}",
    description: "Number of input and output tokens used",
  },
  operationDuration: {
    name: METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
    unit: "s",
    description: "GenAI operation duration",
  },
  timeToFirstChunk: {
    name: METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK,
    unit: "s",
    description: "Time to receive the first chunk of a streamed response",
  },
  timePerOutputChunk: {
    name: METRIC_GEN_AI_CLIENT_OPERATION_TIME_PER_OUTPUT_CHUNK,
    unit: "s",
    description: "Time between consecutive chunks of a streamed response, after the first",
  },
  cost: {
    name: METRIC_RS_COST,
    unit: UNIT_PICO_USD,
    description: "Cost of model calls at list prices, integer pico-dollars (1e-12 USD)",
  },
  baselineCost: {
    name: METRIC_RS_BASELINE_COST,
    unit: UNIT_PICO_USD,
    description: "Cost of the same requests on the baseline model, uncached, realtime (pico-dollars)",
  },
  // Savings can be negative (a cache write never read back costs more than plain input).
  savings: {
    name: METRIC_RS_SAVINGS,
    unit: UNIT_PICO_USD,
    description: "Savings against the baseline by lever (routing, caching, batch), pico-dollars",
  },
  requests: { name: METRIC_RS_REQUESTS, unit: "{request}", description: "Requests by tier and outcome" },
} as const satisfies Record<string, MetricIdentity>;

/** The savings levers, each a series of `rightsize.savings`. */
export const SAVINGS_LEVERS = ["routing", "caching", "batch"] as const;

/** Options of {@link TelemetryMetrics.recordOperation}. */
export interface RecordOperationOptions {
  attributes: Attributes;
  durationSeconds: number;
  usage: NormalizedUsage | undefined;
  errorType: string | undefined;
}

/** Options of {@link TelemetryMetrics.recordCall}. */
export interface RecordCallOptions {
  metricAttributes: OperationMetricAttributes;
  durationSeconds: number;
  usage: NormalizedUsage | undefined;
  errorType: string | undefined;
  dimensions: Attributes;
  costPicoUsd?: number | undefined;
  savings?: Savings | undefined;
  /** The request outcome, when the call is a whole request. */
  outcome?: string | undefined;
  /** Streaming calls: seconds to the first chunk, and between each later chunk and the one before. */
  stream?: { firstChunkSeconds: number | undefined; chunkGaps: readonly number[] | undefined } | undefined;
}

/**
 * What the recorders write metrics into: the two GenAI client histograms exactly as the
 * conventions define them (names, units, bucket advice, attributes), plus rightsize's money and
 * request counters, summed exactly (bigint pico-dollars) per dimension set. Two implementations:
 * `RightsizeMetrics` (an in-process store read through a MetricProducer: no SDK work per
 * call) and the Meter path (SDK histograms and observable counters, for any MeterProvider).
 */
export interface TelemetryMetrics {
  /** One model call: its duration and, when it returned usage, input and output tokens. */
  recordOperation(options: RecordOperationOptions): void;
  /**
   * One model call in one go (the per-call hot path): the GenAI histograms with prebuilt
   * attribute sets, and cost, savings and the request count added to one ledger lookup.
   */
  recordCall(options: RecordCallOptions): void;
  recordCost(dimensions: Attributes, picoUsd: number): void;
  recordSavings(dimensions: Attributes, savings: Savings): void;
  recordRequest(dimensions: Attributes, outcome: string): void;
}

/** `gen_ai.usage.input_tokens` by the Anthropic rule: uncached input plus cache reads and writes. */
export function inputTokenCount(usage: NormalizedUsage): number {
  return usage.uncachedInput + usage.cacheRead + usage.cacheWrite5m + usage.cacheWrite1h;
}

/**
 * The three sets with `error.type` added. error.type varies per call, so failed calls (rare, and
 * usually without usage) build their sets; they are not frozen, so stores key them by content.
 */
export function withErrorType(sets: OperationMetricAttributes, errorType: string): OperationMetricAttributes {
  return {
    duration: { ...sets.duration, [ATTR_ERROR_TYPE]: errorType },
    input: { ...sets.input, [ATTR_ERROR_TYPE]: errorType },
    output: { ...sets.output, [ATTR_ERROR_TYPE]: errorType },
  };
}

/** The three sets of a `recordOperation` call, from its one base set. */
export function operationSets(attributes: Attributes): OperationMetricAttributes {
  return {
    duration: attributes,
    input: { ...attributes, [ATTR_GEN_AI_TOKEN_TYPE]: "input" },
    output: { ...attributes, [ATTR_GEN_AI_TOKEN_TYPE]: "output" },
  };
}
