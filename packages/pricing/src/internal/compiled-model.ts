import type { PriceBookModelEntry, PriceBookRatePeriod, RateField } from "../price-book-schema.js";
import { rateFieldNames } from "../price-book-schema.js";
import { PricingError, PricingErrorCode } from "../pricing-error.js";
import type { ModelInfo } from "../types.js";
import { dayNumberOfIsoDay } from "./dates.js";
import { type Ratio, scaleExact, usdPerMillionToPico } from "./decimal.js";

/** Unit-price table index: bit 0 = batch, bit 1 = US residency. */
export function variantIndex(batch: boolean, usResidency: boolean): number {
  return (batch ? 1 : 0) + (usResidency ? 2 : 0);
}

/** One effective-dated rate set, precomputed as integer pico-dollars per token for every modifier variant. */
export interface CompiledRates {
  fromDay: number;
  untilDay: number;
  /** units[variantIndex][item]: items in rateFieldNames order. */
  units: readonly (readonly number[])[];
  /** Bit i set when rate field i is not confirmed by Anthropic's own pages. */
  unconfirmedMask: number;
  source: string;
  /** Frozen source lists by modifier combination, filled on first use (see `sourcesOf`). */
  sourcesCache: (readonly string[] | undefined)[];
}

export interface CompiledBand {
  kind: "haiku-over-100k" | "long-context-over-200k";
  threshold: number;
  rates: CompiledRates;
}

export interface CompiledModel {
  info: ModelInfo;
  entry: PriceBookModelEntry;
  standard: readonly CompiledRates[];
  bands: readonly CompiledBand[];
  fast: readonly CompiledRates[];
  usResidency: boolean;
}

export interface Modifiers {
  batch: Ratio;
  usResidency: Ratio;
}

const ALL_UNCONFIRMED = (1 << rateFieldNames.length) - 1;

function fail(where: string, message: string): never {
  throw new PricingError({
    code: PricingErrorCode.invalidPriceBook,
    message: `price book ${where}: ${message}`,
  });
}

function compileRates(options: {
  period: Pick<PriceBookRatePeriod, "from" | "until" | "source" | "confirmed" | "unconfirmedRates">;
  rates: Record<RateField, string>;
  lastDay: number;
  modifiers: Modifiers;
  where: string;
}): CompiledRates {
  const { period, modifiers, where } = options;
  const base = rateFieldNames.map((field) => usdPerMillionToPico(options.rates[field], `${where}.${field}`));
  const variants: number[][] = [];
  for (const us of [false, true]) {
    for (const batch of [false, true]) {
      const numerator = (batch ? modifiers.batch.numerator : 1) * (us ? modifiers.usResidency.numerator : 1);
      const denominator =
        (batch ? modifiers.batch.denominator : 1) * (us ? modifiers.usResidency.denominator : 1);
      variants[variantIndex(batch, us)] = base.map((rate) =>
        scaleExact({ numerator: rate * numerator, denominator }, 1, `${where} with batch/residency`),
      );
    }
  }
  let unconfirmedMask = period.confirmed ? 0 : ALL_UNCONFIRMED;
  for (const field of period.unconfirmedRates) unconfirmedMask |= 1 << rateFieldNames.indexOf(field);
  const fromDay = period.from === null ? Number.NEGATIVE_INFINITY : dayNumberOfIsoDay(period.from);
  const untilDay = Math.min(
    period.until === null ? Number.POSITIVE_INFINITY : dayNumberOfIsoDay(period.until),
    options.lastDay,
  );
  if (untilDay < fromDay)
    fail(where, `the range ${period.from} to ${period.until} is empty (or ends after retirement)`);
  return { fromDay, untilDay, units: variants, unconfirmedMask, source: period.source, sourcesCache: [] };
}

function checkOrdered(periods: readonly CompiledRates[], where: string): void {
  for (let index = 1; index < periods.length; index++) {
    const previous = periods[index - 1]!;
    if (periods[index]!.fromDay <= previous.untilDay)
      fail(`${where}[${index}]`, "overlaps the previous period (periods must be in date order)");
  }
}

/** Validates and precomputes one model entry; every rate becomes an exact integer per modifier variant. */
export function compileModel(options: {
  entry: PriceBookModelEntry;
  where: string;
  modifiers: Modifiers;
}): CompiledModel {
  const { entry, where, modifiers } = options;
  const lastDay =
    entry.retiredAt === null ? Number.POSITIVE_INFINITY : dayNumberOfIsoDay(entry.retiredAt) - 1;
  const compile = (period: PriceBookRatePeriod, at: string) =>
    compileRates({ period, rates: period, lastDay, modifiers, where: at });
  const standard = entry.rates.map((period, index) => compile(period, `${where}.rates[${index}]`));
  const fast = entry.fast.map((period, index) => compile(period, `${where}.fast[${index}]`));
  checkOrdered(standard, `${where}.rates`);
  checkOrdered(fast, `${where}.fast`);
  const bands = entry.bands.map((band, index) => ({
    kind: band.kind,
    threshold: band.promptTokensOver,
    rates: compileRates({
      period: band,
      rates: band.rates,
      lastDay,
      modifiers,
      where: `${where}.bands[${index}]`,
    }),
  }));
  const info: ModelInfo = Object.freeze({
    id: entry.id,
    aliases: Object.freeze([...entry.aliases]),
    family: entry.family,
    displayName: entry.displayName,
    tokenizer: entry.tokenizer,
    contextWindow: entry.contextWindow,
    maxOutputTokens: entry.maxOutputTokens,
    minCacheableTokens: entry.minCacheableTokens,
    status: entry.status,
    releasedAt: entry.releasedAt,
    deprecatedAt: entry.deprecatedAt,
    retiredAt: entry.retiredAt,
    generation: entry.generation,
    version: entry.version,
    usResidency: entry.usResidency,
    fastMode: entry.fast.length > 0,
    confirmed: entry.confirmed,
    source: entry.source,
  });
  return { info, entry, standard, bands, fast, usResidency: entry.usResidency };
}

/** The period covering `day`, or undefined. Periods are few (1-3), so a scan beats a search. */
export function periodAt(periods: readonly CompiledRates[], day: number): CompiledRates | undefined {
  for (let index = 0; index < periods.length; index++) {
    const period = periods[index]!;
    if (day >= period.fromDay && day <= period.untilDay) return period;
  }
  return undefined;
}
