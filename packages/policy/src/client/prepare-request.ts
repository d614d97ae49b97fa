import type { MessageCreateParamsBase } from "@anthropic-ai/sdk/resources/messages";
import type {
  Decision,
  DeliveryMode,
  RejectDecision,
  RequestFacts,
  RequestObservation,
  RouteDecision,
  TierName,
} from "@rightsize/contracts";
import type { BudgetReservation } from "../budget/budget-guard.js";
import { maxRequestCost } from "../budget/request-cost.js";
import { decide } from "../decide.js";
import type { TierOverride } from "../feedback/tier-override.js";
import { applyOverrides } from "./apply-overrides.js";
import type { MessageValidator, OutputSchema } from "./attempt-check.js";
import type { ClientRuntime } from "./client-runtime.js";
import { deriveFacts } from "./derive-facts.js";
import { RoutedRequestRejected } from "./routed-client-error.js";
import type { RoutingMetadata } from "./routing-metadata.js";

/** The side option of a routed call: `client.messages.create(params, { rightsize: { ... } })`. */
export interface RoutedCallOptions {
  /** Facts for the decision; missing task type and complexity are derived from the prompt. */
  facts?: RequestFacts;
  /** Structured output: the response text must parse as JSON and pass this schema, else escalate. */
  schema?: OutputSchema;
  /** The caller's own check of a response: false or a reason string escalates. */
  validate?: MessageValidator;
  /** Do not enforce the decision for this call: it is reported, the request goes out as given. */
  shadow?: boolean;
  /** Your id for the request (feedback names it); a random one by default. */
  requestId?: string;
  /** How many leading messages are static across calls (the cache plan may end a breakpoint there). */
  staticMessages?: number;
}

/** One attempt of the plan: the decision's tier, then its escalation steps. */
export interface AttemptStep {
  tier: TierName | null;
  model: string;
  maxTokens: number;
}

/** @internal A request after deciding and budgeting, ready for its attempts. */
export interface PreparedRequest {
  requestId: string;
  params: MessageCreateParamsBase;
  call: RoutedCallOptions;
  facts: RequestFacts;
  decision: RouteDecision;
  shadow: boolean;
  mode: DeliveryMode;
  steps: AttemptStep[];
  overrides: TierOverride[];
  reservation: BudgetReservation | undefined;
  unbudgeted: string | undefined;
  observation: RequestObservation;
}

/** The largest TTL among the caller's own cache_control markers (for a shadow call's hold). */
function callerCacheTtl(params: MessageCreateParamsBase): "5m" | "1h" | null {
  const text = JSON.stringify([
    params.tools ?? null,
    params.system ?? null,
    params.messages,
    params.cache_control ?? null,
  ]);
  if (!text.includes('"cache_control":{')) return null;
  return text.includes('"ttl":"1h"') ? "1h" : "5m";
}

/** @internal The hold for one attempt, in pico-dollars; undefined when the model has no price. */
export function holdFor(
  runtime: ClientRuntime,
  request: Omit<PreparedRequest, "observation" | "reservation" | "unbudgeted">,
  step: AttemptStep,
): number | undefined {
  const cacheTtl = request.shadow
    ? callerCacheTtl(request.params)
    : request.decision.cache.enabled
      ? request.decision.cache.ttl
      : null;
  try {
    return maxRequestCost({
      ...runtime.pricing,
      model: step.model,
      inputTokens: request.facts.estimatedInputTokens ?? 0,
      maxTokens: Math.min(request.params.max_tokens, step.maxTokens),
      mode: request.mode,
      cacheTtl,
    });
  } catch {
    return undefined;
  }
}

function stepsOf(
  decision: RouteDecision,
  params: MessageCreateParamsBase,
  shadow: boolean,
  runtime: ClientRuntime,
): AttemptStep[] {
  if (shadow) {
    const model = params.model || runtime.baselineModel || decision.model;
    return [{ tier: model === decision.model ? decision.tier : null, model, maxTokens: params.max_tokens }];
  }
  return [
    { tier: decision.tier, model: decision.model, maxTokens: decision.maxTokens },
    ...decision.escalation,
  ];
}

/**
 * Decides and budgets one request: facts, decision, feedback overrides, then a hold of the
 * request's maximum cost on every budget it falls under. On exhaustion the policy is asked again
 * with the budget state (downgrade, batch or reject, as it says); a shadow call is never refused.
 * Throws RoutedRequestRejected (after telling the observer) when the request must not run.
 */
export async function prepareRequest(options: {
  runtime: ClientRuntime;
  params: MessageCreateParamsBase;
  call: RoutedCallOptions | undefined;
  streaming: boolean;
}): Promise<PreparedRequest> {
  const { runtime, params, streaming } = options;
  const call = options.call ?? {};
  const requestId = call.requestId ?? runtime.newRequestId();
  const facts = await deriveFacts({
    params,
    facts: call.facts,
    classify: runtime.classify,
    score: runtime.score,
    estimate: runtime.estimate,
    staticMessages: call.staticMessages,
  });
  const policy = runtime.policy();
  let decision: Decision = decide({ policy, facts, ...(runtime.models ? { models: runtime.models } : {}) });
  let overrides: TierOverride[] = [];
  if (decision.kind === "route") {
    ({ decision, overrides } = applyOverrides({
      decision,
      taskType: facts.taskType,
      feedback: runtime.feedback,
      policy,
      models: runtime.models,
    }));
  }
  let plan = decision.kind === "route" ? plan0(decision) : undefined;
  let reservation: BudgetReservation | undefined;
  let unbudgeted: string | undefined = runtime.guard ? undefined : "no budgets configured";

  function plan0(route: RouteDecision) {
    const shadow = call.shadow === true || route.shadow;
    const mode: DeliveryMode = !shadow && route.mode === "batch" && !streaming ? "batch" : "realtime";
    return {
      requestId,
      params,
      call,
      facts,
      decision: route,
      shadow,
      mode,
      overrides,
      steps: stepsOf(route, params, shadow, runtime),
    };
  }

  if (plan && runtime.guard) {
    const amount = holdFor(runtime, plan, plan.steps[0]!);
    if (amount === undefined) unbudgeted = `no price for model ${plan.steps[0]?.model}`;
    else {
      const holdMs = plan.mode === "batch" ? runtime.batchHoldMs : undefined;
      const first = await runtime.guard.reserve({
        reservationId: `${requestId}:1`,
        facts,
        amount,
        ...(holdMs ? { holdMs } : {}),
      });
      if (first.kind === "reserved") reservation = first.reservation;
      else if (first.kind === "unbudgeted") unbudgeted = "no budget applies to these facts";
      else if (plan.shadow)
        unbudgeted = `budget ${first.scope} ${first.subject} exhausted (shadow: not enforced)`;
      else {
        const budget = { exhausted: true, scope: first.scope, subject: first.subject, period: first.period };
        decision = decide({ policy, facts, budget, ...(runtime.models ? { models: runtime.models } : {}) });
        plan = decision.kind === "route" ? plan0(decision) : undefined;
        const retryAmount = plan ? holdFor(runtime, plan, plan.steps[0]!) : undefined;
        if (plan && retryAmount !== undefined) {
          const holdMs2 = plan.mode === "batch" ? runtime.batchHoldMs : undefined;
          const second = await runtime.guard.reserve({
            reservationId: `${requestId}:1`,
            facts,
            amount: retryAmount,
            ...(holdMs2 ? { holdMs: holdMs2 } : {}),
          });
          if (second.kind === "reserved") reservation = second.reservation;
          else if (second.kind === "exhausted") {
            decision = budgetReject(
              decision as RouteDecision,
              `budget ${second.scope} ${second.subject} (${second.period}) exhausted even after ${decision.kind === "route" ? decision.reasons.at(-1) : "re-deciding"}`,
            );
            plan = undefined;
          }
        } else if (plan) unbudgeted = `no price for model ${plan.steps[0]?.model}`;
      }
    }
  }

  const observation = runtime.observer.startRequest({
    requestId,
    decision,
    facts,
    requested: { model: params.model, maxTokens: params.max_tokens },
    streaming,
  });
  if (!plan || decision.kind === "reject") {
    const rejected = decision as RejectDecision;
    observation.end({
      outcome: rejected.code === "budget_exhausted" ? "exhausted" : "rejected",
      attempts: 0,
      escalations: 0,
      finalTier: null,
      finalModel: null,
    });
    throw new RoutedRequestRejected({ decision: rejected });
  }
  return { ...plan, reservation, unbudgeted, observation };
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

/** The routing metadata of a prepared request before its first attempt. */
export function initialRouting(request: PreparedRequest): RoutingMetadata {
  return {
    requestId: request.requestId,
    decision: request.decision,
    facts: request.facts,
    attempts: 0,
    tiersTried: [],
    escalationReasons: [],
    checkPassed: false,
    overrides: request.overrides,
    shadow: request.shadow,
    budget: request.unbudgeted ? { unbudgeted: request.unbudgeted } : { held: 0, spent: 0 },
  };
}
