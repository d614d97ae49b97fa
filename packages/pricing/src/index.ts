/**
 * @rightsize/pricing: the Anthropic price book as sourced, effective-dated data and an exact cost
 * engine in integer pico-dollars. Money helpers (`sumPico`, `formatUsd`, ...) and the `usage`
 * type (`AnthropicUsage`) are in @rightsize/contracts.
 */

// --- cost of one response, of summed usage, of usage files and Admin report rows ---
export type { RequestCounts, RequestPrice } from "./compiled-rate-card.js";
/** A model's rates compiled for one day: the hot path's exact pricing (same figures as cost()). */
export { CompiledRateCard, compileRateCard, requestPrice, writeRequestPrice } from "./compiled-rate-card.js";
// --- contracted rates (FOCUS ContractedCost) ---
export type { ContractedRates } from "./contracted-rates.js";
export { contractedRatesSchema, parseContractedRates } from "./contracted-rates.js";
// --- the price book and its models ---
export { convertTokens } from "./convert-tokens.js";
export type { CostOptions } from "./cost.js";
export { cost } from "./cost.js";
export { findModel, getModel, listModels } from "./model-lookup.js";
export type { PriceAggregateOptions } from "./price-aggregate.js";
export { priceAggregate } from "./price-aggregate.js";
export type { PriceBook } from "./price-book.js";
export { defaultPriceBook, loadPriceBook, priceBookVersion } from "./price-book.js";
export type { PriceBookData } from "./price-book-schema.js";
export type { UsageRecordsCost, UsageTotals } from "./price-usage-records.js";
export { priceUsageRecords } from "./price-usage-records.js";
// --- errors ---
export { PricingError, PricingErrorCode } from "./pricing-error.js";
export { rateCard } from "./rate-card.js";
export type {
  AggregateCostBreakdown,
  AggregateCostLine,
  CostBreakdown,
  CostItem,
  CostLine,
  LifecycleStatus,
  ModelFamily,
  ModelInfo,
  RateCard,
  TokenizerGeneration,
} from "./types.js";
export { COST_ITEMS } from "./types.js";
export type { UsageRecord, UsageRecords } from "./usage-records.js";
export { parseUsageRecords } from "./usage-records.js";
export type { UsageReportRow } from "./usage-report.js";
export { priceUsageReportRow } from "./usage-report.js";
