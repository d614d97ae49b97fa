import { periodAt } from "./internal/compiled-model.js";
import { dayNumberOf, isoDayOfDayNumber } from "./internal/dates.js";
import { resolveModel } from "./model-lookup.js";
import { defaultPriceBook, type PriceBook } from "./price-book.js";
import { PricingError, PricingErrorCode } from "./pricing-error.js";
import type { RateCard } from "./types.js";

/**
 * List rates of a model on a day (default today): standard band, standard speed, no batch or residency,
 * in pico-dollars per token. Throws like `cost` on an unknown model or a day outside its rates.
 * @example rateCard({ model: "claude-opus-4-7" }).output // 25_000_000 (= $25 per million tokens)
 */
export function rateCard(options: { model: string; at?: Date | string; book?: PriceBook }): RateCard {
  const model = resolveModel(options.model, options.book ?? defaultPriceBook);
  const day = dayNumberOf(options.at);
  const period = periodAt(model.standard, day);
  if (period === undefined) {
    throw new PricingError({
      code: PricingErrorCode.noRatesForDate,
      message: `${model.info.id} has no rates on ${isoDayOfDayNumber(day)}${model.info.retiredAt ? ` (retired ${model.info.retiredAt})` : ""}`,
    });
  }
  const [input, cacheWrite5m, cacheWrite1h, cacheRead, output] = period.units[0]!;
  return {
    input: input!,
    cacheWrite5m: cacheWrite5m!,
    cacheWrite1h: cacheWrite1h!,
    cacheRead: cacheRead!,
    output: output!,
  };
}
