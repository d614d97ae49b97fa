import type { ContractedRates } from "./contracted-rates.js";
import { compiledContract, discountFor, explicitFor } from "./internal/compiled-contract.js";
import type { CompiledModel } from "./internal/compiled-model.js";
import { variantIndex } from "./internal/compiled-model.js";
import { dayNumberOf, isoDayOfDayNumber } from "./internal/dates.js";
import { mulDivRound } from "./internal/decimal.js";
import { readUsage, type UsageCounts } from "./internal/read-usage.js";
import { type RateSelection, selectRates } from "./internal/select-rates.js";
import { resolveModel } from "./model-lookup.js";
import { defaultPriceBook, type PriceBook } from "./price-book.js";
import { PricingError, PricingErrorCode } from "./pricing-error.js";
import type { AnthropicUsage, CostBreakdown, CostItem, CostLine } from "./types.js";

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

const tokenItems: readonly CostItem[] = ["input", "cache_write_5m", "cache_write_1h", "cache_read", "output"];

/** @internal Contracted unit price for one rate field given its list unit price. */
export function contractedUnitPrice(options: {
  book: PriceBook;
  model: CompiledModel;
  day: number;
  selection: RateSelection;
  field: number;
  listUnit: number;
  rates: ContractedRates | undefined;
}): number {
  if (options.rates === undefined) return options.listUnit;
  const contract = compiledContract(options.rates, options.book);
  const { selection, field } = options;
  if (selection.band === "standard" && !selection.fast) {
    const explicit = explicitFor(contract, options.model, options.day)?.units[field];
    if (explicit != null) {
      const ratio = options.book.variantRatios[variantIndex(selection.batch, selection.usResidency)]!;
      return mulDivRound(explicit, ratio.numerator, ratio.denominator);
    }
  }
  const discount = discountFor(contract, options.model, options.day);
  return discount === undefined
    ? options.listUnit
    : mulDivRound(options.listUnit, discount.keep.numerator, discount.keep.denominator);
}

/** @internal Contracted price of one web search. */
export function contractedWebSearchPrice(options: {
  book: PriceBook;
  model: CompiledModel;
  day: number;
  rates: ContractedRates | undefined;
}): number {
  const list = options.book.webSearchPicoPerRequest;
  if (options.rates === undefined) return list;
  const contract = compiledContract(options.rates, options.book);
  const explicit = explicitFor(contract, options.model, options.day)?.webSearch;
  if (explicit != null) return explicit;
  const discount = discountFor(contract, options.model, options.day);
  if (discount === undefined || !discount.includeWebSearch) return list;
  return mulDivRound(list, discount.keep.numerator, discount.keep.denominator);
}

function quantities(counts: UsageCounts): readonly number[] {
  return [counts.input, counts.cacheWrite5m, counts.cacheWrite1h, counts.cacheRead, counts.output];
}

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
  const promptTokens = counts.input + counts.cacheWrite5m + counts.cacheWrite1h + counts.cacheRead;
  const selection = selectRates({
    model,
    day,
    promptTokens,
    batch: counts.batch,
    usageUsGeo: counts.usGeo,
    usageFast: counts.fast,
    geo: options.geo,
    speed: options.speed,
  });
  const lines: CostLine[] = [];
  const amounts = quantities(counts);
  let list = 0;
  let contracted = 0;
  let confirmed = true;
  for (let field = 0; field < 5; field++) {
    const quantity = amounts[field]!;
    if (quantity === 0) continue;
    const listUnit = selection.units[field]!;
    const contractedUnit = contractedUnitPrice({
      book,
      model,
      day,
      selection,
      field,
      listUnit,
      rates: options.rates,
    });
    const line = {
      item: tokenItems[field]!,
      quantity,
      listUnitPrice: listUnit,
      contractedUnitPrice: contractedUnit,
      list: quantity * listUnit,
      contracted: quantity * contractedUnit,
    };
    lines.push(line);
    list += line.list;
    contracted += line.contracted;
    if ((selection.rates.unconfirmedMask >> field) & 1) confirmed = false;
  }
  if (counts.webSearches > 0) {
    const listUnit = book.webSearchPicoPerRequest;
    const contractedUnit = contractedWebSearchPrice({ book, model, day, rates: options.rates });
    const quantity = counts.webSearches;
    lines.push({
      item: "web_search",
      quantity,
      listUnitPrice: listUnit,
      contractedUnitPrice: contractedUnit,
      list: quantity * listUnit,
      contracted: quantity * contractedUnit,
    });
    list += quantity * listUnit;
    contracted += quantity * contractedUnit;
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
    modifiers: { batch: selection.batch, usResidency: selection.usResidency, fast: selection.fast },
    lines,
    promptTokens,
    outputTokens: counts.output,
    list,
    contracted,
    confirmed,
    sources: sourcesOf(book, selection, counts.webSearches > 0),
  };
}

/** @internal Source ids of everything a price used, rate period first. */
export function sourcesOf(book: PriceBook, selection: RateSelection, webSearch: boolean): string[] {
  const sources = [selection.rates.source];
  const modifiers = book.data.modifiers;
  const add = (source: string) => {
    if (!sources.includes(source)) sources.push(source);
  };
  if (selection.batch) add(modifiers.batch.source);
  if (selection.usResidency) add(modifiers.usResidency.source);
  if (webSearch) add(modifiers.webSearch.source);
  return sources;
}
