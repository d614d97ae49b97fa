import { randomUUID } from "node:crypto";
import { type BudgetGuard, createBudgetGuard } from "../budget/budget-guard.js";
import { budgetLimitsFromPolicy } from "../budget/policy-budget-limits.js";
import { createSettlementQueue } from "../budget/settlement-queue.js";
import { routerScoreFunction } from "../complexity/router-score.js";
import { parsePolicy } from "../parse-policy.js";
import { PolicyError, PolicyErrorCode } from "../policy-error.js";
import type { Policy } from "../policy-schema.js";
import { guardObserver } from "./guarded-observer.js";
import type { PolicySource, RoutingOptions } from "./routed-client-options.js";
import type { RoutingRuntime } from "./routing-runtime.js";
import type { ShadowEvaluator } from "./shadow-evaluator.js";

function misconfigured(entrance: string, message: string): PolicyError {
  return new PolicyError({ code: PolicyErrorCode.invalidOption, message: `${entrance}: ${message}` });
}

/** Checks a hand-built policy at construction, with the same paths `policy check` prints. */
function checkPolicy(entrance: string, policy: unknown, where: string): void {
  const result = parsePolicy({ source: policy as object, format: "json" });
  if (result.ok) return;
  throw new PolicyError({
    code: result.error.code,
    issues: result.error.issues,
    message: `${entrance}: ${where} is not a valid policy: ${result.error.message}`,
    cause: result.error,
  });
}

/**
 * Reads the policy source at construction: a missing or broken policy fails here, naming the
 * option, not at the first request. A holder is asked on every call afterwards (hot reload).
 */
function policyReader(entrance: string, source: PolicySource | undefined): () => Policy {
  if (source === undefined || source === null)
    throw misconfigured(
      entrance,
      "the `policy` option is required: a Policy (loadPolicyFile, parsePolicy, defaultPolicy) or a holder with current() (createPolicyEngine)",
    );
  if (typeof source !== "object")
    throw misconfigured(entrance, `\`policy\` must be a Policy or a holder, got a ${typeof source}`);
  if (typeof (source as { current?: unknown }).current === "function") {
    const holder = source as { current(): Policy };
    checkPolicy(entrance, holder.current(), "the policy holder's current() policy");
    return () => holder.current();
  }
  checkPolicy(entrance, source, "`policy`");
  const policy = source as Policy;
  return () => policy;
}

/** The feedback loop moves task types along its own tiers: they must be the policy's, in order. */
function checkFeedbackTiers(entrance: string, options: RoutingOptions, policy: Policy): void {
  const feedback = options.feedback;
  if (!feedback) return;
  const loopTiers = [...feedback.tiers];
  const policyTiers = Object.keys(policy.tiers);
  if (loopTiers.join("\u0000") === policyTiers.join("\u0000")) return;
  throw misconfigured(
    entrance,
    `the feedback loop's tiers [${loopTiers.join(", ")}] differ from the policy's [${policyTiers.join(", ")}]: its overrides would name tiers the policy does not have, or move a task type the wrong way; create it with createFeedbackLoop({ tiers: () => Object.keys(holder.current().tiers) })`,
  );
}

function budgetGuardOf(options: RoutingOptions, policy: () => Policy): BudgetGuard | undefined {
  const budgets = options.budgets;
  if (!budgets) return undefined;
  if ("guard" in budgets) return budgets.guard;
  // Limits follow the current policy: rebuilt only when the policy object changes (hot reload).
  let cached: { policy: unknown; guard: BudgetGuard } | undefined;
  const current = () => {
    const active = policy();
    if (cached?.policy !== active) {
      const guard = createBudgetGuard({
        store: budgets.store,
        limits: budgetLimitsFromPolicy({ policy: active }),
        ...(budgets.holdMs ? { holdMs: budgets.holdMs } : {}),
        ...(budgets.admission ? { admission: budgets.admission } : {}),
        ...(budgets.timeoutMs ? { timeoutMs: budgets.timeoutMs } : {}),
      });
      cached = { policy: active, guard };
    }
    return cached.guard;
  };
  return {
    reserve: (request) => current().reserve(request),
    settle: (request) => current().settle(request),
    release: (request) => current().release(request),
    status: (request) => current().status(request),
  };
}

function shadowEvaluatorOf(entrance: string, options: RoutingOptions): ShadowEvaluator | undefined {
  const evaluator = options.shadowEval;
  if (evaluator === undefined) return undefined;
  const shape = evaluator as Partial<ShadowEvaluator> | null;
  if (typeof shape?.sample !== "function" || typeof shape.evaluate !== "function")
    throw misconfigured(
      entrance,
      "`shadowEval` must have sample() and evaluate() (createContinuousEval from @rightsize/evals)",
    );
  return evaluator;
}

/** @internal Everything both entrances need, resolved and checked once. */
export function buildRuntime(entrance: string, options: RoutingOptions): RoutingRuntime {
  if (typeof options !== "object" || options === null)
    throw misconfigured(entrance, "expects one options object");
  const policy = policyReader(entrance, options.policy);
  checkFeedbackTiers(entrance, options, policy());
  const guard = budgetGuardOf(options, policy);
  const budgets = options.budgets;
  return {
    policy,
    observer: guardObserver({
      observer: options.observer,
      ...(options.onObserverError ? { onError: options.onObserverError } : {}),
    }),
    guard,
    settlements: createSettlementQueue({
      guard: () => guard,
      ...(budgets?.settlementMaxAgeMs ? { maxAgeMs: budgets.settlementMaxAgeMs } : {}),
      ...(budgets?.onSettlementLost ? { onLost: budgets.onSettlementLost } : {}),
    }),
    feedback: options.feedback,
    shadowEval: shadowEvaluatorOf(entrance, options),
    onShadowEvalError: options.onShadowEvalError ?? (() => {}),
    classify: options.classifyTask,
    score: options.scoreComplexity ?? routerScoreFunction({ router: options.router, policy }),
    estimate: options.estimateInputTokens,
    pricing: options.pricing ?? {},
    models: options.models,
    baselineModel: options.baselineModel,
    escalateOnErrors: { overloaded: true, rateLimited: false, serverError: false, ...options.escalateOn },
    bufferStreams: options.bufferStreams,
    contextFit: { countTokens: "near-limit", nearLimit: 0.8, ...options.contextFit },
    batchHoldMs: 25 * 3_600_000,
    newRequestId: () => randomUUID(),
  };
}
