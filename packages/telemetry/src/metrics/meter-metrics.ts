import type { Histogram, Meter, ObservableResult } from "@opentelemetry/api";
import { ATTR_RS_REQUEST_OUTCOME, ATTR_RS_SAVINGS_LEVER } from "@rightsize/contracts/semconv";
import { CallMetrics } from "./call-metrics.js";
import type { Ledger } from "./cost-ledgers.js";
import {
  METRICS,
  OPERATION_DURATION_BUCKETS,
  SAVINGS_LEVERS,
  TIME_PER_OUTPUT_CHUNK_BUCKETS,
  TIME_TO_FIRST_CHUNK_BUCKETS,
  TOKEN_USAGE_BUCKETS,
} from "./telemetry-metrics.js";

/**
 * The Meter path, for a MeterProvider rightsize has no store for: the GenAI histograms are SDK
 * instruments (the SDK hashes each record's attribute set, about 3 µs a record), and the money
 * and request counters are observable counters the SDK reads from exact bigint ledgers at
 * export. Reported values are doubles: exact up to 2^53 pico-dollars (about $9,007) per series,
 * beyond that within one part in 2^53.
 */
export class MeterMetrics extends CallMetrics {
  protected readonly tokenUsage: Histogram;
  protected readonly operationDuration: Histogram;
  protected readonly timeToFirstChunk: Histogram;
  protected readonly timePerOutputChunk: Histogram;

  constructor(meter: Meter) {
    super();
    this.tokenUsage = meter.createHistogram(METRICS.tokenUsage.name, {
      description: METRICS.tokenUsage.description,
      unit: METRICS.tokenUsage.unit,
      advice: { explicitBucketBoundaries: [...TOKEN_USAGE_BUCKETS] },
    });
    this.operationDuration = meter.createHistogram(METRICS.operationDuration.name, {
      description: METRICS.operationDuration.description,
      unit: METRICS.operationDuration.unit,
      advice: { explicitBucketBoundaries: [...OPERATION_DURATION_BUCKETS] },
    });
    this.timeToFirstChunk = meter.createHistogram(METRICS.timeToFirstChunk.name, {
      description: METRICS.timeToFirstChunk.description,
      unit: METRICS.timeToFirstChunk.unit,
      advice: { explicitBucketBoundaries: [...TIME_TO_FIRST_CHUNK_BUCKETS] },
    });
    this.timePerOutputChunk = meter.createHistogram(METRICS.timePerOutputChunk.name, {
      description: METRICS.timePerOutputChunk.description,
      unit: METRICS.timePerOutputChunk.unit,
      advice: { explicitBucketBoundaries: [...TIME_PER_OUTPUT_CHUNK_BUCKETS] },
    });
    const observe =
      (read: (ledger: Ledger, result: ObservableResult) => void) => (result: ObservableResult) => {
        for (const ledger of this.ledgers.values()) read(ledger, result);
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
}
