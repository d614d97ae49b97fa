import type { Attributes, Counter, Histogram, Meter, UpDownCounter } from "@opentelemetry/api";
import { ATTR_RS_REQUEST_OUTCOME, ATTR_RS_SAVINGS_LEVER } from "@rightsize/contracts/semconv";
import {
  inputTokenCount,
  METRICS,
  OPERATION_DURATION_BUCKETS,
  operationSets,
  type RecordCallOptions,
  type RecordOperationOptions,
  SAVINGS_LEVERS,
  type TelemetryMetrics,
  TOKEN_USAGE_BUCKETS,
  withErrorType,
} from "../metrics/telemetry-metrics.js";
import type { Savings } from "../spans/counterfactual.js";

/**
 * The oracle for RightsizeMetrics: every record goes to the OTel SDK's own synchronous
 * instruments (histograms with the same boundaries, counters, an up-down counter for savings),
 * whose aggregation, temporality handling and overflow are the reference behaviour.
 */
export class SdkReferenceMetrics implements TelemetryMetrics {
  readonly #tokenUsage: Histogram;
  readonly #operationDuration: Histogram;
  readonly #cost: Counter;
  readonly #baseline: Counter;
  readonly #savings: UpDownCounter;
  readonly #requests: Counter;

  constructor(meter: Meter) {
    const { tokenUsage, operationDuration, cost, baselineCost, savings, requests } = METRICS;
    this.#tokenUsage = meter.createHistogram(tokenUsage.name, {
      ...tokenUsage,
      advice: { explicitBucketBoundaries: [...TOKEN_USAGE_BUCKETS] },
    });
    this.#operationDuration = meter.createHistogram(operationDuration.name, {
      ...operationDuration,
      advice: { explicitBucketBoundaries: [...OPERATION_DURATION_BUCKETS] },
    });
    this.#cost = meter.createCounter(cost.name, cost);
    this.#baseline = meter.createCounter(baselineCost.name, baselineCost);
    this.#savings = meter.createUpDownCounter(savings.name, savings);
    this.#requests = meter.createCounter(requests.name, requests);
  }

  recordCall(options: RecordCallOptions): void {
    const sets =
      options.errorType === undefined
        ? options.metricAttributes
        : withErrorType(options.metricAttributes, options.errorType);
    this.#operationDuration.record(options.durationSeconds, sets.duration);
    if (options.usage !== undefined) {
      this.#tokenUsage.record(inputTokenCount(options.usage), sets.input);
      this.#tokenUsage.record(options.usage.output, sets.output);
    }
    if (options.costPicoUsd !== undefined) this.recordCost(options.dimensions, options.costPicoUsd);
    if (options.savings !== undefined) this.recordSavings(options.dimensions, options.savings);
    if (options.outcome !== undefined) this.recordRequest(options.dimensions, options.outcome);
  }

  recordOperation(options: RecordOperationOptions): void {
    const sets = operationSets(options.attributes);
    this.recordCall({ ...options, metricAttributes: sets, dimensions: sets.duration });
  }

  recordCost(dimensions: Attributes, picoUsd: number): void {
    this.#cost.add(picoUsd, dimensions);
  }

  recordSavings(dimensions: Attributes, savings: Savings): void {
    this.#baseline.add(savings.baseline, dimensions);
    for (const lever of SAVINGS_LEVERS) {
      this.#savings.add(savings[lever], { ...dimensions, [ATTR_RS_SAVINGS_LEVER]: lever });
    }
  }

  recordRequest(dimensions: Attributes, outcome: string): void {
    this.#requests.add(1, { ...dimensions, [ATTR_RS_REQUEST_OUTCOME]: outcome });
  }
}
