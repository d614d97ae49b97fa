import { readFileSync } from "node:fs";
import { formatIssues, issuesOf } from "@rightsize/contracts";
import { type CompiledModel, compileModel, type Modifiers } from "./internal/compiled-model.js";
import { parseDecimal, type Ratio, scaleExact } from "./internal/decimal.js";
import { type PriceBookData, priceBookSchema } from "./price-book-schema.js";
import { PricingError, PricingErrorCode } from "./pricing-error.js";
import type { ModelInfo } from "./types.js";

/**
 * A validated, precomputed price book. Build one with `loadPriceBook`; most callers use
 * `defaultPriceBook` (Anthropic list prices shipped in `data/price-book.json`).
 */
export class PriceBook {
  /** The book's version (the day its data was last reviewed). */
  readonly version: string;
  /** The validated source data, decimal strings and all. */
  readonly data: PriceBookData;
  /** Every model, newest generation first within each family. */
  readonly models: readonly ModelInfo[];
  /** Web search fee, pico-dollars per search. */
  readonly webSearchPicoPerRequest: number;
  /** Default tokens(v2) / tokens(v1) for the same text. */
  readonly tokenizerFactor: number;
  /** @internal Batch/residency multipliers by variant index (bit 0 batch, bit 1 US), exact ratios. */
  readonly variantRatios: readonly Ratio[];
  /** @internal Compiled models by lowercase id and alias. */
  readonly compiledByName: ReadonlyMap<string, CompiledModel>;

  /** @internal Use `loadPriceBook`. */
  constructor(data: PriceBookData) {
    this.data = data;
    this.version = data.version;
    const modifiers: Modifiers = {
      batch: parseDecimal(data.modifiers.batch.multiplier, "modifiers.batch.multiplier"),
      usResidency: parseDecimal(data.modifiers.usResidency.multiplier, "modifiers.usResidency.multiplier"),
    };
    this.variantRatios = [0, 1, 2, 3].map((variant) => ({
      numerator:
        (variant & 1 ? modifiers.batch.numerator : 1) * (variant & 2 ? modifiers.usResidency.numerator : 1),
      denominator:
        (variant & 1 ? modifiers.batch.denominator : 1) *
        (variant & 2 ? modifiers.usResidency.denominator : 1),
    }));
    const perThousand = parseDecimal(data.modifiers.webSearch.usdPerThousand, "modifiers.webSearch");
    // USD per 1,000 searches to pico-dollars per search: x 1e12 / 1e3.
    this.webSearchPicoPerRequest = scaleExact(
      perThousand,
      1_000_000_000,
      "modifiers.webSearch.usdPerThousand",
    );
    this.tokenizerFactor = Number(data.modifiers.tokenizer.v1ToV2Factor);
    const byName = new Map<string, CompiledModel>();
    data.models.forEach((entry, index) => {
      const where = `models[${index}] (${entry.id})`;
      if (data.sources[entry.source] === undefined)
        fail(`${where}.source`, `unknown source "${entry.source}"`);
      const compiled = compileModel({ entry, where, modifiers });
      for (const name of [entry.id, ...entry.aliases]) {
        const key = name.toLowerCase();
        if (byName.has(key))
          fail(where, `"${name}" is already the id or alias of ${byName.get(key)!.info.id}`);
        byName.set(key, compiled);
      }
    });
    this.compiledByName = byName;
    this.models = Object.freeze(
      [...new Set(byName.values())]
        .map((compiled) => compiled.info)
        .sort((left, right) => left.family.localeCompare(right.family) || right.generation - left.generation),
    );
  }

  /** @internal The compiled model for an exact id or alias (case-insensitive), or undefined. */
  lookup(idOrAlias: string): CompiledModel | undefined {
    return this.compiledByName.get(idOrAlias) ?? this.compiledByName.get(idOrAlias.toLowerCase());
  }
}

function fail(where: string, message: string): never {
  throw new PricingError({
    code: PricingErrorCode.invalidPriceBook,
    message: `price book ${where}: ${message}`,
  });
}

/**
 * Validates price book data (an object, or a JSON file at `path`) and precomputes its integer rate tables.
 * Errors are PricingError "invalid_price_book" naming the failing path, e.g. `models[3].rates[0].input`.
 * @example const book = loadPriceBook({ path: "./my-price-book.json" }); cost({ model, usage, book });
 */
export function loadPriceBook(options: { data?: unknown; path?: string | URL }): PriceBook {
  let data = options.data;
  if (options.path !== undefined) {
    try {
      data = JSON.parse(readFileSync(options.path, "utf8"));
    } catch (error) {
      throw new PricingError({
        code: PricingErrorCode.invalidPriceBook,
        message: `price book ${String(options.path)}: cannot read it as JSON (${(error as Error).message})`,
        cause: error,
      });
    }
  }
  const parsed = priceBookSchema.safeParse(data);
  if (!parsed.success) {
    throw new PricingError({
      code: PricingErrorCode.invalidPriceBook,
      message: `price book is invalid: ${formatIssues(issuesOf(parsed.error))}`,
      cause: parsed.error,
    });
  }
  return new PriceBook(parsed.data);
}

/** Anthropic list prices from `data/price-book.json`, resolved next to this module (works from src/ and dist/). */
export const defaultPriceBook: PriceBook = loadPriceBook({
  path: new URL("../data/price-book.json", import.meta.url),
});

/** Version of the default price book (the day its data was last reviewed). */
export const priceBookVersion: string = defaultPriceBook.version;
