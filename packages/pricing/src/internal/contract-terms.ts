import type { ContractedRates } from "../contracted-rates.js";
import type { PriceBook } from "../price-book.js";
import {
  type CompiledDiscount,
  type CompiledExplicitRates,
  compiledContract,
  discountFor,
  explicitFor,
} from "./compiled-contract.js";
import type { CompiledModel } from "./compiled-model.js";
import { variantIndex } from "./compiled-model.js";
import { mulDivRound, type Ratio } from "./decimal.js";
import type { RateSelection } from "./select-rates.js";

/** The contract terms in effect for one priced request, resolved once and applied per line. */
export interface ContractTerms {
  /** Explicit rates apply to the standard band at standard speed only. */
  explicit: CompiledExplicitRates | undefined;
  explicitWebSearch: number | null;
  discount: CompiledDiscount | undefined;
  /** Batch/residency multiplier applied on top of explicit rates. */
  ratio: Ratio;
}

/**
 * Terms for a model, day and rate selection; undefined without contracted rates. The answer depends
 * only on the rate table picked (model, band, speed), the day and the batch/residency variant, so it
 * is cached per rate table for the last day seen: replaying a day of traffic resolves each once.
 */
export function contractTerms(options: {
  rates: ContractedRates | undefined;
  book: PriceBook;
  model: CompiledModel;
  day: number;
  selection: RateSelection;
}): ContractTerms | undefined {
  if (options.rates === undefined) return undefined;
  const { book, model, day, selection } = options;
  const contract = compiledContract(options.rates, book);
  const variant = variantIndex(selection.batch, selection.usResidency);
  let cached = contract.termsCache.get(selection.rates);
  if (cached === undefined || cached.day !== day) {
    cached = { day, byVariant: [] };
    contract.termsCache.set(selection.rates, cached);
  }
  const known = cached.byVariant[variant] as ContractTerms | undefined;
  if (known !== undefined) return known;
  const explicit = explicitFor(contract, model, day);
  const terms: ContractTerms = {
    explicit: selection.band === "standard" && !selection.fast ? explicit : undefined,
    explicitWebSearch: explicit?.webSearch ?? null,
    discount: discountFor(contract, model, day),
    ratio: book.variantRatios[variant]!,
  };
  cached.byVariant[variant] = terms;
  return terms;
}

/**
 * Contracted unit price of rate field `field`: the explicit rate (x batch/residency), else the list
 * unit price less the discount, else list. Rounded half up to a whole pico-dollar only when inexact.
 */
export function contractedUnit(terms: ContractTerms | undefined, field: number, listUnit: number): number {
  if (terms === undefined) return listUnit;
  const explicit = terms.explicit?.units[field];
  if (explicit != null) return mulDivRound(explicit, terms.ratio.numerator, terms.ratio.denominator);
  const discount = terms.discount;
  return discount === undefined
    ? listUnit
    : mulDivRound(listUnit, discount.keep.numerator, discount.keep.denominator);
}

/** Contracted price of one web search (never scaled by batch or residency). */
export function contractedWebSearch(terms: ContractTerms | undefined, listUnit: number): number {
  if (terms === undefined) return listUnit;
  if (terms.explicitWebSearch !== null) return terms.explicitWebSearch;
  const discount = terms.discount;
  if (discount === undefined || !discount.includeWebSearch) return listUnit;
  return mulDivRound(listUnit, discount.keep.numerator, discount.keep.denominator);
}
