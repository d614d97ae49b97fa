import { type HrTime, ValueType } from "@opentelemetry/api";
import type {
  AggregationTemporality,
  AggregationTemporalitySelector,
  CollectionResult,
  DataPoint,
  Histogram,
  MetricData,
  MetricProducer,
} from "@opentelemetry/sdk-metrics";
import {
  INSTRUMENTATION_SCOPE,
  INSTRUMENTATION_VERSION,
  SEMCONV_SCHEMA_URL,
} from "../internal/instrumentation-scope.js";
import { CallMetrics } from "./call-metrics.js";
import { ExplicitBucketHistogram, type PendingHistogram } from "./explicit-bucket-histogram.js";
import { LedgerPoints } from "./ledger-points.js";
import {
  COUNTER,
  CUMULATIVE,
  DELTA,
  HISTOGRAM,
  HISTOGRAM_POINTS,
  SUM_POINTS,
  UP_DOWN_COUNTER,
} from "./metric-enums.js";
import {
  METRICS,
  type MetricIdentity,
  OPERATION_DURATION_BUCKETS,
  TIME_PER_OUTPUT_CHUNK_BUCKETS,
  TIME_TO_FIRST_CHUNK_BUCKETS,
  TOKEN_USAGE_BUCKETS,
} from "./telemetry-metrics.js";

/** Options of {@link RightsizeMetrics.producer}. */
export interface RightsizeMetricsProducerOptions {
  /**
   * One temporality for every metric, or a selector by instrument type (an OTLP exporter's
   * `selectAggregationTemporality`): the histograms are `HISTOGRAM`, cost, baseline cost and
   * requests `COUNTER`, savings `UP_DOWN_COUNTER`. Default: cumulative.
   */
  temporality?: AggregationTemporality | AggregationTemporalitySelector;
}

/** A delta reader's histogram cells not reported yet. */
interface PendingHistograms {
  tokenUsage: PendingHistogram;
  operationDuration: PendingHistogram;
  timeToFirstChunk: PendingHistogram;
  timePerOutputChunk: PendingHistogram;
}

/**
 * rightsize's metrics aggregated in process and exported through the OTel SDK's extension point
 * for externally produced metrics: `producer()` gives a `MetricProducer` for one
 * `MetricReader` (`metricProducers` option), whose collections report these metrics next to the
 * SDK's own, with the SDK's resource. The GenAI histograms keep the semconv names, units,
 * descriptions and bucket boundaries; cost, baseline cost, savings (up-down) and requests are
 * exact integer sums per dimension set. A record costs a series lookup by object identity (the
 * recorders pass frozen, shared attribute sets) and a few additions: no string is built and
 * nothing is hashed, where an SDK histogram record serializes its attribute set each time.
 * Sets that are not frozen (e.g. with `error.type`) are keyed by content; beyond 2,000 series
 * per metric, new sets fold into one series with `otel.metric.overflow: true`.
 *
 * Reported values are doubles: exact up to 2^53 pico-dollars (about $9,007) per series, beyond
 * that within one part in 2^53.
 * @example
 * const store = new RightsizeMetrics();
 * const reader = new PeriodicExportingMetricReader({ exporter, metricProducers: [store.producer()] });
 * const telemetry = createRightsizeTelemetry({ metrics: store });
 */
export class RightsizeMetrics extends CallMetrics {
  protected readonly tokenUsage = new ExplicitBucketHistogram(TOKEN_USAGE_BUCKETS);
  protected readonly operationDuration = new ExplicitBucketHistogram(OPERATION_DURATION_BUCKETS);
  protected readonly timeToFirstChunk = new ExplicitBucketHistogram(TIME_TO_FIRST_CHUNK_BUCKETS);
  protected readonly timePerOutputChunk = new ExplicitBucketHistogram(TIME_PER_OUTPUT_CHUNK_BUCKETS);
  /** Start of every cumulative point: before it, every sum was zero. */
  readonly #startTime: HrTime = hrTimeOf(Date.now());
  /** Where each collection sends the closed interval's histogram cells: one entry per delta reader. */
  readonly #pendingHistograms: PendingHistograms[] = [];

  /**
   * A `MetricProducer` for one reader. Cumulative metrics report running totals since the store
   * began; delta metrics report what changed since this producer's previous collection (its
   * first: everything so far). Each producer keeps its own state, so readers with different
   * temporalities each get correct data; do not share one producer between readers.
   * @example
   * new PeriodicExportingMetricReader({
   *   exporter,
   *   metricProducers: [store.producer({ temporality: (type) => exporter.selectAggregationTemporality(type) })],
   * });
   */
  producer(options: RightsizeMetricsProducerOptions = {}): MetricProducer {
    const choice = options.temporality ?? CUMULATIVE;
    const select = typeof choice === "function" ? choice : () => choice;
    const histogramTemporality = select(HISTOGRAM);
    const counterTemporality = select(COUNTER);
    const upDownTemporality = select(UP_DOWN_COUNTER);
    let pending: PendingHistograms | undefined;
    if (histogramTemporality === DELTA) {
      // A delta reader's first collection reports everything so far: it starts from the totals.
      this.#closeInterval();
      pending = {
        tokenUsage: totalsOf(this.tokenUsage),
        operationDuration: totalsOf(this.operationDuration),
        timeToFirstChunk: totalsOf(this.timeToFirstChunk),
        timePerOutputChunk: totalsOf(this.timePerOutputChunk),
      };
      this.#pendingHistograms.push(pending);
    }
    const ledgerPoints = new LedgerPoints({
      counterDelta: counterTemporality === DELTA,
      upDownDelta: upDownTemporality === DELTA,
    });
    let since = 0;
    let previousCollection = this.#startTime;
    return {
      collect: async () => {
        const end = hrTimeOf(Date.now());
        this.#closeInterval();
        const times = { cumulativeStart: this.#startTime, deltaStart: previousCollection, end };
        const points = ledgerPoints.collect(this.ledgers.values(), since, times);
        since = this.ledgers.interval;
        previousCollection = end;
        const histogramStart = pending === undefined ? times.cumulativeStart : times.deltaStart;
        const histogram = (
          identity: MetricIdentity,
          store: ExplicitBucketHistogram,
          cells?: PendingHistogram,
        ) =>
          histogramMetric(
            identity,
            histogramTemporality,
            histogramPoints(store, cells, { startTime: histogramStart, endTime: end }),
          );
        const metrics = [
          histogram(METRICS.tokenUsage, this.tokenUsage, pending?.tokenUsage),
          histogram(METRICS.operationDuration, this.operationDuration, pending?.operationDuration),
          histogram(METRICS.timeToFirstChunk, this.timeToFirstChunk, pending?.timeToFirstChunk),
          histogram(METRICS.timePerOutputChunk, this.timePerOutputChunk, pending?.timePerOutputChunk),
          sumMetric(
            { identity: METRICS.cost, temporality: counterTemporality, isMonotonic: true },
            points.cost,
          ),
          sumMetric(
            { identity: METRICS.baselineCost, temporality: counterTemporality, isMonotonic: true },
            points.baselineCost,
          ),
          // Savings can be negative (caching that did not pay off): an up-down counter.
          sumMetric(
            { identity: METRICS.savings, temporality: upDownTemporality, isMonotonic: false },
            points.savings,
          ),
          sumMetric(
            { identity: METRICS.requests, temporality: counterTemporality, isMonotonic: true },
            points.requests,
          ),
        ].filter((metric) => metric.dataPoints.length > 0);
        pending?.tokenUsage.clear();
        pending?.operationDuration.clear();
        pending?.timeToFirstChunk.clear();
        pending?.timePerOutputChunk.clear();
        return collectionResult(metrics);
      },
    };
  }

  #closeInterval(): void {
    this.tokenUsage.closeInterval(this.#pendingHistograms.map((pending) => pending.tokenUsage));
    this.operationDuration.closeInterval(this.#pendingHistograms.map((pending) => pending.operationDuration));
    this.timeToFirstChunk.closeInterval(this.#pendingHistograms.map((pending) => pending.timeToFirstChunk));
    this.timePerOutputChunk.closeInterval(
      this.#pendingHistograms.map((pending) => pending.timePerOutputChunk),
    );
    this.ledgers.closeInterval();
  }
}

function totalsOf(histogram: ExplicitBucketHistogram): PendingHistogram {
  const cells: PendingHistogram = new Map();
  for (const series of histogram.series()) {
    if (series.total.count > 0) cells.set(series, { ...series.total, counts: [...series.total.counts] });
  }
  return cells;
}

/** Cumulative: every series' totals; delta: the reader's pending cells. */
function histogramPoints(
  histogram: ExplicitBucketHistogram,
  pending: PendingHistogram | undefined,
  interval: { startTime: HrTime; endTime: HrTime },
): DataPoint<Histogram>[] {
  const { startTime, endTime } = interval;
  const points: DataPoint<Histogram>[] = [];
  if (pending !== undefined) {
    for (const [series, cell] of pending) {
      points.push({ startTime, endTime, attributes: series.attributes, value: histogram.pointValue(cell) });
    }
    return points;
  }
  for (const series of histogram.series()) {
    if (series.total.count === 0) continue;
    points.push({
      startTime,
      endTime,
      attributes: series.attributes,
      value: histogram.pointValue(series.total),
    });
  }
  return points;
}

function histogramMetric(
  identity: MetricIdentity,
  temporality: AggregationTemporality,
  dataPoints: DataPoint<Histogram>[],
): MetricData {
  return {
    descriptor: { ...identity, valueType: ValueType.DOUBLE },
    aggregationTemporality: temporality,
    dataPointType: HISTOGRAM_POINTS,
    dataPoints,
  };
}

function sumMetric(
  metric: { identity: MetricIdentity; temporality: AggregationTemporality; isMonotonic: boolean },
  dataPoints: DataPoint<number>[],
): MetricData {
  const { identity, temporality, isMonotonic } = metric;
  return {
    descriptor: { ...identity, valueType: ValueType.DOUBLE },
    aggregationTemporality: temporality,
    dataPointType: SUM_POINTS,
    dataPoints,
    isMonotonic,
  };
}

/** Readers take the SDK's resource and ignore a producer's; a direct caller gets an empty one. */
async function collectionResult(metrics: MetricData[]): Promise<CollectionResult> {
  const { emptyResource } = await import("@opentelemetry/resources");
  const scope = {
    name: INSTRUMENTATION_SCOPE,
    version: INSTRUMENTATION_VERSION,
    schemaUrl: SEMCONV_SCHEMA_URL,
  };
  return {
    resourceMetrics: {
      resource: emptyResource(),
      scopeMetrics: metrics.length === 0 ? [] : [{ scope, metrics }],
    },
    errors: [],
  };
}

function hrTimeOf(epochMillis: number): HrTime {
  const seconds = Math.trunc(epochMillis / 1000);
  return [seconds, Math.round((epochMillis - seconds * 1000) * 1e6)];
}
