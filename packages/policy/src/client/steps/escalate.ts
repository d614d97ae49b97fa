import type { BudgetReservation } from "../../budget/budget-guard.js";
import { priceBookCatalog } from "../../model-catalog.js";
import { applyOverrides } from "../apply-overrides.js";
import type { AttemptStep, RoutedCall } from "../routed-call.js";
import { decideFor } from "./decide-step.js";
import { reserveAttempt } from "./hold-budget.js";
import { enforcedPlan } from "./plan-attempts.js";

/** Where the attempt loop goes next: a step of the plan and its hold. */
export interface NextAttempt {
  index: number;
  step: AttemptStep;
  reservation: BudgetReservation | undefined;
}

/**
 * After a truncation the ceiling was wrong for this request: the next attempt may use what the
 * caller asked for (capped at the model's maximum output), not the same ceiling again.
 */
export function raiseCeiling(call: RoutedCall, step: AttemptStep): AttemptStep {
  const requested = call.incoming.params.max_tokens;
  const maximum = (call.runtime.models ?? priceBookCatalog).find(step.model)?.maxOutputTokens ?? requested;
  const raised = Math.min(requested, maximum);
  return raised > step.maxTokens ? { ...step, maxTokens: raised } : step;
}

/** Holds the next attempt's worst case; a string says why the budget stops escalation. */
async function holdNext(
  call: RoutedCall,
  step: AttemptStep,
): Promise<BudgetReservation | undefined | string> {
  if (!call.runtime.guard || "unbudgeted" in call.metadata.budget) return undefined;
  const result = await reserveAttempt(call, call.metadata.attempts, step);
  if (result.kind === "reserved") return result.reservation;
  if (result.kind === "exhausted")
    return `budget ${result.scope} ${result.subject} (${result.period}) cannot hold tier ${step.tier}`;
  return undefined;
}

/**
 * Escalate: the attempt failed a check or an escalatable error, so the next step of the chain
 * runs, with its own hold (a budget that cannot hold it stops here: `stoppedBecause`) and, after
 * a `max_tokens` stop, a raised ceiling. Undefined when the chain has no next step or must stop.
 */
export async function escalate(call: RoutedCall, reason: string): Promise<NextAttempt | undefined> {
  const index = call.attempt!.index + 1;
  const planned = call.plan?.steps[index];
  if (!planned) return undefined;
  const step = reason === "stop_reason max_tokens" ? raiseCeiling(call, planned) : planned;
  const reservation = await holdNext(call, step);
  if (typeof reservation === "string") {
    call.metadata.stoppedBecause = reservation;
    return undefined;
  }
  call.metadata.escalationReasons.push(reason);
  return { index, step, reservation };
}

/**
 * Refit: the API said the prompt does not fit the model's context window and how many tokens it
 * has, so the policy decides again with that count: its hard constraint picks a tier whose
 * context window holds the request (model info from the price book). Undefined when no other
 * tier can, or the budget cannot hold it.
 */
export async function refit(
  call: RoutedCall,
  options: { inputTokens: number; reason: string },
): Promise<NextAttempt | undefined> {
  const failedModel = call.attempt!.step.model;
  call.facts = { ...call.facts, estimatedInputTokens: options.inputTokens };
  let decision = decideFor(call);
  if (decision.kind !== "route") return undefined;
  decision = applyOverrides({
    decision,
    taskType: call.facts.taskType,
    feedback: call.runtime.feedback,
    policy: call.runtime.policy(),
    models: call.runtime.models,
  }).decision;
  if (decision.model === failedModel) return undefined;
  call.decision = decision;
  call.metadata.decision = decision;
  call.plan = enforcedPlan(call, decision);
  const step = call.plan.steps[0]!;
  const reservation = await holdNext(call, step);
  if (typeof reservation === "string") {
    call.metadata.stoppedBecause = reservation;
    return undefined;
  }
  call.metadata.escalationReasons.push(options.reason);
  return { index: 0, step, reservation };
}
