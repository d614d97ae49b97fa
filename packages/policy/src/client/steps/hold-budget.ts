import type { RejectDecision, RouteDecision } from "@rightsize/contracts";
import type { BudgetReserveResult } from "../../budget/budget-guard.js";
import { maxRequestCost } from "../../budget/request-cost.js";
import type { Step } from "../compose-steps.js";
import type { AttemptStep, RoutedCall } from "../routed-call.js";
import { decideFor } from "./decide-step.js";
import { enforcedPlan } from "./plan-attempts.js";

/** The largest TTL among the caller's own cache_control markers (a shadow call's writes). */
function callerCacheTtl(params: Record<string, unknown>): "5m" | "1h" | null {
  const text = JSON.stringify([
    params.tools ?? null,
    params.system ?? null,
    params.messages,
    params.cache_control ?? null,
  ]);
  if (!text.includes('"cache_control":{')) return null;
  return text.includes('"ttl":"1h"') ? "1h" : "5m";
}

/**
 * The worst case of one attempt, in pico-dollars: the input estimate (a ceiling: calibrated per
 * script, see estimate-input-tokens.ts), billed as cache writes when the plan caches, plus the
 * attempt's full max_tokens of output. Undefined when the model has no price.
 */
export function worstCaseCost(call: RoutedCall, step: AttemptStep): number | undefined {
  const { plan, decision } = call;
  if (!plan || decision?.kind !== "route") return undefined;
  const cacheTtl = plan.shadow
    ? callerCacheTtl(call.incoming.params)
    : decision.cache.enabled
      ? decision.cache.ttl
      : null;
  try {
    return maxRequestCost({
      ...call.runtime.pricing,
      model: step.model,
      inputTokens: call.facts.estimatedInputTokens ?? 0,
      maxTokens: Math.min(call.incoming.params.max_tokens, step.maxTokens),
      mode: plan.mode,
      cacheTtl,
    });
  } catch {
    return undefined;
  }
}

/** @internal Holds the worst case of step `index` on every budget the request falls under. */
export async function reserveAttempt(
  call: RoutedCall,
  index: number,
  step: AttemptStep,
): Promise<BudgetReserveResult | { kind: "unpriced" }> {
  const { guard, batchHoldMs } = call.runtime;
  const amount = worstCaseCost(call, step);
  if (!guard || amount === undefined) return { kind: "unpriced" };
  return await guard.reserve({
    reservationId: `${call.requestId}:${index + 1}`,
    facts: call.facts,
    amount,
    ...(call.plan?.mode === "batch" ? { holdMs: batchHoldMs } : {}),
  });
}

function budgetReject(decision: RouteDecision, reason: string): RejectDecision {
  return {
    kind: "reject",
    code: "budget_exhausted",
    reason,
    matchedRules: decision.matchedRules,
    policy: decision.policy,
  };
}

/**
 * Budget hold: the first attempt's worst case is held before anything is sent. When a budget
 * has no room, an enforced request asks the policy again with the budget state (its onExhaust:
 * downgrade, batch or reject) and holds what that decides; a shadow request is recorded as
 * unbudgeted and goes out anyway. A store that does not answer fails the call closed (the guard
 * throws `budget_unavailable`). A hold no attempt took over is released on the way out.
 */
export function holdBudget(options: { enforce: boolean }): Step<RoutedCall> {
  return async (call, next) => {
    if (!call.runtime.guard) call.metadata.budget = { unbudgeted: "no budgets configured" };
    else if (call.plan && call.decision?.kind === "route") await hold(call, options.enforce);
    try {
      await next();
    } finally {
      const unused = call.reservation;
      call.reservation = undefined;
      if (unused) await call.runtime.guard?.release({ reservation: unused }).catch(() => {});
    }
  };
}

async function hold(call: RoutedCall, enforce: boolean): Promise<void> {
  let result = await reserveAttempt(call, 0, call.plan!.steps[0]!);
  if (result.kind === "exhausted") {
    const where = `budget ${result.scope} ${result.subject} (${result.period})`;
    if (!enforce) {
      call.metadata.budget = { unbudgeted: `${where} exhausted (shadow: not enforced)` };
      return;
    }
    call.decision = decideFor(call, {
      exhausted: true,
      scope: result.scope,
      subject: result.subject,
      period: result.period,
    });
    if (call.decision.kind !== "route") {
      call.plan = undefined;
      return;
    }
    call.plan = enforcedPlan(call, call.decision);
    result = await reserveAttempt(call, 0, call.plan.steps[0]!);
    if (result.kind === "exhausted") {
      call.decision = budgetReject(
        call.decision,
        `${where} exhausted even after ${call.decision.reasons.at(-1) ?? "deciding again"}`,
      );
      call.plan = undefined;
      return;
    }
  }
  if (result.kind === "reserved") call.reservation = result.reservation;
  else call.metadata.budget = { unbudgeted: unbudgetedReason(result, call) };
}

function unbudgetedReason(result: { kind: "unbudgeted" | "unpriced" }, call: RoutedCall): string {
  return result.kind === "unbudgeted"
    ? "no budget applies to these facts"
    : `no price for model ${call.plan?.steps[0]?.model}`;
}
