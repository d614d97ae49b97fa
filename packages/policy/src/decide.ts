import type { Decision, RequestFacts, RouteDecision } from "@rightsize/contracts";
import { type CompiledPolicy, compilePolicy } from "./compile-policy.js";
import { checkFactTypes } from "./decision-facts.js";
import type { ModelCatalog } from "./model-catalog.js";
import type { Policy } from "./policy-schema.js";
import { type BudgetState, resolveDecision, tierFits } from "./resolve-decision.js";
import type { FactRecord } from "./rules/compile-condition.js";

export interface DecideOptions {
  policy: Policy;
  facts: RequestFacts;
  /** The caller's budget check; when exhausted, the policy's onExhaust action applies. */
  budget?: BudgetState;
  /** Models the tiers bind to; the price book by default (must match the one used to parse). */
  models?: ModelCatalog;
}

/**
 * Decides how one request runs: synchronous, allocation-light, and never throws. The rules are
 * json-rules-engine conditions compiled to plain predicates (same meaning, proven by a
 * differential test against the real engine); every rule is evaluated so `matchedRules` lists
 * all matches. A fault (a throwing fact, a wrongly typed built-in fact) yields a route on the
 * policy's fallback tier with `fallback: true` and the reason.
 * @example
 * const decision = decide({ policy, facts: { taskType: "classification", estimatedInputTokens: 900 } });
 * if (decision.kind === "route") request.model = decision.model;
 */
export function decide(options: DecideOptions): Decision {
  let compiled: CompiledPolicy;
  try {
    compiled = compilePolicy({
      policy: options.policy,
      ...(options.models ? { models: options.models } : {}),
    });
  } catch (error) {
    return {
      kind: "reject",
      code: "no_eligible_model",
      reason: `policy cannot be compiled: ${messageOf(error)}`,
      matchedRules: [],
      policy: { name: String(options.policy?.name), version: String(options.policy?.version) },
    };
  }
  try {
    checkFactTypes(options.facts);
    return resolveDecision({
      compiled,
      facts: options.facts,
      matched: matchRules(compiled, options.facts),
      budget: options.budget,
    });
  } catch (error) {
    return fallbackDecision({ compiled, facts: options.facts, error });
  }
}

/** Evaluates every compiled rule against the facts; `matched[i]` belongs to `compiled.rules[i]`. */
export function matchRules(compiled: CompiledPolicy, facts: FactRecord): boolean[] {
  const { rules } = compiled;
  const matched = new Array<boolean>(rules.length);
  for (let index = 0; index < rules.length; index++) matched[index] = rules[index]!.predicate(facts);
  return matched;
}

/** The safe decision when rules cannot be evaluated: the fallback tier, realtime, uncached. */
export function fallbackDecision(options: {
  compiled: CompiledPolicy;
  facts: RequestFacts;
  error: unknown;
}): RouteDecision {
  const { compiled, error } = options;
  const { policy } = compiled;
  const tier = compiled.tierByName.get(policy.fallbackTier)!;
  const requested = safeNumber(() => options.facts.requestedMaxTokens);
  const wanted = Number.isInteger(requested) && requested! >= 1 ? requested! : policy.defaultMaxTokens;
  const maxTokens = Math.min(wanted, tier.model.maxOutputTokens);
  const inputTokens = safeNumber(() => options.facts.estimatedInputTokens) ?? 0;
  const chain = compiled.defaultChain;
  const position = chain.indexOf(tier.index);
  const escalation = (position >= 0 ? chain.slice(position + 1) : chain.filter((index) => index > tier.index))
    .map((index) => compiled.tiers[index]!)
    .filter((candidate) => tierFits(candidate, Number.isFinite(inputTokens) ? inputTokens : 0, maxTokens))
    .map((candidate) => ({ tier: candidate.name, model: candidate.model.id, maxTokens }));
  return {
    kind: "route",
    tier: tier.name,
    model: tier.model.id,
    maxTokens,
    mode: "realtime",
    cache: {
      enabled: false,
      ttl: policy.caching.ttl,
      breakpoints: [],
      reason: "not planned: fallback decision",
    },
    escalation,
    matchedRules: [],
    reasons: [`rule evaluation failed (${messageOf(error)}): routed to the fallback tier ${tier.name}`],
    policy: compiled.ref,
    shadow: policy.mode === "shadow",
    fallback: true,
  };
}

function safeNumber(read: () => unknown): number | undefined {
  try {
    const value = read();
    return typeof value === "number" ? value : undefined;
  } catch {
    return undefined;
  }
}

function messageOf(error: unknown): string {
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    return "unprintable error";
  }
}
