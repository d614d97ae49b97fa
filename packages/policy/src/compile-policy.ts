import type { PolicyRef } from "@rightsize/contracts";
import { type ModelCatalog, priceBookCatalog } from "./model-catalog.js";
import { isValidatedPolicy, validatePolicy } from "./parse-policy.js";
import { PolicyError } from "./policy-error.js";
import type { Policy } from "./policy-schema.js";
import { compileCondition, type Predicate } from "./rules/compile-condition.js";
import { type ResolvedTier, resolveTierModels } from "./tier-models.js";

export type RuleSection = "routing" | "ceilings" | "batch";

/** One rule ready to evaluate: its predicate plus what it does when it matches. */
export interface CompiledRule {
  name: string;
  section: RuleSection;
  priority: number;
  /** Position in the policy file (ties on priority keep file order). */
  order: number;
  reason: string;
  shadow: boolean;
  predicate: Predicate;
  tier?: string;
  reject?: true;
  escalation?: string | false;
  maxTokens?: number;
}

/** A policy with tiers bound to models and rules compiled; built once per policy object. */
export interface CompiledPolicy {
  policy: Policy;
  ref: PolicyRef;
  tiers: readonly ResolvedTier[];
  tierByName: ReadonlyMap<string, ResolvedTier>;
  /** Every rule, highest priority first, then file order (the order of `matchedRules`). */
  rules: readonly CompiledRule[];
  /** Default escalation chain as tier indices. */
  defaultChain: readonly number[];
  chains: ReadonlyMap<string, readonly number[]>;
}

const cache = new WeakMap<ModelCatalog, WeakMap<Policy, CompiledPolicy>>();

/**
 * Compiles a policy (memoized per policy object and catalog, so decide() pays only for
 * evaluation). A policy object parsePolicy did not return (a hand-built one) is validated first.
 * Throws PolicyError whose issues name every problem's path (validatePolicy returns the same
 * problems as a value).
 */
export function compilePolicy(options: {
  policy: Policy;
  models?: ModelCatalog;
  now?: Date;
}): CompiledPolicy {
  const catalog = options.models ?? priceBookCatalog;
  let byPolicy = cache.get(catalog);
  if (byPolicy === undefined) {
    byPolicy = new WeakMap();
    cache.set(catalog, byPolicy);
  }
  const cached = byPolicy.get(options.policy);
  if (cached !== undefined) return cached;
  const now = options.now ?? new Date();
  let policy = options.policy;
  if (!isValidatedPolicy(policy)) {
    const validated = validatePolicy({ policy, models: catalog, now });
    if (!validated.ok) throw validated.error;
    policy = validated.policy;
  }
  const compiled = buildCompiledPolicy(policy, catalog, now);
  byPolicy.set(options.policy, compiled);
  return compiled;
}

function buildCompiledPolicy(policy: Policy, catalog: ModelCatalog, now: Date): CompiledPolicy {
  const resolved = resolveTierModels({ policy, catalog, now });
  if (resolved.issues.length > 0) throw new PolicyError({ code: "invalid", issues: resolved.issues });
  const tierByName = new Map(resolved.tiers.map((tier) => [tier.name, tier]));
  const indexOf = (name: string) => {
    const tier = tierByName.get(name);
    if (tier === undefined) throw new PolicyError({ code: "invalid", message: `unknown tier "${name}"` });
    return tier.index;
  };
  let order = 0;
  const rules: CompiledRule[] = [];
  const add = (section: RuleSection, rule: Policy["routing"][number] | Policy["ceilings"][number]) => {
    rules.push({
      name: rule.name,
      section,
      priority: rule.priority,
      order: order++,
      reason: rule.reason,
      shadow: rule.shadow,
      predicate: compileCondition(rule.when),
      ...("tier" in rule && rule.tier !== undefined ? { tier: rule.tier } : {}),
      ...("reject" in rule && rule.reject ? { reject: true as const } : {}),
      ...("escalation" in rule && rule.escalation !== undefined ? { escalation: rule.escalation } : {}),
      ...("maxTokens" in rule ? { maxTokens: rule.maxTokens } : {}),
    });
  };
  for (const rule of policy.routing) add("routing", rule);
  for (const rule of policy.ceilings) add("ceilings", rule);
  for (const rule of policy.batch) add("batch", rule);
  rules.sort((left, right) => right.priority - left.priority || left.order - right.order);
  for (const name of [policy.defaultTier, policy.fallbackTier]) indexOf(name);
  const defaultChain = (policy.escalation.chain ?? resolved.tiers.map((tier) => tier.name)).map(indexOf);
  const chains = new Map(
    Object.entries(policy.escalation.chains).map(([name, chain]) => [name, chain.map(indexOf)] as const),
  );
  return {
    policy,
    ref: { name: policy.name, version: policy.version },
    tiers: resolved.tiers,
    tierByName,
    rules,
    defaultChain,
    chains,
  };
}
