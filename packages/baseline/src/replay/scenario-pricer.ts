import {
  type AnthropicUsage,
  type ContractedRates,
  convertTokens,
  getModel,
  PricingError,
  priceAggregate,
} from "@rightsize/pricing";

/** List and contracted cost of one cohort under one scenario, exact pico-dollars. */
export interface ScenarioCost {
  list: bigint;
  contracted: bigint;
}

export const ZERO_COST: ScenarioCost = Object.freeze({ list: 0n, contracted: 0n });

/** Token sums of a cohort in one tokenizer generation. */
export interface TokenSums {
  uncachedInput: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
  cacheRead: number;
  output: number;
  webSearches: number;
}

/**
 * Prices token sums for the replay, remembering which modifier fallbacks were needed (US
 * residency is not offered before Claude 4.6: a counterfactual on such a model prices global).
 */
export class ScenarioPricer {
  readonly notes = new Set<string>();

  constructor(private readonly options: { rates?: ContractedRates; tokenizerFactor?: number }) {}

  price(options: {
    model: string;
    tokens: TokenSums;
    requests: number;
    day: string;
    batch: boolean;
    geo: string;
    fast: boolean;
  }): ScenarioCost {
    const { tokens } = options;
    const usage: AnthropicUsage = {
      input_tokens: tokens.uncachedInput,
      cache_creation: {
        ephemeral_5m_input_tokens: tokens.cacheWrite5m,
        ephemeral_1h_input_tokens: tokens.cacheWrite1h,
      },
      cache_read_input_tokens: tokens.cacheRead,
      output_tokens: tokens.output,
      server_tool_use: { web_search_requests: tokens.webSearches },
      service_tier: options.batch ? "batch" : "standard",
    };
    const run = (geo: "us" | "global", fast: boolean) =>
      priceAggregate({
        model: options.model,
        usage,
        requests: Math.max(1, options.requests),
        at: options.day,
        geo,
        speed: fast ? "fast" : "standard",
        rates: this.options.rates,
      });
    try {
      const breakdown = run(options.geo === "us" ? "us" : "global", options.fast);
      return { list: breakdown.list, contracted: breakdown.contracted };
    } catch (error) {
      if (!(error instanceof PricingError) || (options.geo !== "us" && !options.fast)) throw error;
      this.notes.add(
        `${options.model}: ${error.message}; priced without US residency / fast mode for the counterfactual.`,
      );
      const breakdown = run("global", false);
      return { list: breakdown.list, contracted: breakdown.contracted };
    }
  }

  /** Convert a token count from one model's tokenizer to another's (the book's factor, ~1.3x v1→v2). */
  convert(tokens: number, from: string, to: string): number {
    if (tokens === 0 || from === to) return tokens;
    return convertTokens({ tokens, from, to, factor: this.options.tokenizerFactor });
  }

  /** The model's minimum cacheable prefix (null when unpublished). */
  minCacheable(model: string): number | null {
    return getModel(model).minCacheableTokens;
  }
}

export function addCost(left: ScenarioCost, right: ScenarioCost): ScenarioCost {
  return { list: left.list + right.list, contracted: left.contracted + right.contracted };
}
