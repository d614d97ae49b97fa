import type { TokenCounts } from "@rightsize/contracts";
import type { ContractedRates } from "./contracted-rates.js";
import { costOfCounts } from "./cost.js";
import { type CompiledModel, type CompiledRates, variantIndex } from "./internal/compiled-model.js";
import { contractedUnit, contractedWebSearch, contractTerms } from "./internal/contract-terms.js";
import { dayNumberOf, isoDayOfDayNumber } from "./internal/dates.js";
import { selectRates } from "./internal/select-rates.js";
import { resolveModel } from "./model-lookup.js";
import { defaultPriceBook, type PriceBook } from "./price-book.js";
import { COST_ITEMS, type CostBreakdown, type TokenizerGeneration } from "./types.js";

const MS_PER_DAY = 86_400_000;

/** Token counts of one request and its modifiers, as the API reported them (normalized). */
export interface RequestCounts extends TokenCounts {
  /** `service_tier: "batch"`. */
  batch: boolean;
  /** `inference_geo: "us"` (billed 1.1x only on models with US residency pricing). */
  usGeo: boolean;
  /** `speed: "fast"`. */
  fast: boolean;
}

/**
 * What {@link CompiledRateCard.price} writes: the figures of `cost()` for the same request, in a
 * record the caller owns and reuses (nothing is allocated per price).
 */
export interface RequestPrice {
  list: number;
  contracted: number;
  band: CostBreakdown["band"];
  batch: boolean;
  usResidency: boolean;
  fast: boolean;
  confirmed: boolean;
  /** List pico-dollars by `COST_ITEMS` index (0 where the request has none of the item). */
  readonly lines: number[];
}

/** A fresh {@link RequestPrice} to reuse across calls. */
export function requestPrice(): RequestPrice {
  return {
    list: 0,
    contracted: 0,
    band: "standard",
    batch: false,
    usResidency: false,
    fast: false,
    confirmed: true,
    lines: new Array<number>(COST_ITEMS.length).fill(0),
  };
}

/** Writes a `cost()` breakdown into a {@link RequestPrice} (for usage a card does not price itself). */
export function writeRequestPrice(breakdown: CostBreakdown, into: RequestPrice): RequestPrice {
  into.lines.fill(0);
  for (const line of breakdown.lines) into.lines[COST_ITEMS.indexOf(line.item)] = line.list;
  into.list = breakdown.list;
  into.contracted = breakdown.contracted;
  into.band = breakdown.band;
  into.batch = breakdown.modifiers.batch;
  into.usResidency = breakdown.modifiers.usResidency;
  into.fast = breakdown.modifiers.fast;
  into.confirmed = breakdown.confirmed;
  return into;
}

/** One rate table of the day (standard, or a band) with every unit resolved per batch/residency variant. */
interface CompiledTable {
  band: CostBreakdown["band"];
  /** A band applies when the prompt has more tokens than this; the standard table has none. */
  threshold: number;
  /** list[variant][field] and contracted[variant][field]: integer pico-dollars per token. */
  list: readonly (readonly number[])[];
  contracted: readonly (readonly number[])[];
  /** Contracted price of one web search by variant. */
  webSearch: readonly number[];
  unconfirmedMask: number;
}

const SAFE_PROMPT = Number.MAX_SAFE_INTEGER;

/**
 * A model's rates on one UTC day, compiled to flat integer pico-dollar rates per token (every band,
 * batch and US-residency variant, list and contracted), so that pricing one request is a few
 * multiply-adds with no lookup and no allocation. Prices exactly what `cost()` prices, to the
 * pico-dollar (the same list, contracted, band, modifiers, confirmation and lines); a fast-mode
 * request or a total beyond the safe-integer range goes through `cost()`'s own engine, so every
 * error is `cost()`'s too. Build one with {@link compileRateCard}; it is immutable.
 */
export class CompiledRateCard {
  /** Resolved model id. */
  readonly model: string;
  /** The day (YYYY-MM-DD, UTC) whose rates it holds. */
  readonly pricedAt: string;
  /** Epoch milliseconds of the day's start and of the next day's: the card prices times in [from, until). */
  readonly fromMs: number;
  readonly untilMs: number;
  readonly tokenizer: TokenizerGeneration;
  readonly #compiled: CompiledModel;
  readonly #day: number;
  readonly #book: PriceBook;
  readonly #rates: ContractedRates | undefined;
  readonly #standard: CompiledTable;
  /** Bands in force on the day, in the book's order (the first whose threshold the prompt passes applies). */
  readonly #bands: readonly CompiledTable[];
  readonly #usResidency: boolean;
  readonly #webSearchList: number;
  readonly #batchConfirmed: boolean;
  readonly #usResidencyConfirmed: boolean;

  /** @internal Use {@link compileRateCard}. */
  constructor(options: {
    model: CompiledModel;
    day: number;
    book: PriceBook;
    rates: ContractedRates | undefined;
  }) {
    const { model, day, book, rates } = options;
    // Throws cost()'s own error when the model has no rates that day (or the contract is invalid).
    const standard = selectRates({
      model,
      day,
      promptTokens: 0,
      batch: false,
      usageUsGeo: false,
      usageFast: false,
      geo: undefined,
      speed: undefined,
    });
    this.model = model.info.id;
    this.pricedAt = isoDayOfDayNumber(day);
    this.fromMs = day * MS_PER_DAY;
    this.untilMs = (day + 1) * MS_PER_DAY;
    this.tokenizer = model.info.tokenizer;
    this.#compiled = model;
    this.#day = day;
    this.#book = book;
    this.#rates = rates;
    this.#usResidency = model.usResidency;
    this.#webSearchList = book.webSearchPicoPerRequest;
    this.#batchConfirmed = book.data.modifiers.batch.confirmed;
    this.#usResidencyConfirmed = book.data.modifiers.usResidency.confirmed;
    const table = (rates_: CompiledRates, band: CostBreakdown["band"], threshold: number): CompiledTable => {
      const list: number[][] = [];
      const contracted: number[][] = [];
      const webSearch: number[] = [];
      for (let variant = 0; variant < 4; variant++) {
        const batch = (variant & 1) !== 0;
        const usResidency = (variant & 2) !== 0;
        const units = rates_.units[variantIndex(batch, usResidency)]!;
        const selection = { rates: rates_, units, band, batch, usResidency, fast: false };
        const terms = contractTerms({ rates, book, model, day, selection });
        list.push([...units]);
        contracted.push(units.map((unit, field) => contractedUnit(terms, field, unit)));
        webSearch.push(contractedWebSearch(terms, book.webSearchPicoPerRequest));
      }
      return { band, threshold, list, contracted, webSearch, unconfirmedMask: rates_.unconfirmedMask };
    };
    this.#standard = table(standard.rates, "standard", SAFE_PROMPT);
    this.#bands = model.bands
      .filter((rule) => day >= rule.rates.fromDay && day <= rule.rates.untilDay)
      .map((rule) => table(rule.rates, rule.kind, rule.threshold));
  }

  /** Whether `epochMs` falls on the card's day. */
  covers(epochMs: number): boolean {
    return epochMs >= this.fromMs && epochMs < this.untilMs;
  }

  /**
   * Prices one request into `into` (returned): exactly `cost()`'s figures for the same usage on
   * this model and day. Throws `cost()`'s PricingError where it would (fast mode on batch, a cost
   * beyond the safe-integer range...).
   */
  price(counts: RequestCounts, into: RequestPrice): RequestPrice {
    const uncached = counts.uncachedInput;
    const write5m = counts.cacheWrite5m;
    const write1h = counts.cacheWrite1h;
    const read = counts.cacheRead;
    const output = counts.output;
    const prompt = uncached + write5m + write1h + read;
    if (counts.fast || !(prompt <= SAFE_PROMPT)) return this.#exact(counts, into);
    const table = this.#tableFor(prompt);
    const usResidency = counts.usGeo && this.#usResidency;
    const variant = (counts.batch ? 1 : 0) + (usResidency ? 2 : 0);
    const unit = table.list[variant]!;
    const contractedUnit = table.contracted[variant]!;
    const lines = into.lines;
    const line0 = uncached * unit[0]!;
    const line1 = write5m * unit[1]!;
    const line2 = write1h * unit[2]!;
    const line3 = read * unit[3]!;
    const line4 = output * unit[4]!;
    const searches = counts.webSearchRequests;
    const line5 = searches * this.#webSearchList;
    const list = line0 + line1 + line2 + line3 + line4 + line5;
    const contracted =
      uncached * contractedUnit[0]! +
      write5m * contractedUnit[1]! +
      write1h * contractedUnit[2]! +
      read * contractedUnit[3]! +
      output * contractedUnit[4]! +
      searches * table.webSearch[variant]!;
    if (!Number.isSafeInteger(list) || !Number.isSafeInteger(contracted)) return this.#exact(counts, into);
    lines[0] = line0;
    lines[1] = line1;
    lines[2] = line2;
    lines[3] = line3;
    lines[4] = line4;
    lines[5] = line5;
    const mask = table.unconfirmedMask;
    into.list = list;
    into.contracted = contracted;
    into.band = table.band;
    into.batch = counts.batch;
    into.usResidency = usResidency;
    into.fast = false;
    into.confirmed =
      (mask === 0 ||
        !(
          (uncached > 0 && (mask & 1) !== 0) ||
          (write5m > 0 && (mask & 2) !== 0) ||
          (write1h > 0 && (mask & 4) !== 0) ||
          (read > 0 && (mask & 8) !== 0) ||
          (output > 0 && (mask & 16) !== 0)
        )) &&
      !(counts.batch && !this.#batchConfirmed) &&
      !(usResidency && !this.#usResidencyConfirmed);
    return into;
  }

  /**
   * The list total of one request (what {@link price} puts in `list`), for prices of which only
   * the total is needed (a counterfactual).
   */
  listPrice(counts: RequestCounts): number {
    const uncached = counts.uncachedInput;
    const write5m = counts.cacheWrite5m;
    const write1h = counts.cacheWrite1h;
    const read = counts.cacheRead;
    const prompt = uncached + write5m + write1h + read;
    if (counts.fast || !(prompt <= SAFE_PROMPT)) return this.#exactCost(counts).list;
    const table = this.#tableFor(prompt);
    const unit = table.list[(counts.batch ? 1 : 0) + (counts.usGeo && this.#usResidency ? 2 : 0)]!;
    const list =
      uncached * unit[0]! +
      write5m * unit[1]! +
      write1h * unit[2]! +
      read * unit[3]! +
      counts.output * unit[4]! +
      counts.webSearchRequests * this.#webSearchList;
    return Number.isSafeInteger(list) ? list : this.#exactCost(counts).list;
  }

  /**
   * `tokens` of this model's tokenizer counted on `target`'s (`convertTokens`: identity within a
   * generation, the book's factor across, rounded to a whole token).
   */
  tokensOn(target: CompiledRateCard, tokens: number): number {
    if (this.tokenizer === target.tokenizer) return Math.round(tokens);
    const factor = this.#book.tokenizerFactor;
    return Math.round(this.tokenizer === "v1" ? tokens * factor : tokens / factor);
  }

  /** The rates of the prompt's band: the first long-context band it exceeds, else standard. */
  #tableFor(prompt: number): CompiledTable {
    const bands = this.#bands;
    for (let index = 0; index < bands.length; index++) {
      if (prompt > bands[index]!.threshold) return bands[index]!;
    }
    return this.#standard;
  }

  #exactCost(counts: RequestCounts): CostBreakdown {
    return costOfCounts({
      model: this.#compiled,
      day: this.#day,
      counts,
      book: this.#book,
      rates: this.#rates,
    });
  }

  #exact(counts: RequestCounts, into: RequestPrice): RequestPrice {
    return writeRequestPrice(this.#exactCost(counts), into);
  }
}

/**
 * Compiles a model's rates on the UTC day of `at` (default now), with contracted rates if given,
 * for pricing many requests of that model and day (see {@link CompiledRateCard}). Throws `cost()`'s
 * PricingError on an unknown model, a day outside its rates or invalid contracted rates.
 * @example compileRateCard({ model: "claude-haiku-4-5" }).price(counts, requestPrice()).list
 */
export function compileRateCard(options: {
  model: string;
  at?: Date | string;
  rates?: ContractedRates;
  book?: PriceBook;
}): CompiledRateCard {
  const book = options.book ?? defaultPriceBook;
  const model = resolveModel(options.model, book);
  return new CompiledRateCard({ model, day: dayNumberOf(options.at), book, rates: options.rates });
}
