import { didYouMean } from "@rightsize/contracts";
import type { ModelInfo } from "@rightsize/pricing";
import { isRetired, latestOfFamily, type ModelCatalog } from "./model-catalog.js";
import type { PolicyIssue } from "./policy-error.js";
import type { Policy } from "./policy-schema.js";

/** A tier with the model it binds to, in policy order (cheapest first). */
export interface ResolvedTier {
  name: string;
  index: number;
  model: ModelInfo;
}

/**
 * Binds every tier to a model of the catalog. A retired (or unknown) model is an error: a
 * policy must never route to it. A deprecated one is a warning naming its retirement date.
 */
export function resolveTierModels(options: { policy: Policy; catalog: ModelCatalog; now: Date }): {
  tiers: ResolvedTier[];
  issues: PolicyIssue[];
  warnings: PolicyIssue[];
} {
  const { policy, catalog, now } = options;
  const tiers: ResolvedTier[] = [];
  const issues: PolicyIssue[] = [];
  const warnings: PolicyIssue[] = [];
  Object.entries(policy.tiers).forEach(([name, binding], index) => {
    const path = `tiers.${name}`;
    let model: ModelInfo | undefined;
    if (typeof binding === "object" && "family" in binding) {
      model = latestOfFamily({ catalog, family: binding.family, now });
      if (model === undefined)
        issues.push({ path, message: `no active model of family "${binding.family}"` });
    } else {
      const id = typeof binding === "string" ? binding : binding.model;
      model = catalog.find(id);
      if (model === undefined) {
        const ids = catalog.list().map((known) => known.id);
        issues.push({ path, message: `unknown model "${id}"${didYouMean(id, ids)}` });
      }
    }
    if (model === undefined) return;
    if (isRetired(model, now)) {
      issues.push({
        path,
        message: `model "${model.id}" is retired${model.retiredAt ? ` (${model.retiredAt})` : ""}`,
      });
      return;
    }
    if (model.status === "deprecated") {
      const when = model.retiredAt ? `; it retires ${model.retiredAt}` : "";
      warnings.push({ path, message: `model "${model.id}" is deprecated${when}` });
    }
    tiers.push({ name, index, model });
  });
  return { tiers, issues, warnings };
}
