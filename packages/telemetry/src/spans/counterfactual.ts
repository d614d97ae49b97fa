import type { CostBreakdown } from "@rightsize/pricing";
import {
  counterfactualUsage,
  inRealtime,
  type PricingContext,
  priceUsage,
  withoutCaching,
} from "../internal/pricing-port.js";
import type { NormalizedUsage } from "./usage.js";

/** One attempt of a request with its actual (list) cost. */
export interface PricedAttempt {
  model: string;
  usage: NormalizedUsage;
  /** When the attempt started: the date whose prices apply. */
  at: Date;
  actual: CostBreakdown;
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
 * baseline model's tokenizer, is what the baseline would have processed.
 */
export function attributeSavings(options: {
  pricing: PricingContext;
  attempts: readonly PricedAttempt[];
  answer: PricedAttempt;
  baselineModel: string;
}): Savings {
  const { pricing, attempts, answer, baselineModel } = options;
  const baselineUsage = counterfactualUsage(answer.usage, answer.model, baselineModel);
  const baseline = BigInt(
    priceUsage(pricing, { model: baselineModel, usage: baselineUsage, at: answer.at }).list,
  );
  let uncachedRealtime = 0n;
  let cachedRealtime = 0n;
  let actual = 0n;
  for (const attempt of attempts) {
    const realtime = inRealtime(attempt.usage);
    // Each price is computed only when it can differ from one already known (hot path).
    const cachedRealtimeCost =
      realtime === attempt.usage
        ? BigInt(attempt.actual.list)
        : BigInt(priceUsage(pricing, { model: attempt.model, usage: realtime, at: attempt.at }).list);
    const cached = realtime.cacheRead + realtime.cacheWrite5m + realtime.cacheWrite1h > 0;
    cachedRealtime += cachedRealtimeCost;
    uncachedRealtime += cached
      ? BigInt(
          priceUsage(pricing, { model: attempt.model, usage: withoutCaching(realtime), at: attempt.at }).list,
        )
      : cachedRealtimeCost;
    actual += BigInt(attempt.actual.list);
  }
  return {
    baselineModel,
    baseline: Number(baseline),
    routing: Number(baseline - uncachedRealtime),
    caching: Number(uncachedRealtime - cachedRealtime),
    batch: Number(cachedRealtime - actual),
    total: Number(baseline - actual),
  };
}
