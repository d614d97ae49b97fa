import type {
  Decision,
  DeliveryMode,
  EscalationStep,
  RequestFacts,
  RouteDecision,
} from "@rightsize/contracts";
import { planCache } from "./cache-plan.js";
import type { CompiledPolicy, CompiledRule } from "./compile-policy.js";
import type { ExhaustAction } from "./policy-schema.js";
import type { ResolvedTier } from "./tier-models.js";

/** What the caller's budget check found (the routed client checks budgets before deciding). */
export interface BudgetState {
  exhausted: boolean;
  /** The exhausted limit's scope (`tenant`, `feature`, `apiKey`), to pick its own onExhaust. */
  scope?: string;
  subject?: string;
  period?: string;
}

/**
 * Turns the set of matched rules into a decision. Shared by decide() (compiled predicates)
 * and the json-rules-engine adapter, so both paths differ only in how rules are matched.
 * `matched[i]` says whether `compiled.rules[i]` matched.
 */
export function resolveDecision(options: {
  compiled: CompiledPolicy;
  facts: RequestFacts;
  matched: readonly boolean[];
  budget?: BudgetState | undefined;
}): Decision {
  const { compiled, facts, matched, budget } = options;
  const { policy, rules } = compiled;
  const reasons: string[] = [];
  const matchedRules: string[] = [];
  let routing: CompiledRule | undefined;
  let ceiling: CompiledRule | undefined;
  let batch: CompiledRule | undefined;
  for (let index = 0; index < rules.length; index++) {
    if (!matched[index]) continue;
    const rule = rules[index]!;
    matchedRules.push(rule.name);
    if (rule.section === "routing") routing ??= rule;
    else if (rule.section === "ceilings") ceiling ??= rule;
    else batch ??= rule;
  }
  let shadow = policy.mode === "shadow";
  if (routing?.reject) {
    return {
      kind: "reject",
      code: "policy_rejected",
      reason: routing.reason,
      matchedRules,
      policy: compiled.ref,
    };
  }
  let tier = chooseTier({ compiled, facts, routing }, reasons);
  // A valid quality override chose the tier (chooseTier honours it before any rule).
  const overridden = facts.qualityOverride !== undefined && compiled.tierByName.has(facts.qualityOverride);
  if (routing?.shadow) shadow = true;

  const maxTokens = chooseMaxTokens(
    { defaultMaxTokens: policy.defaultMaxTokens, requested: facts.requestedMaxTokens, ceiling },
    reasons,
  );
  if (ceiling?.shadow) shadow = true;
  let mode: DeliveryMode = "realtime";
  if (batch !== undefined) {
    mode = "batch";
    reasons.push(`${batch.name}: ${batch.reason}`);
    if (batch.shadow) shadow = true;
  }
  if (budget?.exhausted) {
    const action = exhaustAction(compiled, budget);
    const label = budget.scope ? `${budget.scope}${budget.subject ? ` ${budget.subject}` : ""}` : "a";
    if (action === "reject") {
      const reason = `budget exhausted (${label} ${budget.period ?? ""} limit)`.replace(/ +\)/, ")");
      return { kind: "reject", code: "budget_exhausted", reason, matchedRules, policy: compiled.ref };
    }
    if (action === "batch") {
      mode = "batch";
      reasons.push(`budget exhausted (${label} limit): switched to batch`);
    } else if (tier.index > 0) {
      tier = compiled.tiers[tier.index - 1]!;
      reasons.push(`budget exhausted (${label} limit): downgraded to ${tier.name}`);
    } else {
      reasons.push(`budget exhausted (${label} limit): already on the cheapest tier ${tier.name}`);
    }
  }
  const inputTokens = facts.estimatedInputTokens ?? facts.contextTokens ?? 0;
  const fitted = fitTier({ compiled, chosen: tier, inputTokens, maxTokens }, reasons);
  if (fitted === undefined) {
    const reason = `no tier's model can hold ${inputTokens} input + ${maxTokens} output tokens`;
    return { kind: "reject", code: "no_eligible_model", reason, matchedRules, policy: compiled.ref };
  }
  const escalation =
    budget?.exhausted || routing?.escalation === false
      ? []
      : escalationSteps({ compiled, from: fitted, chainName: routing?.escalation, inputTokens, maxTokens });
  const decision: RouteDecision = {
    kind: "route",
    tier: fitted.name,
    model: fitted.model.id,
    maxTokens,
    mode,
    cache: planCache({ caching: policy.caching, facts, model: fitted.model }),
    escalation,
    matchedRules,
    reasons,
    policy: compiled.ref,
    shadow,
    fallback: false,
  };
  if (overridden) decision.override = "caller";
  return decision;
}

/** The tier a valid quality override forces, else the winning routing rule's, else the default; `reasons` says which. */
function chooseTier(
  from: { compiled: CompiledPolicy; facts: RequestFacts; routing: CompiledRule | undefined },
  reasons: string[],
): ResolvedTier {
  const { compiled, facts, routing } = from;
  const override = facts.qualityOverride;
  if (override !== undefined) {
    const forced = compiled.tierByName.get(override);
    if (forced !== undefined) {
      reasons.push(`quality override: tier ${forced.name} requested by the caller`);
      return forced;
    }
    reasons.push(`quality override "${override}" ignored: not a tier of this policy`);
  }
  if (routing !== undefined) {
    reasons.push(`${routing.name}: ${routing.reason}`);
    return compiled.tierByName.get(routing.tier!)!;
  }
  reasons.push(`no routing rule matched: default tier ${compiled.policy.defaultTier}`);
  return compiled.tierByName.get(compiled.policy.defaultTier)!;
}

/** The caller's max_tokens capped by the winning ceiling rule (or the ceiling, or the policy's default). */
function chooseMaxTokens(
  from: { defaultMaxTokens: number; requested: number | undefined; ceiling: CompiledRule | undefined },
  reasons: string[],
): number {
  const { defaultMaxTokens, requested, ceiling } = from;
  const limit = ceiling?.maxTokens;
  if (ceiling === undefined || limit === undefined) return requested ?? defaultMaxTokens;
  if (requested === undefined) {
    reasons.push(`${ceiling.name}: max_tokens ${limit} (${ceiling.reason})`);
    return limit;
  }
  if (requested > limit) {
    reasons.push(`${ceiling.name}: requested max_tokens ${requested} capped to ${limit} (${ceiling.reason})`);
    return limit;
  }
  reasons.push(`${ceiling.name}: requested max_tokens ${requested} kept (ceiling ${limit})`);
  return requested;
}

function exhaustAction(compiled: CompiledPolicy, budget: BudgetState): ExhaustAction {
  const { budgets } = compiled.policy;
  const limit = budgets.limits.find(
    (candidate) =>
      candidate.scope === budget.scope &&
      (budget.period === undefined || candidate.period === budget.period) &&
      (candidate.subject === undefined || candidate.subject === budget.subject),
  );
  return limit?.onExhaust ?? budgets.onExhaust;
}

/** Whether a model can hold the request: the prompt plus max_tokens in its window, max_tokens in its output. */
export function tierFits(tier: ResolvedTier, inputTokens: number, maxTokens: number): boolean {
  return maxTokens <= tier.model.maxOutputTokens && inputTokens + maxTokens <= tier.model.contextWindow;
}

/** The chosen tier if it fits, else the nearest more capable one that does, else the nearest cheaper one. */
function fitTier(
  request: { compiled: CompiledPolicy; chosen: ResolvedTier; inputTokens: number; maxTokens: number },
  reasons: string[],
): ResolvedTier | undefined {
  const { compiled, chosen, inputTokens, maxTokens } = request;
  if (tierFits(chosen, inputTokens, maxTokens)) return chosen;
  const { tiers } = compiled;
  const candidates = [...tiers.slice(chosen.index + 1), ...tiers.slice(0, chosen.index).reverse()];
  const fitted = candidates.find((tier) => tierFits(tier, inputTokens, maxTokens));
  if (fitted !== undefined) {
    reasons.push(
      `${chosen.model.id} cannot hold ${inputTokens} input + ${maxTokens} output tokens: moved to ${fitted.name}`,
    );
  }
  return fitted;
}

/** The tiers after `from` in its chain (the rule's, else the default) that can hold the request. */
function escalationSteps(options: {
  compiled: CompiledPolicy;
  from: ResolvedTier;
  chainName: string | undefined;
  inputTokens: number;
  maxTokens: number;
}): EscalationStep[] {
  const { compiled, from, chainName, inputTokens, maxTokens } = options;
  const chain =
    (chainName !== undefined ? compiled.chains.get(chainName) : undefined) ?? compiled.defaultChain;
  const position = chain.indexOf(from.index);
  const next = position >= 0 ? chain.slice(position + 1) : chain.filter((index) => index > from.index);
  const steps: EscalationStep[] = [];
  for (const index of next) {
    const tier = compiled.tiers[index]!;
    if (tierFits(tier, inputTokens, maxTokens))
      steps.push({ tier: tier.name, model: tier.model.id, maxTokens });
  }
  return steps;
}
