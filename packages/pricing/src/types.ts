/**
 * Public types of the pricing package: the contract the other packages build on.
 *
 * Money unit: integer pico-dollars (1e-12 USD), "PicoUsd". Every per-token rate in the book
 * is a whole number of pico-dollars per token (e.g. $0.01/MTok = 10,000 pUSD/token), so the
 * cost of one request is an exact safe integer (a 1M-token request at $150/MTok is 1.5e14).
 * Aggregates over many requests are summed as bigint (see `sumPico` in @rightsize/contracts).
 */
import type { PicoUsd } from "@rightsize/contracts";

/** Token types billed by Anthropic, plus the per-request web-search fee, in the order a bill lists them. */
export const COST_ITEMS = [
  "input",
  "cache_write_5m",
  "cache_write_1h",
  "cache_read",
  "output",
  "web_search",
] as const;
export type CostItem = (typeof COST_ITEMS)[number];

export type ModelFamily = "haiku" | "sonnet" | "opus" | "fable";
export type LifecycleStatus = "active" | "legacy" | "deprecated" | "retired";
/** "v1": Sonnet 4.6 and earlier; "v2": Opus 4.7+, Sonnet 5+, Haiku 5.5, Fable (≈1.3x tokens). */
export type TokenizerGeneration = "v1" | "v2";

/** One model of the price book (rates omitted). */
export interface ModelInfo {
  id: string;
  aliases: readonly string[];
  family: ModelFamily;
  displayName: string;
  tokenizer: TokenizerGeneration;
  contextWindow: number;
  maxOutputTokens: number;
  /** Minimum cacheable prefix in tokens; null where Anthropic has not published one. */
  minCacheableTokens: number | null;
  status: LifecycleStatus;
  releasedAt: string | null;
  deprecatedAt: string | null;
  retiredAt: string | null;
  /** Price book generation order within a family, higher = newer (for "latest of family"). */
  generation: number;
  /** Marketing version, e.g. "4.5". */
  version: string;
  /** Whether `inference_geo: "us"` (1.1x) exists for this model (Claude 4.6 and later). */
  usResidency: boolean;
  /** Whether the model has fast-mode (`speed: "fast"`) rates. */
  fastMode: boolean;
  /** False when the entry's facts come only from third parties. */
  confirmed: boolean;
  /** Source id of the entry (see the price book's `sources`). */
  source: string;
}

/** Per-token rates of one model at one date, in pico-dollars per token. */
export interface RateCard {
  input: PicoUsd;
  cacheWrite5m: PicoUsd;
  cacheWrite1h: PicoUsd;
  cacheRead: PicoUsd;
  output: PicoUsd;
}

export interface CostLine {
  item: CostItem;
  /** Tokens, or searches for web_search. */
  quantity: number;
  /** List unit price after band and modifiers, pico-dollars per token (or per search). */
  listUnitPrice: PicoUsd;
  contractedUnitPrice: PicoUsd;
  list: PicoUsd;
  contracted: PicoUsd;
}

export interface CostBreakdown {
  /** Resolved model id (aliases resolved). */
  model: string;
  /** Date (YYYY-MM-DD) whose rates were applied. */
  pricedAt: string;
  /** Which price band applied to the whole request. */
  band: "standard" | "haiku-over-100k" | "long-context-over-200k";
  /** Modifiers applied. A shared frozen object (one per combination): copy it to change it. */
  modifiers: { batch: boolean; usResidency: boolean; fast: boolean };
  lines: CostLine[];
  /** Prompt tokens: input + cache writes + cache reads. */
  promptTokens: number;
  outputTokens: number;
  list: PicoUsd;
  contracted: PicoUsd;
  /** True when every rate used is confirmed by Anthropic's own pages. */
  confirmed: boolean;
  /**
   * Source ids (keys of the price book's `sources`) of the rates and modifiers used, rate period
   * first. A shared frozen array, cached per rate period and modifier combination: copy it to change it.
   */
  sources: string[];
}

/** A cost line over summed usage (a cohort, a usage-report row): amounts as bigint pico-dollars. */
export interface AggregateCostLine extends Omit<CostLine, "list" | "contracted"> {
  list: bigint;
  contracted: bigint;
}

/** `CostBreakdown` for summed usage; totals are bigint because aggregates leave the safe-integer range. */
export interface AggregateCostBreakdown extends Omit<CostBreakdown, "lines" | "list" | "contracted"> {
  /** Requests the usage sums over. */
  requests: number;
  lines: AggregateCostLine[];
  list: bigint;
  contracted: bigint;
}
