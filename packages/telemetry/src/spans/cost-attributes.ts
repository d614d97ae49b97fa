import { picoToUsd } from "@rightsize/contracts";
import {
  ATTR_RS_BASELINE_COST_PICO_USD,
  ATTR_RS_BASELINE_MODEL,
  ATTR_RS_COST_BAND,
  ATTR_RS_COST_BATCH,
  ATTR_RS_COST_CONFIRMED,
  ATTR_RS_COST_CONTRACTED_PICO_USD,
  ATTR_RS_COST_FAST,
  ATTR_RS_COST_LINES_PICO_USD,
  ATTR_RS_COST_PICO_USD,
  ATTR_RS_COST_US_RESIDENCY,
  ATTR_RS_COST_USD,
  ATTR_RS_PRICE_BOOK_VERSION,
  ATTR_RS_SAVINGS_BATCH_PICO_USD,
  ATTR_RS_SAVINGS_CACHING_PICO_USD,
  ATTR_RS_SAVINGS_ROUTING_PICO_USD,
  ATTR_RS_SAVINGS_TOTAL_PICO_USD,
} from "@rightsize/contracts/semconv";
import { priceBookVersion, type RequestPrice } from "@rightsize/pricing";
import { type AttributeSink, ObjectSink } from "./attribute-sink.js";
import type { Savings } from "./counterfactual.js";

/**
 * The exact cost of one attempt as span attributes: list and contracted totals in integer
 * pico-dollars, USD as a display double, the band and modifiers that applied, the price book
 * version, and (`lines`) the per-item lines as one int array. Attributes holding the common value
 * are left out (contracted = list, band standard, modifiers false, prices confirmed): see the
 * README's "absent means" column.
 */
export function putCostAttributes(sink: AttributeSink, price: RequestPrice, lines: boolean): void {
  const list = price.list;
  sink.put(ATTR_RS_COST_PICO_USD, list);
  sink.put(ATTR_RS_COST_USD, picoToUsd(list));
  sink.put(ATTR_RS_PRICE_BOOK_VERSION, priceBookVersion);
  // A copy: `price` is reused for the next call, and not every sink copies arrays.
  if (lines) sink.put(ATTR_RS_COST_LINES_PICO_USD, price.lines.slice());
  // Written only when they differ from the common case (each attribute costs SDK CPU per call):
  // contracted = list without contracted rates; band standard; no modifiers; confirmed prices.
  if (price.contracted !== list) sink.put(ATTR_RS_COST_CONTRACTED_PICO_USD, price.contracted);
  if (price.band !== "standard") sink.put(ATTR_RS_COST_BAND, price.band);
  if (price.batch) sink.put(ATTR_RS_COST_BATCH, true);
  if (price.usResidency) sink.put(ATTR_RS_COST_US_RESIDENCY, true);
  if (price.fast) sink.put(ATTR_RS_COST_FAST, true);
  if (!price.confirmed) sink.put(ATTR_RS_COST_CONFIRMED, false);
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
