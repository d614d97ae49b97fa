import { type AnthropicUsage, promptTokens } from "@rightsize/contracts";
import type { ContractedRates } from "./contracted-rates.js";
import type { CompiledModel } from "./internal/compiled-model.js";
import { contractedUnit, contractedWebSearch, contractTerms } from "./internal/contract-terms.js";
import { dayNumberOf, isoDayOfDayNumber } from "./internal/dates.js";
import { readUsage, type UsageCounts } from "./internal/read-usage.js";
import { type RateSelection, selectRates } from "./internal/select-rates.js";
import { resolveModel } from "./model-lookup.js";
import { defaultPriceBook, type PriceBook } from "./price-book.js";
import { PricingError, PricingErrorCode } from "./pricing-error.js";
import { COST_ITEMS, type CostBreakdown, type CostItem, type CostLine } from "./types.js";

/** Options of `cost`. */
export interface CostOptions {
  /** Model id or alias. */
  model: string;
  /** `usage` exactly as the API returned it (nulls and missing fields are zero). */
  usage: AnthropicUsage;
  /** When the request ran (Date, YYYY-MM-DD or ISO timestamp; UTC day); default now. */
  at?: Date | string;
  /** Overrides `usage.inference_geo`: "us" is 1.1x on Claude 4.6 and later. */
  geo?: "us" | "global";
  /** Overrides `usage.speed`: "fast" bills fast-mode rates where the model has them. */
  speed?: "standard" | "fast";
  /** Contracted rates layered over list prices (validated once per object and cached; do not mutate). */
  rates?: ContractedRates;
  book?: PriceBook;
}

/** The token types of a bill, in line order (every cost item but the web-search fee). */
export const TOKEN_ITEMS: readonly CostItem[] = COST_ITEMS.slice(0, 5);

/**
 * Prices one response exactly, in integer pico-dollars, at list and contracted rates, itemized.
 * Lines appear for token types (and web searches) with a non-zero quantity, in a fixed order.
 * Throws PricingError on an unknown model, malformed usage, a date outside the model's rates, or an
 * unavailable modifier (fast on batch, US residency before Claude 4.6).
 * @example cost({ model: "claude-haiku-4-5", usage: { input_tokens: 2000, output_tokens: 500 } }).list // 4_500_000_000
 */
export function cost(options: CostOptions): CostBreakdown {
  const book = options.book ?? defaultPriceBook;
  const model = resolveModel(options.model, book);
  const day = dayNumberOf(options.at);
  const counts = readUsage(options.usage, "usage");
  return costOfCounts({
    model,
    day,
    counts,
    book,
    rates: options.rates,
    geo: options.geo,
    speed: options.speed,
  });
}

/** @internal `cost` after the model, the day and the usage are read (the compiled rate card's exact fallback). */
export function costOfCounts(options: {
  model: CompiledModel;
  day: number;
  counts: UsageCounts;
  book: PriceBook;
  rates: ContractedRates | undefined;
  geo?: "us" | "global" | undefined;
  speed?: "standard" | "fast" | undefined;
}): CostBreakdown {
  const { model, day, counts, book } = options;
  const prompt = promptTokens(counts);
  const selection = selectRates({
    model,
    day,
    promptTokens: prompt,
    batch: counts.batch,
    usageUsGeo: counts.usGeo,
    usageFast: counts.fast,
    geo: options.geo,
    speed: options.speed,
  });
  const lines: CostLine[] = [];
  const terms = contractTerms({ rates: options.rates, book, model, day, selection });
  const units = selection.units;
  const unconfirmedMask = selection.rates.unconfirmedMask;
  let list = 0;
  let contracted = 0;
  let confirmed = true;
  for (let field = 0; field < 5; field++) {
    const quantity =
      field === 0
        ? counts.uncachedInput
        : field === 1
          ? counts.cacheWrite5m
          : field === 2
            ? counts.cacheWrite1h
            : field === 3
              ? counts.cacheRead
              : counts.output;
    if (quantity === 0) continue;
    const listUnit = units[field]!;
    const contractedUnitPrice = contractedUnit(terms, field, listUnit);
    const lineList = quantity * listUnit;
    const lineContracted = quantity * contractedUnitPrice;
    lines.push({
      item: TOKEN_ITEMS[field]!,
      quantity,
      listUnitPrice: listUnit,
      contractedUnitPrice,
      list: lineList,
      contracted: lineContracted,
    });
    list += lineList;
    contracted += lineContracted;
    if ((unconfirmedMask >> field) & 1) confirmed = false;
  }
  if (counts.webSearchRequests > 0) {
    const listUnit = book.webSearchPicoPerRequest;
    const contractedUnitPrice = contractedWebSearch(terms, listUnit);
    const quantity = counts.webSearchRequests;
    lines.push({
      item: "web_search",
      quantity,
      listUnitPrice: listUnit,
      contractedUnitPrice,
      list: quantity * listUnit,
      contracted: quantity * contractedUnitPrice,
    });
    list += quantity * listUnit;
    contracted += quantity * contractedUnitPrice;
  }
  if (!Number.isSafeInteger(list) || !Number.isSafeInteger(contracted)) {
    throw new PricingError({
      code: PricingErrorCode.amountTooLarge,
      message: `usage: the cost of one request exceeds ${Number.MAX_SAFE_INTEGER} pico-dollars; price aggregates with priceAggregate`,
    });
  }
  const modifiers = book.data.modifiers;
  if (
    (selection.batch && !modifiers.batch.confirmed) ||
    (selection.usResidency && !modifiers.usResidency.confirmed)
  )
    confirmed = false;
  return {
    model: model.info.id,
    pricedAt: isoDayOfDayNumber(day),
    band: selection.band,
    modifiers: modifiersOf(selection),
    lines,
    promptTokens: prompt,
    outputTokens: counts.output,
    list,
    contracted,
    confirmed,
    sources: sourcesOf(book, selection, counts.webSearchRequests > 0),
  };
}

/** Shared, frozen modifier flags: one object per combination instead of one per priced request. */
const modifierFlags: readonly CostBreakdown["modifiers"][] = Array.from({ length: 8 }, (_, index) =>
  Object.freeze({ batch: (index & 1) !== 0, usResidency: (index & 2) !== 0, fast: (index & 4) !== 0 }),
);

/** @internal The frozen modifier flags of a selection. */
export function modifiersOf(selection: RateSelection): CostBreakdown["modifiers"] {
  return modifierFlags[
    (selection.batch ? 1 : 0) | (selection.usResidency ? 2 : 0) | (selection.fast ? 4 : 0)
  ]!;
}

/**
 * @internal Source ids of everything a price used, rate period first. Frozen and cached per rate
 * period and modifier combination: `cost()` runs per request and the answer is one of eight lists.
 */
export function sourcesOf(book: PriceBook, selection: RateSelection, webSearch: boolean): string[] {
  const rates = selection.rates;
  const key = (selection.batch ? 1 : 0) | (selection.usResidency ? 2 : 0) | (webSearch ? 4 : 0);
  const cached = rates.sourcesCache[key];
  if (cached !== undefined) return cached as string[];
  const sources = [rates.source];
  const modifiers = book.data.modifiers;
  const add = (source: string) => {
    if (!sources.includes(source)) sources.push(source);
  };
  if (selection.batch) add(modifiers.batch.source);
  if (selection.usResidency) add(modifiers.usResidency.source);
  if (webSearch) add(modifiers.webSearch.source);
  rates.sourcesCache[key] = Object.freeze(sources);
  return sources;
}
