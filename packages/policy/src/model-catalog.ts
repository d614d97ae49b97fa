import type { ModelFamily, ModelInfo } from "@rightsize/pricing";
import { findModel, listModels } from "@rightsize/pricing";

/**
 * Where a policy looks up the models its tiers bind to. The default reads the price book;
 * tests and services with contracted catalogs pass their own.
 */
export interface ModelCatalog {
  /** The model for an id or alias, or undefined. */
  find(idOrAlias: string): ModelInfo | undefined;
  /** Every model the catalog knows. */
  list(): readonly ModelInfo[];
}

/** The price book's models (`@rightsize/pricing`). */
export const priceBookCatalog: ModelCatalog = {
  find: (idOrAlias) => findModel(idOrAlias),
  list: () => listModels(),
};

/** A catalog over a fixed list of models (aliases resolve too). */
export function createModelCatalog(options: { models: readonly ModelInfo[] }): ModelCatalog {
  const byName = new Map<string, ModelInfo>();
  for (const model of options.models) {
    byName.set(model.id, model);
    for (const alias of model.aliases) byName.set(alias, model);
  }
  return { find: (idOrAlias) => byName.get(idOrAlias), list: () => options.models };
}

/** Retired by status, or by a retirement date already past at `now`. */
export function isRetired(model: ModelInfo, now: Date): boolean {
  if (model.status === "retired") return true;
  return model.retiredAt !== null && model.retiredAt <= now.toISOString().slice(0, 10);
}

/** The newest model of a family that is active (not legacy, deprecated or retired). */
export function latestOfFamily(options: {
  catalog: ModelCatalog;
  family: ModelFamily;
  now: Date;
}): ModelInfo | undefined {
  let best: ModelInfo | undefined;
  for (const model of options.catalog.list()) {
    if (model.family !== options.family || model.status !== "active" || isRetired(model, options.now))
      continue;
    if (best === undefined || model.generation > best.generation) best = model;
  }
  return best;
}
