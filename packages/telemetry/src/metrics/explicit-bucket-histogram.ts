import type { Attributes } from "@opentelemetry/api";
import type { Histogram } from "@opentelemetry/sdk-metrics";
import { SeriesIndex } from "./series-index.js";

/** count, sum, min, max and bucket counts of some measurements (min/max ±Infinity when empty). */
export interface HistogramCell {
  count: number;
  sum: number;
  min: number;
  max: number;
  /** One more than the boundaries: the last bucket holds values above the last boundary. */
  readonly counts: number[];
}

/** One attribute set's measurements: this interval's, and every earlier interval's. */
export interface HistogramSeries {
  readonly attributes: Attributes;
  /** Since the last collection by any reader; records land here only. */
  readonly interval: HistogramCell;
  /** Every closed interval merged: what cumulative readers report. */
  readonly total: HistogramCell;
}

/** What a delta reader has not reported yet, per series. */
export type PendingHistogram = Map<HistogramSeries, HistogramCell>;

export function emptyCell(bucketCount: number): HistogramCell {
  return { count: 0, sum: 0, min: Infinity, max: -Infinity, counts: new Array<number>(bucketCount).fill(0) };
}

export function mergeInto(target: HistogramCell, source: HistogramCell): void {
  target.count += source.count;
  target.sum += source.sum;
  if (source.min < target.min) target.min = source.min;
  if (source.max > target.max) target.max = source.max;
  for (let index = 0; index < source.counts.length; index += 1) {
    target.counts[index] = (target.counts[index] as number) + (source.counts[index] as number);
  }
}

/**
 * An explicit-bucket histogram aggregated in process, with the OTel SDK's semantics: a
 * boundary is an inclusive upper bound, negative and NaN values are dropped (the SDK warns and
 * drops them), min and max are kept. A record is one series lookup and a few number updates.
 */
export class ExplicitBucketHistogram {
  readonly boundaries: readonly number[];
  readonly #index: SeriesIndex<HistogramSeries>;

  constructor(boundaries: readonly number[]) {
    this.boundaries = boundaries;
    const bucketCount = boundaries.length + 1;
    this.#index = new SeriesIndex({
      create: (attributes) => ({
        attributes,
        interval: emptyCell(bucketCount),
        total: emptyCell(bucketCount),
      }),
    });
  }

  record(value: number, attributes: Attributes): void {
    if (!(value >= 0)) return;
    const cell = this.#index.get(attributes).interval;
    cell.count += 1;
    cell.sum += value;
    if (value < cell.min) cell.min = value;
    if (value > cell.max) cell.max = value;
    const bucket = bucketOf(this.boundaries, value);
    cell.counts[bucket] = (cell.counts[bucket] as number) + 1;
  }

  /**
   * Closes the interval: its measurements go into the totals and into every delta reader's
   * pending cells, and the interval starts empty again.
   */
  closeInterval(pending: readonly PendingHistogram[]): void {
    for (const series of this.#index.values()) {
      const interval = series.interval;
      if (interval.count === 0) continue;
      mergeInto(series.total, interval);
      for (const cells of pending) {
        let cell = cells.get(series);
        if (cell === undefined) {
          cell = emptyCell(interval.counts.length);
          cells.set(series, cell);
        }
        mergeInto(cell, interval);
      }
      interval.count = 0;
      interval.sum = 0;
      interval.min = Infinity;
      interval.max = -Infinity;
      interval.counts.fill(0);
    }
  }

  /** Every series (after {@link closeInterval}, `total` is complete). */
  series(): IterableIterator<HistogramSeries> {
    return this.#index.values();
  }

  /** A cell as an SDK point value: a copy, so later records cannot change an export in flight. */
  pointValue(cell: HistogramCell): Histogram {
    return {
      buckets: { boundaries: [...this.boundaries], counts: [...cell.counts] },
      count: cell.count,
      sum: cell.sum,
      min: cell.min,
      max: cell.max,
    };
  }
}

/** Index of the first boundary ≥ value (the SDK's binary search), else the overflow bucket. */
function bucketOf(boundaries: readonly number[], value: number): number {
  let low = 0;
  let high = boundaries.length - 1;
  let found = boundaries.length;
  while (high >= low) {
    const middle = (low + high) >>> 1;
    if ((boundaries[middle] as number) < value) low = middle + 1;
    else {
      found = middle;
      high = middle - 1;
    }
  }
  return found;
}
