import { type CostBreakdown, type CostItem, priceBookVersion } from "@rightsize/pricing";
import type { Savings } from "./counterfactual.js";
import {
  ATTR_RS_BASELINE_COST_PICO_USD,
  ATTR_RS_BASELINE_MODEL,
  ATTR_RS_COST_BAND,
  ATTR_RS_COST_BATCH,
  ATTR_RS_COST_CACHE_READ_PICO_USD,
  ATTR_RS_COST_CACHE_WRITE_1H_PICO_USD,
  ATTR_RS_COST_CACHE_WRITE_5M_PICO_USD,
  ATTR_RS_COST_CONFIRMED,
  ATTR_RS_COST_CONTRACTED_PICO_USD,
  ATTR_RS_COST_FAST,
  ATTR_RS_COST_INPUT_PICO_USD,
  ATTR_RS_COST_MICRO_USD,
  ATTR_RS_COST_OUTPUT_PICO_USD,
  ATTR_RS_COST_PICO_USD,
  ATTR_RS_COST_US_RESIDENCY,
  ATTR_RS_COST_USD,
  ATTR_RS_COST_WEB_SEARCH_PICO_USD,
  ATTR_RS_PRICE_BOOK_VERSION,
  ATTR_RS_SAVINGS_BATCH_PICO_USD,
  ATTR_RS_SAVINGS_CACHING_PICO_USD,
  ATTR_RS_SAVINGS_ROUTING_PICO_USD,
  ATTR_RS_SAVINGS_TOTAL_PICO_USD,
} from "./semconv.js";

const LINE_ATTRIBUTE: Record<CostItem, string> = {
  input: ATTR_RS_COST_INPUT_PICO_USD,
  cache_write_5m: ATTR_RS_COST_CACHE_WRITE_5M_PICO_USD,
  cache_write_1h: ATTR_RS_COST_CACHE_WRITE_1H_PICO_USD,
  cache_read: ATTR_RS_COST_CACHE_READ_PICO_USD,
  output: ATTR_RS_COST_OUTPUT_PICO_USD,
  web_search: ATTR_RS_COST_WEB_SEARCH_PICO_USD,
};

/**
 * The exact cost of one attempt as span attributes: list and contracted totals and every
 * per-item line in integer pico-dollars, USD and micro-USD as display doubles, the band and
 * modifiers that applied, and the price book version. Every item attribute is present (0 when
 * the item did not occur), so a reader can sum any column without a missing-value rule.
 */
export function costAttributes(breakdown: CostBreakdown): Record<string, string | number | boolean> {
  const attributes: Record<string, string | number | boolean> = {
    [ATTR_RS_COST_PICO_USD]: breakdown.list,
    [ATTR_RS_COST_CONTRACTED_PICO_USD]: breakdown.contracted,
    [ATTR_RS_COST_USD]: breakdown.list / 1e12,
    [ATTR_RS_COST_MICRO_USD]: breakdown.list / 1e6,
    [ATTR_RS_COST_INPUT_PICO_USD]: 0,
    [ATTR_RS_COST_CACHE_WRITE_5M_PICO_USD]: 0,
    [ATTR_RS_COST_CACHE_WRITE_1H_PICO_USD]: 0,
    [ATTR_RS_COST_CACHE_READ_PICO_USD]: 0,
    [ATTR_RS_COST_OUTPUT_PICO_USD]: 0,
    [ATTR_RS_COST_WEB_SEARCH_PICO_USD]: 0,
    [ATTR_RS_COST_BAND]: breakdown.band,
    [ATTR_RS_COST_BATCH]: breakdown.modifiers.batch,
    [ATTR_RS_COST_US_RESIDENCY]: breakdown.modifiers.usResidency,
    [ATTR_RS_COST_FAST]: breakdown.modifiers.fast,
    [ATTR_RS_COST_CONFIRMED]: breakdown.confirmed,
    [ATTR_RS_PRICE_BOOK_VERSION]: priceBookVersion,
  };
  for (const line of breakdown.lines) {
    const name = LINE_ATTRIBUTE[line.item];
    attributes[name] = (attributes[name] as number) + line.list;
  }
  return attributes;
}

/** The counterfactual of one request: baseline model and cost, savings by lever (pico-dollars). */
export function savingsAttributes(savings: Savings): Record<string, string | number> {
  return {
    [ATTR_RS_BASELINE_MODEL]: savings.baselineModel,
    [ATTR_RS_BASELINE_COST_PICO_USD]: savings.baseline,
    [ATTR_RS_SAVINGS_ROUTING_PICO_USD]: savings.routing,
    [ATTR_RS_SAVINGS_CACHING_PICO_USD]: savings.caching,
    [ATTR_RS_SAVINGS_BATCH_PICO_USD]: savings.batch,
    [ATTR_RS_SAVINGS_TOTAL_PICO_USD]: savings.total,
  };
}
