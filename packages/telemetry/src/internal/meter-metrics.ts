import type { Attributes, Histogram, Meter, ObservableResult } from "@opentelemetry/api";
import type { Savings } from "../counterfactual.js";
import { ATTR_RS_REQUEST_OUTCOME, ATTR_RS_SAVINGS_LEVER } from "../semconv.js";
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
} from "../telemetry-metrics.js";
import type { OperationMetricAttributes } from "./call-shapes.js";
import { CostLedgers, type Ledger } from "./cost-ledgers.js";
import type { NormalizedUsage } from "./usage.js";

/**
 * The Meter path, for a MeterProvider rightsize has no store for: the GenAI histograms are SDK
 * instruments (the SDK hashes each record's attribute set, about 3 µs a record), and the money
 * and request counters are observable counters the SDK reads from exact bigint ledgers at
 * export. Reported values are doubles: exact up to 2^53 pico-dollars (about $9,007) per series,
 * beyond that within one part in 2^53.
 */
export class MeterMetrics implements TelemetryMetrics {
  readonly #tokenUsage: Histogram;
  readonly #operationDuration: Histogram;
  readonly #ledgers = new CostLedgers();

  constructor(meter: Meter) {
    this.#tokenUsage = meter.createHistogram(METRICS.tokenUsage.name, {
      description: METRICS.tokenUsage.description,
      unit: METRICS.tokenUsage.unit,
      advice: { explicitBucketBoundaries: [...TOKEN_USAGE_BUCKETS] },
    });
    this.#operationDuration = meter.createHistogram(METRICS.operationDuration.name, {
      description: METRICS.operationDuration.description,
      unit: METRICS.operationDuration.unit,
      advice: { explicitBucketBoundaries: [...OPERATION_DURATION_BUCKETS] },
    });
    const observe =
      (read: (ledger: Ledger, result: ObservableResult) => void) => (result: ObservableResult) => {
        for (const ledger of this.#ledgers.values()) read(ledger, result);
      };
    const { cost, baselineCost, savings, requests } = METRICS;
    meter
      .createObservableCounter(cost.name, { description: cost.description, unit: cost.unit })
      .addCallback(observe((ledger, result) => result.observe(Number(ledger.cost.value), ledger.attributes)));
    meter
      .createObservableCounter(baselineCost.name, {
        description: baselineCost.description,
        unit: baselineCost.unit,
      })
      .addCallback(
        observe((ledger, result) => result.observe(Number(ledger.baseline.value), ledger.attributes)),
      );
    meter
      .createObservableUpDownCounter(savings.name, { description: savings.description, unit: savings.unit })
      .addCallback(
        observe((ledger, result) => {
          for (const lever of SAVINGS_LEVERS) {
            result.observe(Number(ledger[lever].value), {
              ...ledger.attributes,
              [ATTR_RS_SAVINGS_LEVER]: lever,
            });
          }
        }),
      );
    meter
      .createObservableCounter(requests.name, { description: requests.description, unit: requests.unit })
      .addCallback(
        observe((ledger, result) => {
          for (const [outcome, entry] of ledger.requests) {
            result.observe(entry.count, { ...ledger.attributes, [ATTR_RS_REQUEST_OUTCOME]: outcome });
          }
        }),
      );
  }

  recordOperation(options: RecordOperationOptions): void {
    this.#recordOperation(
      operationSets(options.attributes),
      options.durationSeconds,
      options.usage,
      options.errorType,
    );
  }

  recordCall(options: RecordCallOptions): void {
    this.#recordOperation(
      options.metricAttributes,
      options.durationSeconds,
      options.usage,
      options.errorType,
    );
    const { costPicoUsd, savings, outcome } = options;
    if (costPicoUsd === undefined && savings === undefined && outcome === undefined) return;
    this.#ledgers.addCall(options.dimensions, costPicoUsd, savings, outcome);
  }

  #recordOperation(
    sets: OperationMetricAttributes,
    durationSeconds: number,
    usage: NormalizedUsage | undefined,
    errorType: string | undefined,
  ): void {
    const attributes = errorType === undefined ? sets : withErrorType(sets, errorType);
    this.#operationDuration.record(durationSeconds, attributes.duration);
    if (usage === undefined) return;
    this.#tokenUsage.record(inputTokenCount(usage), attributes.input);
    this.#tokenUsage.record(usage.output, attributes.output);
  }

  recordCost(dimensions: Attributes, picoUsd: number): void {
    this.#ledgers.addCost(dimensions, picoUsd);
  }

  recordSavings(dimensions: Attributes, savings: Savings): void {
    this.#ledgers.addSavings(dimensions, savings);
  }

  recordRequest(dimensions: Attributes, outcome: string): void {
    this.#ledgers.addRequest(dimensions, outcome);
  }
}
