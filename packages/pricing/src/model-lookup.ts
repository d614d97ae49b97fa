import { closestNames } from "@rightsize/contracts";
import type { CompiledModel } from "./internal/compiled-model.js";
import { defaultPriceBook, type PriceBook } from "./price-book.js";
import { PricingError, PricingErrorCode } from "./pricing-error.js";
import type { LifecycleStatus, ModelFamily, ModelInfo } from "./types.js";

/** @internal Resolves an id or alias to its compiled model or throws "unknown_model" listing the closest ids. */
export function resolveModel(idOrAlias: string, book: PriceBook): CompiledModel {
  const compiled = typeof idOrAlias === "string" ? book.lookup(idOrAlias) : undefined;
  if (compiled !== undefined) return compiled;
  if (typeof idOrAlias !== "string" || idOrAlias.trim() === "") {
    throw new PricingError({
      code: PricingErrorCode.unknownModel,
      message: `model: expected a model id such as "claude-haiku-4-5", got ${JSON.stringify(idOrAlias)}`,
    });
  }
  const closest = closestNames({ name: idOrAlias, candidates: book.compiledByName.keys(), limit: 3 });
  throw new PricingError({
    code: PricingErrorCode.unknownModel,
    message: `unknown model "${idOrAlias}" (price book ${book.version}); closest known: ${closest.join(", ")}`,
  });
}

/**
 * The model for an id or alias (`claude-haiku-4-5` resolves to `claude-haiku-4-5-20251001`).
 * Throws PricingError "unknown_model" whose message lists the closest known ids.
 */
export function getModel(idOrAlias: string, options?: { book?: PriceBook }): ModelInfo {
  return resolveModel(idOrAlias, options?.book ?? defaultPriceBook).info;
}

/** The model for an id or alias, or undefined when the book does not know it. */
export function findModel(idOrAlias: string, options?: { book?: PriceBook }): ModelInfo | undefined {
  return (options?.book ?? defaultPriceBook).lookup(idOrAlias)?.info;
}

/**
 * Models of the book, by family then newest first; filter by family and lifecycle status.
 * @example listModels({ family: "haiku", status: ["active", "legacy"] })
 */
export function listModels(options?: {
  book?: PriceBook;
  family?: ModelFamily;
  status?: LifecycleStatus | readonly LifecycleStatus[];
}): ModelInfo[] {
  const statuses = options?.status === undefined ? undefined : [options.status].flat();
  return (options?.book ?? defaultPriceBook).models.filter(
    (model) =>
      (options?.family === undefined || model.family === options.family) &&
      (statuses === undefined || statuses.includes(model.status)),
  );
}
