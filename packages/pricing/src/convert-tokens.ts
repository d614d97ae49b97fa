import { findModel } from "./model-lookup.js";
import { defaultPriceBook, type PriceBook } from "./price-book.js";
import { PricingError, PricingErrorCode } from "./pricing-error.js";
import type { TokenizerGeneration } from "./types.js";

function generationOf(
  value: TokenizerGeneration | string,
  where: string,
  book: PriceBook,
): TokenizerGeneration {
  if (value === "v1" || value === "v2") return value;
  const model = typeof value === "string" ? findModel(value, { book }) : undefined;
  if (model === undefined) {
    throw new PricingError({
      code: PricingErrorCode.invalidOption,
      message: `${where}: expected "v1", "v2" or a model id in the price book, got ${JSON.stringify(value)}`,
    });
  }
  return model.tokenizer;
}

/**
 * Converts a token count between tokenizer generations for counterfactual pricing ("what would this
 * request have cost on model X"). The same text is about 1.3x as many tokens on v2 (Opus 4.7+, Sonnet 5+,
 * Haiku 5.5, Fable) as on v1 (Sonnet 4.6 and earlier): the book's `modifiers.tokenizer.v1ToV2Factor`,
 * an approximation; pass `factor` to use your own measurement. Rounds to the nearest whole token.
 * @example convertTokens({ tokens: 1000, from: "claude-sonnet-4-6", to: "claude-opus-4-7" }) // 1300
 */
export function convertTokens(options: {
  tokens: number;
  from: TokenizerGeneration | string;
  to: TokenizerGeneration | string;
  factor?: number;
  book?: PriceBook;
}): number {
  const book = options.book ?? defaultPriceBook;
  const { tokens } = options;
  if (typeof tokens !== "number" || !Number.isFinite(tokens) || tokens < 0) {
    throw new PricingError({
      code: PricingErrorCode.invalidOption,
      message: `tokens: expected a non-negative number, got ${tokens}`,
    });
  }
  const factor = options.factor ?? book.tokenizerFactor;
  if (typeof factor !== "number" || !Number.isFinite(factor) || factor <= 0) {
    throw new PricingError({
      code: PricingErrorCode.invalidOption,
      message: `factor: expected a positive number, got ${factor}`,
    });
  }
  const from = generationOf(options.from, "from", book);
  const to = generationOf(options.to, "to", book);
  if (from === to) return Math.round(tokens);
  return Math.round(from === "v1" ? tokens * factor : tokens / factor);
}
