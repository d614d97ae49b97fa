import type { Attributes, Counter, Histogram, Meter, UpDownCounter } from "@opentelemetry/api";
import type { Savings } from "./counterfactual.js";
import type { NormalizedUsage } from "./internal/usage.js";
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_TOKEN_TYPE,
  ATTR_RS_REQUEST_OUTCOME,
  ATTR_RS_SAVINGS_LEVER,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
  METRIC_RS_BASELINE_COST,
  METRIC_RS_COST,
  METRIC_RS_REQUESTS,
  METRIC_RS_SAVINGS,
  UNIT_PICO_USD,
} from "./semconv.js";

/** GenAI semconv v1.41.0: powers of 4 from 1 to 67,108,864 tokens. */
export const TOKEN_USAGE_BUCKETS: readonly number[] = Array.from({ length: 14 }, (_, index) => 4 ** index);
/** GenAI semconv v1.41.0: doubling from 10 ms to 81.92 s. */
export const OPERATION_DURATION_BUCKETS: readonly number[] = [
  0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
];

/**
 * The instruments: the two GenAI client histograms exactly as the conventions define them
 * (names, units, bucket advice, attributes), plus rightsize's counters in integer pico-dollars
 * with low-cardinality attributes only (model, tier, task type, mode, policy name and version).
 */
export class TelemetryMetrics {
  readonly #tokenUsage: Histogram;
  readonly #operationDuration: Histogram;
  readonly #cost: Counter;
  readonly #baselineCost: Counter;
  readonly #savings: UpDownCounter;
  readonly #requests: Counter;

  constructor(meter: Meter) {
    this.#tokenUsage = meter.createHistogram(METRIC_GEN_AI_CLIENT_TOKEN_USAGE, {
      description: "Number of input and output tokens used",
      unit: "{token}",
      advice: { explicitBucketBoundaries: [...TOKEN_USAGE_BUCKETS] },
    });
    this.#operationDuration = meter.createHistogram(METRIC_GEN_AI_CLIENT_OPERATION_DURATION, {
      description: "GenAI operation duration",
      unit: "s",
      advice: { explicitBucketBoundaries: [...OPERATION_DURATION_BUCKETS] },
    });
    this.#cost = meter.createCounter(METRIC_RS_COST, {
      description: "Cost of model calls at list prices, integer pico-dollars (1e-12 USD)",
      unit: UNIT_PICO_USD,
    });
    this.#baselineCost = meter.createCounter(METRIC_RS_BASELINE_COST, {
      description: "Cost of the same requests on the baseline model, uncached, realtime (pico-dollars)",
      unit: UNIT_PICO_USD,
    });
    // Savings can be negative (a cache write never read back costs more than plain input).
    this.#savings = meter.createUpDownCounter(METRIC_RS_SAVINGS, {
      description: "Savings against the baseline by lever (routing, caching, batch), pico-dollars",
      unit: UNIT_PICO_USD,
    });
    this.#requests = meter.createCounter(METRIC_RS_REQUESTS, {
      description: "Requests by tier and outcome",
      unit: "{request}",
    });
  }

  /** One model call: its duration and, when it returned usage, input and output tokens. */
  recordOperation(options: {
    attributes: Attributes;
    durationSeconds: number;
    usage: NormalizedUsage | undefined;
    errorType: string | undefined;
  }): void {
    const attributes =
      options.errorType === undefined
        ? options.attributes
        : { ...options.attributes, [ATTR_ERROR_TYPE]: options.errorType };
    this.#operationDuration.record(options.durationSeconds, attributes);
    const usage = options.usage;
    if (usage === undefined) return;
    const input = usage.uncachedInput + usage.cacheRead + usage.cacheWrite5m + usage.cacheWrite1h;
    this.#tokenUsage.record(input, { ...attributes, [ATTR_GEN_AI_TOKEN_TYPE]: "input" });
    this.#tokenUsage.record(usage.output, { ...attributes, [ATTR_GEN_AI_TOKEN_TYPE]: "output" });
  }

  recordCost(dimensions: Attributes, picoUsd: number): void {
    if (picoUsd > 0) this.#cost.add(picoUsd, dimensions);
  }

  recordSavings(dimensions: Attributes, savings: Savings): void {
    this.#baselineCost.add(savings.baseline, dimensions);
    this.#savings.add(savings.routing, { ...dimensions, [ATTR_RS_SAVINGS_LEVER]: "routing" });
    this.#savings.add(savings.caching, { ...dimensions, [ATTR_RS_SAVINGS_LEVER]: "caching" });
    this.#savings.add(savings.batch, { ...dimensions, [ATTR_RS_SAVINGS_LEVER]: "batch" });
  }

  recordRequest(dimensions: Attributes, outcome: string): void {
    this.#requests.add(1, { ...dimensions, [ATTR_RS_REQUEST_OUTCOME]: outcome });
  }
}
