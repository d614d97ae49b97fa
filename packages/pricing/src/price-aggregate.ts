import { type AnthropicUsage, promptTokens } from "@rightsize/contracts";
import { type CostOptions, modifiersOf, sourcesOf, TOKEN_ITEMS } from "./cost.js";
import { contractedUnit, contractedWebSearch, contractTerms } from "./internal/contract-terms.js";
import { dayNumberOf, isoDayOfDayNumber } from "./internal/dates.js";
import { readUsage } from "./internal/read-usage.js";
import { selectRates } from "./internal/select-rates.js";
import { resolveModel } from "./model-lookup.js";
import { defaultPriceBook } from "./price-book.js";
import { PricingError, PricingErrorCode } from "./pricing-error.js";
import type { AggregateCostBreakdown, AggregateCostLine, CostBreakdown, CostItem } from "./types.js";

/** Options of `priceAggregate`: those of `cost`, over usage summed across requests. */
export interface PriceAggregateOptions extends CostOptions {
  /** Token sums over many requests, in the `usage` shape (counts may exceed one request's range). */
  usage: AnthropicUsage;
  /** Number of requests summed (default 1); with no `band`, the average prompt decides the band. */
  requests?: number;
  /** Force a band (e.g. from a usage report's context_window); default: from the average prompt. */
  band?: CostBreakdown["band"];
}

/**
 * Prices summed usage (a cohort, a usage-report row) exactly in bigint pico-dollars. Bands are per
 * request, so a sum cannot show them: pass `band`, or `requests` so the average prompt decides.
 * @example priceAggregate({ model: "claude-haiku-4-5", usage: { input_tokens: 2e11, output_tokens: 5e10 }, requests: 1e8 })
 */
export function priceAggregate(options: PriceAggregateOptions): AggregateCostBreakdown {
  const book = options.book ?? defaultPriceBook;
  const model = resolveModel(options.model, book);
  const day = dayNumberOf(options.at);
  const counts = readUsage(options.usage, "usage");
  const requests = options.requests ?? 1;
  if (!Number.isSafeInteger(requests) || requests < 1) {
    throw new PricingError({
      code: PricingErrorCode.invalidOption,
      message: `requests: expected a positive integer, got ${requests}`,
    });
  }
  const prompt = promptTokens(counts);
  let decidingPrompt = Math.floor(prompt / requests);
  if (options.band !== undefined) {
    const rule = model.bands.find((candidate) => candidate.kind === options.band);
    decidingPrompt = rule === undefined ? 0 : rule.threshold + 1;
  }
  const selection = selectRates({
    model,
    day,
    promptTokens: decidingPrompt,
    batch: counts.batch,
    usageUsGeo: counts.usGeo,
    usageFast: counts.fast,
    geo: options.geo,
    speed: options.speed,
  });
  const quantities = [
    counts.uncachedInput,
    counts.cacheWrite5m,
    counts.cacheWrite1h,
    counts.cacheRead,
    counts.output,
  ];
  const terms = contractTerms({ rates: options.rates, book, model, day, selection });
  const lines: AggregateCostLine[] = [];
  let confirmed = true;
  quantities.forEach((quantity, field) => {
    if (quantity === 0) return;
    const listUnit = selection.units[field]!;
    const contracted = contractedUnit(terms, field, listUnit);
    lines.push(line(TOKEN_ITEMS[field]!, quantity, { list: listUnit, contracted }));
    if ((selection.rates.unconfirmedMask >> field) & 1) confirmed = false;
  });
  if (counts.webSearchRequests > 0) {
    const listUnit = book.webSearchPicoPerRequest;
    const contracted = contractedWebSearch(terms, listUnit);
    lines.push(line("web_search", counts.webSearchRequests, { list: listUnit, contracted }));
  }
  return {
    model: model.info.id,
    pricedAt: isoDayOfDayNumber(day),
    band: selection.band,
    modifiers: modifiersOf(selection),
    requests,
    lines,
    promptTokens: prompt,
    outputTokens: counts.output,
    list: lines.reduce((sum, entry) => sum + entry.list, 0n),
    contracted: lines.reduce((sum, entry) => sum + entry.contracted, 0n),
    confirmed,
    sources: sourcesOf(book, selection, counts.webSearchRequests > 0),
  };
}

/** A line of the bill: `quantity` tokens (or searches) at unit prices in pico-dollars, list and contracted. */
function line(
  item: CostItem,
  quantity: number,
  unit: { list: number; contracted: number },
): AggregateCostLine {
  return {
    item,
    quantity,
    listUnitPrice: unit.list,
    contractedUnitPrice: unit.contracted,
    list: BigInt(quantity) * BigInt(unit.list),
    contracted: BigInt(quantity) * BigInt(unit.contracted),
  };
}
