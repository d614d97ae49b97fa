import { picoToUsd } from "@rightsize/contracts";
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
} from "@rightsize/contracts/semconv";
import { type CostBreakdown, type CostItem, priceBookVersion } from "@rightsize/pricing";
import { type AttributeSink, ObjectSink } from "./attribute-sink.js";
import type { Savings } from "./counterfactual.js";

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
 * modifiers that applied, and the price book version. Attributes holding the common value are
 * left out (a per-item line of 0, contracted = list, band standard, modifiers false, prices
 * confirmed): see the README's "absent means" column.
 */
export function costAttributes(breakdown: CostBreakdown): Record<string, string | number | boolean> {
  const attributes: Record<string, string | number | boolean> = {};
  putCostAttributes(new ObjectSink(attributes), breakdown);
  return attributes;
}

/** {@link costAttributes}, put into a sink (a span, on the hot path). */
export function putCostAttributes(sink: AttributeSink, breakdown: CostBreakdown): void {
  sink.put(ATTR_RS_COST_PICO_USD, breakdown.list);
  sink.put(ATTR_RS_COST_USD, picoToUsd(breakdown.list));
  sink.put(ATTR_RS_COST_MICRO_USD, breakdown.list / 1e6);
  sink.put(ATTR_RS_PRICE_BOOK_VERSION, priceBookVersion);
  // Written only when they differ from the common case (each attribute costs SDK CPU per call):
  // contracted = list without contracted rates; band standard; no modifiers; confirmed prices.
  if (breakdown.contracted !== breakdown.list)
    sink.put(ATTR_RS_COST_CONTRACTED_PICO_USD, breakdown.contracted);
  if (breakdown.band !== "standard") sink.put(ATTR_RS_COST_BAND, breakdown.band);
  if (breakdown.modifiers.batch) sink.put(ATTR_RS_COST_BATCH, true);
  if (breakdown.modifiers.usResidency) sink.put(ATTR_RS_COST_US_RESIDENCY, true);
  if (breakdown.modifiers.fast) sink.put(ATTR_RS_COST_FAST, true);
  if (!breakdown.confirmed) sink.put(ATTR_RS_COST_CONFIRMED, false);
  // cost() itemizes each item at most once (a fixed order of token types, then web searches).
  for (const line of breakdown.lines) {
    if (line.list !== 0) sink.put(LINE_ATTRIBUTE[line.item], line.list);
  }
}

/** The counterfactual of one request: baseline model and cost, savings by lever (pico-dollars). */
export function savingsAttributes(savings: Savings): Record<string, string | number> {
  const attributes: Record<string, string | number> = {};
  putSavingsAttributes(new ObjectSink(attributes), savings);
  return attributes;
}

/** {@link savingsAttributes}, put into a sink (a span, on the hot path). */
export function putSavingsAttributes(sink: AttributeSink, savings: Savings): void {
  sink.put(ATTR_RS_BASELINE_MODEL, savings.baselineModel);
  sink.put(ATTR_RS_BASELINE_COST_PICO_USD, savings.baseline);
  sink.put(ATTR_RS_SAVINGS_ROUTING_PICO_USD, savings.routing);
  sink.put(ATTR_RS_SAVINGS_TOTAL_PICO_USD, savings.total);
  // Caching and batch savings are 0 for most calls: absent means 0.
  if (savings.caching !== 0) sink.put(ATTR_RS_SAVINGS_CACHING_PICO_USD, savings.caching);
  if (savings.batch !== 0) sink.put(ATTR_RS_SAVINGS_BATCH_PICO_USD, savings.batch);
}
