import { type AnthropicUsage, promptTokens, type TokenCounts } from "@rightsize/contracts";
import {
  COST_ITEMS,
  type ContractedRates,
  type CostItem,
  convertTokens,
  getModel,
  PricingError,
  priceAggregate,
} from "@rightsize/pricing";
import { bucketIndex, PROMPT_BUCKET_EDGES } from "../cohort.js";

/** List and contracted cost of one cohort under one scenario, exact pico-dollars. */
export interface ScenarioCost {
  list: bigint;
  contracted: bigint;
}

/** Unit prices per item, in the order input, 5m write, 1h write, cache read, output, web search. */
export interface UnitPrices {
  list: bigint[];
  contracted: bigint[];
}

/** The cost items in the order of `UnitPrices` and `itemQuantities`: the pricing package's bill order. */
export const ITEM_ORDER: readonly CostItem[] = COST_ITEMS;

/** Token (and search) counts in ITEM_ORDER: the quantities unit prices multiply. */
export function itemQuantities(tokens: TokenCounts): number[] {
  return [
    tokens.uncachedInput,
    tokens.cacheWrite5m,
    tokens.cacheWrite1h,
    tokens.cacheRead,
    tokens.output,
    tokens.webSearchRequests,
  ];
}

export const ZERO_COST: ScenarioCost = Object.freeze({ list: 0n, contracted: 0n });

/** What unit prices depend on: model, day, modifiers and the mean prompt (for the price band). */
export interface UnitPriceKey {
  model: string;
  day: string;
  batch: boolean;
  geo: string;
  fast: boolean;
  meanPrompt: number;
}

/**
 * Prices token sums for the replay, remembering which modifier fallbacks were needed (US
 * residency is not offered before Claude 4.6: a counterfactual on such a model prices global).
 */
export class ScenarioPricer {
  readonly notes = new Set<string>();

  private readonly options: { rates?: ContractedRates; tokenizerFactor?: number };
  private crossedGenerations = false;

  constructor(options: { rates?: ContractedRates; tokenizerFactor?: number }) {
    this.options = options;
  }

  private readonly unitCache = new Map<string, UnitPrices>();

  price(options: {
    model: string;
    tokens: TokenCounts;
    requests: number;
    day: string;
    batch: boolean;
    geo: string;
    fast: boolean;
  }): ScenarioCost {
    const { tokens } = options;
    const prompt = promptTokens(tokens);
    const units = this.unitPrices({
      ...options,
      meanPrompt: Math.floor(prompt / Math.max(1, options.requests)),
    });
    const quantities = itemQuantities(tokens);
    let list = 0n;
    let contracted = 0n;
    for (let item = 0; item < 6; item++) {
      const quantity = quantities[item]!;
      if (quantity === 0) continue;
      list += BigInt(quantity) * units.list[item]!;
      contracted += BigInt(quantity) * units.contracted[item]!;
    }
    return { list, contracted };
  }

  /**
   * Unit prices (list and contracted, pico-dollars per token / search) for a model, day, band and
   * modifiers. priceAggregate prices each line as quantity × unit price, so pricing a cohort from
   * these is exactly priceAggregate's result; they are probed once per distinct key. The band is
   * keyed by prompt bucket: the bucket edges sit on the price book's band thresholds (100K, 200K).
   */
  unitPrices(options: UnitPriceKey): UnitPrices {
    const bucket = bucketIndex(options.meanPrompt, PROMPT_BUCKET_EDGES);
    const key = `${options.model}|${options.day}|${options.batch}|${options.geo}|${options.fast}|${bucket}`;
    let units = this.unitCache.get(key);
    if (units === undefined) {
      units = this.probe({ ...options, meanPrompt: Math.max(4, options.meanPrompt) });
      this.unitCache.set(key, units);
    }
    return units;
  }

  private probe(options: UnitPriceKey): UnitPrices {
    // One token of every cache item and the rest as input: the prompt stays in the bucket.
    const usage: AnthropicUsage = {
      input_tokens: options.meanPrompt - 3,
      cache_creation: { ephemeral_5m_input_tokens: 1, ephemeral_1h_input_tokens: 1 },
      cache_read_input_tokens: 1,
      output_tokens: 1,
      server_tool_use: { web_search_requests: 1 },
      service_tier: options.batch ? "batch" : "standard",
    };
    const run = (geo: "us" | "global", fast: boolean) =>
      priceAggregate({
        model: options.model,
        usage,
        at: options.day,
        geo,
        speed: fast ? "fast" : "standard",
        rates: this.options.rates,
      });
    let breakdown: ReturnType<typeof run>;
    try {
      breakdown = run(options.geo === "us" ? "us" : "global", options.fast);
    } catch (error) {
      if (!PricingError.isInstance(error) || (options.geo !== "us" && !options.fast)) throw error;
      this.notes.add(
        `${options.model}: ${error.message}; priced without US residency / fast mode for the counterfactual.`,
      );
      breakdown = run("global", false);
    }
    const units: UnitPrices = { list: new Array(6).fill(0n), contracted: new Array(6).fill(0n) };
    for (const line of breakdown.lines) {
      const item = ITEM_ORDER.indexOf(line.item);
      units.list[item] = BigInt(line.listUnitPrice);
      units.contracted[item] = BigInt(line.contractedUnitPrice);
    }
    return units;
  }

  /**
   * True once a count was converted between tokenizer generations (the factor applied); false
   * while every model priced shares the counts' tokenizer, so the factor plays no part.
   */
  get convertedTokenizers(): boolean {
    return this.crossedGenerations;
  }

  /** Convert a token count from one model's tokenizer to another's (the book's factor, ~1.3x v1→v2). */
  convert(tokens: number, from: string, to: string): number {
    if (tokens === 0 || from === to) return tokens;
    if (!this.crossedGenerations && getModel(from).tokenizer !== getModel(to).tokenizer)
      this.crossedGenerations = true;
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
