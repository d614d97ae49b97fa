export type { ContractedRates } from "./contracted-rates.js";
export { contractedRatesSchema, parseContractedRates } from "./contracted-rates.js";
export { convertTokens } from "./convert-tokens.js";
export type { CostOptions } from "./cost.js";
export { cost } from "./cost.js";
export { findModel, getModel, listModels } from "./model-lookup.js";
export { formatUsd, formatUsdPerMillion, PICO_PER_USD, picoToUsd, sumPico } from "./money.js";
export type { PriceAggregateOptions } from "./price-aggregate.js";
export { priceAggregate } from "./price-aggregate.js";
export { defaultPriceBook, loadPriceBook, PriceBook, priceBookVersion } from "./price-book.js";
export type { PriceBookData, RateField } from "./price-book-schema.js";
export { priceBookSchema, rateFieldNames } from "./price-book-schema.js";
export type { UsageRecordsCost, UsageTotals } from "./price-usage-records.js";
export { priceUsageRecords } from "./price-usage-records.js";
export { PricingError, PricingErrorCode } from "./pricing-error.js";
export { rateCard } from "./rate-card.js";
export type {
  AggregateCostBreakdown,
  AggregateCostLine,
  AnthropicUsage,
  CostBreakdown,
  CostItem,
  CostLine,
  LifecycleStatus,
  ModelFamily,
  ModelInfo,
  PicoUsd,
  RateCard,
  TokenizerGeneration,
} from "./types.js";
export type { UsageRecord, UsageRecords } from "./usage-records.js";
export { parseUsageRecords } from "./usage-records.js";
export type { UsageReportRow } from "./usage-report.js";
export { priceUsageReportRow, usageReportRowSchema } from "./usage-report.js";
