import type { Attributes } from "@opentelemetry/api";
import type { Savings } from "../spans/counterfactual.js";
import { ExactSum } from "./exact-sum.js";
import { SeriesIndex } from "./series-index.js";
import type { RecordCallOptions } from "./telemetry-metrics.js";

/** Requests of one outcome in one ledger, and the interval it last changed in. */
export interface RequestCount {
  count: number;
  changedIn: number;
}

/**
 * Exact running sums of one dimension set (model, tier, mode, task type, policy). `…ChangedIn`
 * holds the collection interval of the last addition (−1: never), so delta readers report the
 * series recorded since their previous collection, as the SDK does for synchronous counters.
 */
export interface Ledger {
  readonly attributes: Attributes;
  readonly cost: ExactSum;
  costChangedIn: number;
  readonly baseline: ExactSum;
  readonly routing: ExactSum;
  readonly caching: ExactSum;
  readonly batch: ExactSum;
  savingsChangedIn: number;
  readonly requests: Map<string, RequestCount>;
}

function emptyLedger(attributes: Attributes): Ledger {
  return {
    attributes,
    cost: new ExactSum(),
    costChangedIn: -1,
    baseline: new ExactSum(),
    routing: new ExactSum(),
    caching: new ExactSum(),
    batch: new ExactSum(),
    savingsChangedIn: -1,
    requests: new Map(),
  };
}

/**
 * The money and request ledgers of every dimension set: exact integer pico-dollar sums (see
 * ExactSum), however many calls add to them; they become doubles only when reported.
 */
export class CostLedgers {
  readonly #index = new SeriesIndex<Ledger>({ create: emptyLedger });
  /** The current collection interval; a collection closes it (see {@link CostLedgers.closeInterval}). */
  #interval = 0;

  get interval(): number {
    return this.#interval;
  }

  /** Ends the current interval: later additions carry the next number. Returns the new one. */
  closeInterval(): number {
    this.#interval += 1;
    return this.#interval;
  }

  /** Every ledger, the overflow one last. */
  values(): IterableIterator<Ledger> {
    return this.#index.values();
  }

  /** Cost, savings and outcome of one call with one ledger lookup; absent parts add nothing. */
  addCall(call: Pick<RecordCallOptions, "dimensions" | "costPicoUsd" | "savings" | "outcome">): void {
    const { costPicoUsd, savings, outcome } = call;
    const ledger = this.#index.get(call.dimensions);
    if (costPicoUsd !== undefined) this.#addCost(ledger, costPicoUsd);
    if (savings !== undefined) this.#addSavings(ledger, savings);
    if (outcome !== undefined) this.#addRequest(ledger, outcome);
  }

  addCost(dimensions: Attributes, picoUsd: number): void {
    this.#addCost(this.#index.get(dimensions), picoUsd);
  }

  addSavings(dimensions: Attributes, savings: Savings): void {
    this.#addSavings(this.#index.get(dimensions), savings);
  }

  addRequest(dimensions: Attributes, outcome: string): void {
    this.#addRequest(this.#index.get(dimensions), outcome);
  }

  #addCost(ledger: Ledger, picoUsd: number): void {
    ledger.cost.add(picoUsd);
    ledger.costChangedIn = this.#interval;
  }

  #addSavings(ledger: Ledger, savings: Savings): void {
    // Checked first: a fractional amount throws before any of the four sums changes.
    for (const amount of [savings.baseline, savings.routing, savings.caching, savings.batch]) {
      if (!Number.isInteger(amount)) throw new RangeError(`savings amount ${amount} is not an integer`);
    }
    ledger.baseline.add(savings.baseline);
    ledger.routing.add(savings.routing);
    ledger.caching.add(savings.caching);
    ledger.batch.add(savings.batch);
    ledger.savingsChangedIn = this.#interval;
  }

  #addRequest(ledger: Ledger, outcome: string): void {
    const entry = ledger.requests.get(outcome);
    if (entry === undefined) ledger.requests.set(outcome, { count: 1, changedIn: this.#interval });
    else {
      entry.count += 1;
      entry.changedIn = this.#interval;
    }
  }
}
