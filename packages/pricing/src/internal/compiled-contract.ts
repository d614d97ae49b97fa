import type { ContractedRates } from "../contracted-rates.js";
import { parseContractedRates } from "../contracted-rates.js";
import type { PriceBook } from "../price-book.js";
import { rateFieldNames } from "../price-book-schema.js";
import { PricingError, PricingErrorCode } from "../pricing-error.js";
import type { CompiledModel } from "./compiled-model.js";
import { dayNumberOfIsoDay } from "./dates.js";
import { parseDecimal, type Ratio, scaleExact, usdPerMillionToPico } from "./decimal.js";

interface DatedRange {
  fromDay: number;
  untilDay: number;
}

export interface CompiledDiscount extends DatedRange {
  /** Null = every model. */
  models: ReadonlySet<CompiledModel> | null;
  /** Share of list price kept: (100 - percent) / 100, exact. */
  keep: Ratio;
  includeWebSearch: boolean;
}

export interface CompiledExplicitRates extends DatedRange {
  /** Pico-dollars per token by rate field, null where the contract does not set it. */
  units: readonly (number | null)[];
  webSearch: number | null;
}

export interface CompiledContract {
  discounts: readonly CompiledDiscount[];
  explicit: ReadonlyMap<CompiledModel, readonly CompiledExplicitRates[]>;
  /** Resolved terms by rate table, for the last day priced with it (see `contractTerms`). */
  termsCache: Map<object, { day: number; byVariant: unknown[] }>;
}

function fail(where: string, message: string): never {
  throw new PricingError({ code: PricingErrorCode.invalidContractedRates, message: `${where}: ${message}` });
}

function range(from: string | null | undefined, until: string | null | undefined, where: string): DatedRange {
  const fromDay = from == null ? Number.NEGATIVE_INFINITY : dayNumberOfIsoDay(from);
  const untilDay = until == null ? Number.POSITIVE_INFINITY : dayNumberOfIsoDay(until);
  if (untilDay < fromDay) fail(where, `until (${until}) is before from (${from})`);
  return { fromDay, untilDay };
}

const overlaps = (left: DatedRange, right: DatedRange) =>
  left.fromDay <= right.untilDay && right.fromDay <= left.untilDay;

function resolve(book: PriceBook, name: string, where: string): CompiledModel {
  const compiled = book.lookup(name);
  if (compiled === undefined) fail(where, `unknown model "${name}" (not in price book ${book.version})`);
  return compiled;
}

function compile(rates: ContractedRates, book: PriceBook): CompiledContract {
  const parsed = parseContractedRates(rates);
  const discounts: CompiledDiscount[] = (parsed.discounts ?? []).map((discount, index) => {
    const where = `rates.discounts[${index}]`;
    const off = parseDecimal(String(discount.percent), `${where}.percent`);
    const models = discount.models?.map((name, at) => resolve(book, name, `${where}.models[${at}]`));
    return {
      ...range(discount.from, discount.until, where),
      models: models === undefined ? null : new Set(models),
      keep: { numerator: 100 * off.denominator - off.numerator, denominator: 100 * off.denominator },
      includeWebSearch: discount.includeWebSearch ?? true,
    };
  });
  discounts.forEach((discount, index) => {
    for (let other = 0; other < index; other++) {
      const earlier = discounts[other]!;
      const sameScope =
        discount.models === null || earlier.models === null
          ? discount.models === earlier.models
          : [...discount.models].some((model) => earlier.models!.has(model));
      if (sameScope && overlaps(discount, earlier)) {
        fail(`rates.discounts[${index}]`, `overlaps rates.discounts[${other}] for the same models and dates`);
      }
    }
  });
  const explicit = new Map<CompiledModel, CompiledExplicitRates[]>();
  (parsed.rates ?? []).forEach((entry, index) => {
    const where = `rates.rates[${index}]`;
    const model = resolve(book, entry.model, `${where}.model`);
    const compiled: CompiledExplicitRates = {
      ...range(entry.from, entry.until, where),
      units: rateFieldNames.map((field) => {
        const value = entry[field];
        return value === undefined ? null : usdPerMillionToPico(value, `${where}.${field}`);
      }),
      webSearch:
        entry.webSearchPerThousand === undefined
          ? null
          : scaleExact(parseDecimal(entry.webSearchPerThousand, `${where}.webSearchPerThousand`), 1e9, where),
    };
    const list = explicit.get(model) ?? [];
    const clash = list.findIndex((other) => overlaps(other, compiled));
    if (clash >= 0) fail(where, `overlaps another entry for ${model.info.id} on the same dates`);
    list.push(compiled);
    explicit.set(model, list);
  });
  return { discounts, explicit, termsCache: new Map() };
}

const cache = new WeakMap<object, WeakMap<PriceBook, CompiledContract>>();

/** Validates and compiles contracted rates once per (rates object, book); later calls are a map lookup. */
export function compiledContract(rates: ContractedRates, book: PriceBook): CompiledContract {
  let byBook = cache.get(rates);
  let compiled = byBook?.get(book);
  if (compiled !== undefined) return compiled;
  compiled = compile(rates, book);
  if (byBook === undefined) {
    byBook = new WeakMap();
    cache.set(rates, byBook);
  }
  byBook.set(book, compiled);
  return compiled;
}

/** The discount in effect for a model and day: model-specific first, then general. */
export function discountFor(
  contract: CompiledContract,
  model: CompiledModel,
  day: number,
): CompiledDiscount | undefined {
  let general: CompiledDiscount | undefined;
  for (const discount of contract.discounts) {
    if (day < discount.fromDay || day > discount.untilDay) continue;
    if (discount.models === null) general = discount;
    else if (discount.models.has(model)) return discount;
  }
  return general;
}

/** The explicit rates in effect for a model and day. */
export function explicitFor(
  contract: CompiledContract,
  model: CompiledModel,
  day: number,
): CompiledExplicitRates | undefined {
  const list = contract.explicit.get(model);
  if (list === undefined) return undefined;
  for (const entry of list) if (day >= entry.fromDay && day <= entry.untilDay) return entry;
  return undefined;
}
