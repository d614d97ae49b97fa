import type { EvalCandidate } from "@rightsize/evals";
import { compilePolicy, decide, type Policy } from "@rightsize/policy";
import { findModel } from "@rightsize/pricing";
import { usageError } from "../cli-error.js";

/** A policy's tiers as eval candidates, and the lookups the summary and the recommendation need. */
export interface PolicyTiers {
  /** Every tier, cheapest first (the policy's order). */
  tiers: EvalCandidate[];
  /** An outcome key (a tier name or a model id) as a candidate: tier and model when the policy binds them. */
  resolveKey: (key: string) => EvalCandidate;
  tierOfModel: (model: string) => string | undefined;
  /** The tier the policy routes a task type to when nothing else is known about the request. */
  currentTier: (taskType: string) => string | null;
}

/** Reads a validated policy's tier bindings (families resolved to today's models). */
export function policyTiers(policy: Policy): PolicyTiers {
  const compiled = compilePolicy({ policy });
  const tiers: EvalCandidate[] = compiled.tiers.map((tier) => ({
    key: tier.name,
    tier: tier.name,
    model: tier.model.id,
  }));
  const byModel = new Map(tiers.map((tier) => [canonical(tier.model), tier]));
  const tierOfModel = (model: string) => byModel.get(canonical(model))?.tier;
  return {
    tiers,
    resolveKey: (key) => {
      const tier = tiers.find((candidate) => candidate.key === key);
      if (tier) return tier;
      const bound = tierOfModel(key);
      return bound === undefined ? { key, model: key } : { key, model: key, tier: bound };
    },
    tierOfModel,
    currentTier: (taskType) => {
      const decision = decide({ policy, facts: { taskType } });
      return decision.kind === "route" ? decision.tier : null;
    },
  };
}

/**
 * The candidates of `eval run`: `--tiers` (names of the policy's tiers) and `--models` (model
 * ids), cheapest first: tiers in policy order, then models by list price.
 */
export function evalCandidates(options: {
  policyTiers: PolicyTiers;
  tiers: readonly string[] | undefined;
  models: readonly string[] | undefined;
}): EvalCandidate[] {
  const { policyTiers: known } = options;
  const candidates: EvalCandidate[] = [];
  if (options.tiers !== undefined) {
    for (const name of options.tiers) {
      if (!known.tiers.some((tier) => tier.key === name)) {
        throw usageError(
          `--tiers: "${name}" is not a tier of the policy (tiers: ${known.tiers.map((tier) => tier.key).join(", ")})`,
        );
      }
    }
    candidates.push(...known.tiers.filter((tier) => options.tiers!.includes(tier.key)));
  }
  for (const model of options.models ?? []) {
    const info = findModel(model);
    if (!info) throw usageError(`--models: unknown model "${model}" (see rightsize cost models)`);
    candidates.push({
      key: model,
      model: info.id,
      ...(known.tierOfModel(info.id) ? { tier: known.tierOfModel(info.id)! } : {}),
    });
  }
  if (options.tiers === undefined && options.models === undefined) candidates.push(...known.tiers);
  return candidates;
}

function canonical(model: string): string {
  return findModel(model)?.id ?? model;
}
