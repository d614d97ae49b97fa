import type { Attributes, HrTime } from "@opentelemetry/api";
import type { DataPoint } from "@opentelemetry/sdk-metrics";
import { ATTR_RS_REQUEST_OUTCOME, ATTR_RS_SAVINGS_LEVER } from "@rightsize/contracts/semconv";
import type { Ledger } from "./cost-ledgers.js";
import { SAVINGS_LEVERS } from "./telemetry-metrics.js";

/** The data points of the four ledger-fed metrics at one collection. */
export interface LedgerPointSets {
  cost: DataPoint<number>[];
  baselineCost: DataPoint<number>[];
  savings: DataPoint<number>[];
  requests: DataPoint<number>[];
}

/** Sums a delta reader reported last, per ledger (the next delta is the sum now minus these). */
interface Reported {
  cost: bigint;
  baseline: bigint;
  routing: bigint;
  caching: bigint;
  batch: bigint;
  requests: Map<string, number>;
}

/** When a collection's points start and end, by temporality. */
export interface PointTimes {
  /** Start of cumulative points: when the store began. */
  cumulativeStart: HrTime;
  /** Start of delta points: this reader's previous collection. */
  deltaStart: HrTime;
  end: HrTime;
}

/**
 * Turns the ledgers into one reader's counter points. Cumulative: every series' running sum.
 * Delta: series added to since this reader's previous collection (as the SDK reports synchronous
 * counters), each with the difference to what this reader last reported, computed in bigint.
 * Values become doubles only here.
 */
export class LedgerPoints {
  readonly #counterDelta: boolean;
  readonly #upDownDelta: boolean;
  readonly #reported = new Map<Ledger, Reported>();

  /** `counterDelta`: cost, baseline and requests as deltas; `upDownDelta`: savings as deltas. */
  constructor(options: { counterDelta: boolean; upDownDelta: boolean }) {
    this.#counterDelta = options.counterDelta;
    this.#upDownDelta = options.upDownDelta;
  }

  /** Points of every ledger; `since` is the first interval this reader has not reported. */
  collect(ledgers: Iterable<Ledger>, since: number, times: PointTimes): LedgerPointSets {
    const sets: LedgerPointSets = { cost: [], baselineCost: [], savings: [], requests: [] };
    const counter = this.#counterDelta ? times.deltaStart : times.cumulativeStart;
    const upDown = this.#upDownDelta ? times.deltaStart : times.cumulativeStart;
    const point = (startTime: HrTime, attributes: Attributes, value: bigint | number): DataPoint<number> => ({
      startTime,
      endTime: times.end,
      attributes,
      value: Number(value),
    });
    for (const ledger of ledgers) {
      const reported = this.#reportedOf(ledger);
      const attributes = ledger.attributes;
      if (this.#due(ledger.costChangedIn, since, this.#counterDelta)) {
        const cost = ledger.cost.value;
        sets.cost.push(point(counter, attributes, this.#counterDelta ? cost - reported.cost : cost));
        reported.cost = cost;
      }
      if (this.#due(ledger.savingsChangedIn, since, this.#counterDelta)) {
        const baseline = ledger.baseline.value;
        const value = this.#counterDelta ? baseline - reported.baseline : baseline;
        sets.baselineCost.push(point(counter, attributes, value));
        reported.baseline = baseline;
      }
      if (this.#due(ledger.savingsChangedIn, since, this.#upDownDelta)) {
        for (const lever of SAVINGS_LEVERS) {
          const sum = ledger[lever].value;
          const value = this.#upDownDelta ? sum - reported[lever] : sum;
          sets.savings.push(point(upDown, { ...attributes, [ATTR_RS_SAVINGS_LEVER]: lever }, value));
          reported[lever] = sum;
        }
      }
      for (const [outcome, entry] of ledger.requests) {
        if (!this.#due(entry.changedIn, since, this.#counterDelta)) continue;
        const value = this.#counterDelta ? entry.count - (reported.requests.get(outcome) ?? 0) : entry.count;
        sets.requests.push(point(counter, { ...attributes, [ATTR_RS_REQUEST_OUTCOME]: outcome }, value));
        reported.requests.set(outcome, entry.count);
      }
    }
    return sets;
  }

  /** Never-added series have no point; a delta reader skips series unchanged since its last collection. */
  #due(changedIn: number, since: number, delta: boolean): boolean {
    return changedIn >= 0 && (!delta || changedIn >= since);
  }

  #reportedOf(ledger: Ledger): Reported {
    let reported = this.#reported.get(ledger);
    if (reported === undefined) {
      reported = { cost: 0n, baseline: 0n, routing: 0n, caching: 0n, batch: 0n, requests: new Map() };
      this.#reported.set(ledger, reported);
    }
    return reported;
  }
}
