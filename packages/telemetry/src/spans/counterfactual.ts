import { promptTokens } from "@rightsize/contracts";
import type { CallPricing } from "../internal/pricing-port.js";
import type { NormalizedUsage } from "./usage.js";

/** One attempt of a request with its actual (list) cost. */
export interface PricedAttempt {
  model: string;
  usage: NormalizedUsage;
  /** When the attempt started (epoch milliseconds): the day whose prices apply. */
  atMs: number;
  /** Its list cost, integer pico-dollars. */
  list: number;
}

/** Savings of one request against its baseline, in integer pico-dollars (list prices). */
export interface Savings {
  baselineModel: string;
  /** The request on the baseline model: tokens converted, uncached, realtime. */
  baseline: number;
  routing: number;
  caching: number;
  batch: number;
  /** baseline − Σ actual; always routing + caching + batch exactly. */
  total: number;
}

/**
 * Attributes the difference between the baseline and what a request actually cost to three
 * levers, so that they sum exactly (a telescoping sum over the same price function):
 * - routing = baseline − Σ attempts' cost on their own model, uncached, realtime
 *   (escalated-away attempts therefore reduce routing savings: they are routing's price);
 * - caching = Σ (uncached realtime − cached realtime): negative when writes were not re-read;
 * - batch = Σ (cached realtime − actual): the batch discount on what remained.
 * `answer` is the attempt whose response the caller received; its usage, converted to the
 * baseline model's tokenizer, is what the baseline would have processed (uncached, realtime,
 * standard speed; residency kept: it is a requirement, not a lever).
 *
 * Every price is one pass over a compiled rate card (pricing's `cost()` figures); a price that
 * cannot differ from one already known is not computed (hot path).
 */
export function attributeSavings(options: {
  pricing: CallPricing;
  attempts: readonly PricedAttempt[];
  answer: PricedAttempt;
  baselineModel: string;
}): Savings {
  const { pricing, attempts, answer, baselineModel } = options;
  const baseline = baselinePrice(pricing, answer, baselineModel);
  let uncachedRealtime = 0;
  let cachedRealtime = 0;
  let actual = 0;
  for (const attempt of attempts) {
    const prices = realtimePrices(pricing, attempt);
    uncachedRealtime += prices.uncached;
    cachedRealtime += prices.cached;
    actual += attempt.list;
  }
  // Prices are non-negative safe integers, so a sum that is still safe was summed exactly, and the
  // difference of two of them always is; a request beyond 2^53 pico-dollars ($9,007) sums as bigint.
  if (!Number.isSafeInteger(uncachedRealtime) || !Number.isSafeInteger(actual))
    return bigSavings(options, baseline);
  return {
    baselineModel,
    baseline,
    routing: baseline - uncachedRealtime,
    caching: uncachedRealtime - cachedRealtime,
    batch: cachedRealtime - actual,
    total: baseline - actual,
  };
}

/** The baseline model's list price of the answer's usage: tokens converted, uncached, realtime, standard speed. */
function baselinePrice(pricing: CallPricing, answer: PricedAttempt, baselineModel: string): number {
  const from = pricing.card(answer.model, answer.atMs);
  const to = pricing.card(baselineModel, answer.atMs);
  const usage = answer.usage;
  const prompt = promptTokens(usage);
  const counts = pricing.countsOf(usage);
  if (counts === undefined) throw new TypeError("usage that was priced reads as counts");
  counts.uncachedInput = from.tokensOn(to, prompt);
  counts.cacheWrite5m = 0;
  counts.cacheWrite1h = 0;
  counts.cacheRead = 0;
  counts.output = from.tokensOn(to, counts.output);
  counts.batch = false;
  counts.fast = false;
  return to.listPrice(counts);
}

/** One attempt's list price on its own model in realtime: as cached, and with every prompt token uncached. */
function realtimePrices(pricing: CallPricing, attempt: PricedAttempt): { cached: number; uncached: number } {
  const usage = attempt.usage;
  const cachedTokens = usage.cacheRead + usage.cacheWrite5m + usage.cacheWrite1h;
  const batch = usage.serviceTier === "batch";
  if (!batch && cachedTokens === 0) return { cached: attempt.list, uncached: attempt.list };
  const card = pricing.card(attempt.model, attempt.atMs);
  const counts = pricing.countsOf(usage);
  if (counts === undefined) throw new TypeError("usage that was priced reads as counts");
  counts.batch = false;
  const cached = batch ? card.listPrice(counts) : attempt.list;
  if (cachedTokens === 0) return { cached, uncached: cached };
  counts.uncachedInput += cachedTokens;
  counts.cacheRead = 0;
  counts.cacheWrite5m = 0;
  counts.cacheWrite1h = 0;
  return { cached, uncached: card.listPrice(counts) };
}

/** {@link attributeSavings} summed as bigint (costs beyond the safe-integer range). */
function bigSavings(options: Parameters<typeof attributeSavings>[0], baseline: number): Savings {
  let uncachedRealtime = 0n;
  let cachedRealtime = 0n;
  let actual = 0n;
  for (const attempt of options.attempts) {
    const prices = realtimePrices(options.pricing, attempt);
    uncachedRealtime += BigInt(prices.uncached);
    cachedRealtime += BigInt(prices.cached);
    actual += BigInt(attempt.list);
  }
  const big = BigInt(baseline);
  return {
    baselineModel: options.baselineModel,
    baseline,
    routing: Number(big - uncachedRealtime),
    caching: Number(uncachedRealtime - cachedRealtime),
    batch: Number(cachedRealtime - actual),
    total: Number(big - actual),
  };
}
