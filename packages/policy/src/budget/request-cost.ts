import type { AnthropicUsage, DeliveryMode, PicoUsd } from "@rightsize/contracts";
import { type ContractedRates, cost } from "@rightsize/pricing";

/** Pricing inputs shared by the estimates: contracted rates when the caller has them. */
export interface CostContext {
  rates?: ContractedRates | undefined;
  /** "us" when requests set `inference_geo: "us"` (1.1x on Claude 4.6 and later). */
  geo?: "us" | "global" | undefined;
}

/**
 * The most a request can cost, in pico-dollars (contracted rates): every input token billed as a
 * cache write at the plan's TTL when caching is on (writes cost 1.25x or 2x of input, more than an
 * uncached read), and the full max_tokens of output. Batch requests are billed at the batch rate.
 * This is what a budget holds before the call.
 */
export function maxRequestCost(
  options: CostContext & {
    model: string;
    inputTokens: number;
    maxTokens: number;
    mode: DeliveryMode;
    cacheTtl?: "5m" | "1h" | null;
  },
): PicoUsd {
  const { inputTokens } = options;
  const usage: AnthropicUsage = { output_tokens: options.maxTokens };
  if (options.cacheTtl) {
    usage.input_tokens = 0;
    usage.cache_creation_input_tokens = inputTokens;
    usage.cache_creation =
      options.cacheTtl === "1h"
        ? { ephemeral_1h_input_tokens: inputTokens, ephemeral_5m_input_tokens: 0 }
        : { ephemeral_5m_input_tokens: inputTokens, ephemeral_1h_input_tokens: 0 };
  } else usage.input_tokens = inputTokens;
  if (options.mode === "batch") usage.service_tier = "batch";
  return cost({ model: options.model, usage, rates: options.rates, geo: options.geo }).contracted;
}

/** What a response actually cost, in pico-dollars (contracted rates), from its `usage`. */
export function actualRequestCost(options: CostContext & { model: string; usage: AnthropicUsage }): PicoUsd {
  return cost({ model: options.model, usage: options.usage, rates: options.rates, geo: options.geo })
    .contracted;
}
