import { promptTokens } from "@rightsize/contracts";
import {
  type ContractedRates,
  type CostBreakdown,
  convertTokens,
  cost,
  PricingError,
} from "@rightsize/pricing";
import { type NormalizedUsage, toPricingUsage } from "../spans/usage.js";

/** Pricing inputs shared by every cost computation of one telemetry instance. */
export interface PricingContext {
  rates: ContractedRates | undefined;
}

/** Prices one usage on one model at one date (pricing's cost(); throws PricingError on bad input). */
export function priceUsage(
  pricing: PricingContext,
  call: { model: string; usage: NormalizedUsage; at: Date },
): CostBreakdown {
  return cost({ model: call.model, usage: toPricingUsage(call.usage), at: call.at, rates: pricing.rates });
}

/** The same usage with every prompt token uncached (cache reads and writes become plain input). */
export function withoutCaching(usage: NormalizedUsage): NormalizedUsage {
  return {
    ...usage,
    uncachedInput: promptTokens(usage),
    cacheRead: 0,
    cacheWrite5m: 0,
    cacheWrite1h: 0,
  };
}

/** The same usage delivered in realtime (the batch service tier dropped). */
export function inRealtime(usage: NormalizedUsage): NormalizedUsage {
  return usage.serviceTier === "batch" ? { ...usage, serviceTier: "standard" } : usage;
}

/**
 * The usage the same request would have had on `toModel`: every token count converted across
 * tokenizer generations (pricing's convertTokens; identity within one generation), uncached,
 * realtime, standard speed. Residency is kept: it is a requirement, not a lever.
 */
export function counterfactualUsage(
  usage: NormalizedUsage,
  fromModel: string,
  toModel: string,
): NormalizedUsage {
  const convert = (tokens: number): number =>
    tokens === 0 ? 0 : convertTokens({ tokens, from: fromModel, to: toModel });
  const uncached = withoutCaching(usage);
  return {
    ...uncached,
    uncachedInput: convert(uncached.uncachedInput),
    output: convert(uncached.output),
    reasoningOutput: undefined,
    serviceTier: "standard",
    speed: undefined,
  };
}

/** The pricing error code of an expected pricing failure (unknown model...), else undefined. */
export function pricingErrorCode(error: unknown): string | undefined {
  return PricingError.isInstance(error) ? String(error.code) : undefined;
}
