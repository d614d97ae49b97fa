import type { Attributes } from "@opentelemetry/api";
import type { Savings } from "../counterfactual.js";
import { SeriesIndex } from "./series-index.js";

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
  cost: bigint;
  costChangedIn: number;
  baseline: bigint;
  routing: bigint;
  caching: bigint;
  batch: bigint;
  savingsChangedIn: number;
  readonly requests: Map<string, RequestCount>;
}

function emptyLedger(attributes: Attributes): Ledger {
  return {
    attributes,
    cost: 0n,
    costChangedIn: -1,
    baseline: 0n,
    routing: 0n,
    caching: 0n,
    batch: 0n,
    savingsChangedIn: -1,
    requests: new Map(),
  };
}

/**
 * The money and request ledgers of every dimension set: bigint pico-dollars, so sums stay exact
 * however many calls add to them (they become doubles only when reported).
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
  addCall(
    dimensions: Attributes,
    costPicoUsd: number | undefined,
    savings: Savings | undefined,
    outcome: string | undefined,
  ): void {
    const ledger = this.#index.get(dimensions);
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
    ledger.cost += BigInt(picoUsd);
    ledger.costChangedIn = this.#interval;
  }

  #addSavings(ledger: Ledger, savings: Savings): void {
    // Converted first: a fractional amount throws before any sum changes.
    const baseline = BigInt(savings.baseline);
    const routing = BigInt(savings.routing);
    const caching = BigInt(savings.caching);
    const batch = BigInt(savings.batch);
    ledger.baseline += baseline;
    ledger.routing += routing;
    ledger.caching += caching;
    ledger.batch += batch;
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
