import {
  type CompiledRateCard,
  type ContractedRates,
  compileRateCard,
  cost,
  PricingError,
  type RequestCounts,
  type RequestPrice,
  requestPrice,
  writeRequestPrice,
} from "@rightsize/pricing";
import { type NormalizedUsage, toPricingUsage } from "../spans/usage.js";

/**
 * Bounds the rate-card cache: model ids come from the caller's params, so arbitrary ones must not
 * grow memory (beyond the bound, a card is compiled per call).
 */
const MAX_CARDS = 256;

/**
 * Pricing shared by every call of one telemetry instance: each model's rates compiled once per
 * UTC day (pricing's `compileRateCard`), so a call's cost, and its counterfactual, are a few
 * integer multiply-adds, exactly the figures of pricing's `cost()`.
 */
export class CallPricing {
  readonly rates: ContractedRates | undefined;
  /** The price of the call being recorded; reused (its figures are copied out before the next). */
  readonly result: RequestPrice = requestPrice();
  readonly #cards = new Map<string, CompiledRateCard>();
  /** Counts handed to a card; reused (pricing is synchronous, nothing keeps it). */
  readonly #counts: RequestCounts = {
    uncachedInput: 0,
    cacheWrite5m: 0,
    cacheWrite1h: 0,
    cacheRead: 0,
    output: 0,
    webSearchRequests: 0,
    batch: false,
    usGeo: false,
    fast: false,
  };

  constructor(rates: ContractedRates | undefined) {
    this.rates = rates;
  }

  /** The model's card for the day of `atMs` (compiled on first use that day; throws PricingError). */
  card(model: string, atMs: number): CompiledRateCard {
    const cached = this.#cards.get(model);
    if (cached?.covers(atMs)) return cached;
    const card = compileRateCard({ model, at: new Date(atMs), rates: this.rates });
    if (cached !== undefined || this.#cards.size < MAX_CARDS) this.#cards.set(model, card);
    return card;
  }

  /**
   * Prices one usage on one model at `atMs` into `into`: pricing's `cost()` figures for the same
   * response (throws its PricingError on an unknown model, a day without rates, usage it refuses).
   */
  price(call: { model: string; usage: NormalizedUsage; atMs: number }, into: RequestPrice): RequestPrice {
    const { model, usage, atMs } = call;
    const counts = this.countsOf(usage);
    if (counts === undefined) {
      // Usage a card does not read (an unknown service tier or speed): cost() itself decides.
      const breakdown = cost({ model, usage: toPricingUsage(usage), at: new Date(atMs), rates: this.rates });
      return writeRequestPrice(breakdown, into);
    }
    return this.card(model, atMs).price(counts, into);
  }

  /**
   * The usage as a card reads it, in the reused counts record; undefined where cost() would
   * refuse the usage (so that the caller lets cost() say why).
   */
  countsOf(usage: NormalizedUsage): RequestCounts | undefined {
    const tier = usage.serviceTier;
    const speed = usage.speed;
    if (tier !== undefined && tier !== "standard" && tier !== "batch" && tier !== "priority")
      return undefined;
    if (speed !== undefined && speed !== "standard" && speed !== "fast") return undefined;
    if (!Number.isSafeInteger(usage.cacheWrite5m + usage.cacheWrite1h)) return undefined;
    const counts = this.#counts;
    counts.uncachedInput = usage.uncachedInput;
    counts.cacheWrite5m = usage.cacheWrite5m;
    counts.cacheWrite1h = usage.cacheWrite1h;
    counts.cacheRead = usage.cacheRead;
    counts.output = usage.output;
    counts.webSearchRequests = usage.webSearchRequests;
    counts.batch = tier === "batch";
    counts.usGeo = usage.inferenceGeo === "us";
    counts.fast = speed === "fast";
    return counts;
  }
}

/** The pricing error code of an expected pricing failure (unknown model...), else undefined. */
export function pricingErrorCode(error: unknown): string | undefined {
  return PricingError.isInstance(error) ? String(error.code) : undefined;
}
