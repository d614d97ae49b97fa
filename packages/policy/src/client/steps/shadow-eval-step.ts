import type { Message, MessageCreateParamsNonStreaming } from "@anthropic-ai/sdk/resources/messages";
import { compilePolicy } from "../../compile-policy.js";
import type { Step } from "../compose-steps.js";
import type { AttemptState, RoutedCall } from "../routed-call.js";
import type { ShadowEvaluator } from "../shadow-evaluator.js";
import { isShadow } from "./shadow.js";

/** The next tier up from `tier` in the policy's order, with its model; none on the top tier. */
function nextTierUp(call: RoutedCall, tier: string): { tier: string; model: string } | undefined {
  const compiled = compilePolicy({
    policy: call.runtime.policy(),
    ...(call.runtime.models ? { models: call.runtime.models } : {}),
  });
  const current = compiled.tierByName.get(tier);
  const next = current ? compiled.tiers[current.index + 1] : undefined;
  return next ? { tier: next.name, model: next.model.id } : undefined;
}

function offer(options: {
  call: RoutedCall;
  evaluator: ShadowEvaluator;
  attempt: AttemptState;
  answer: Message;
}): void {
  const { call, evaluator, attempt, answer } = options;
  const taskType = call.facts.taskType;
  const tier = attempt.step.tier;
  if (taskType === undefined || tier === null || answer.stop_reason === "refusal") return;
  const shadow = nextTierUp(call, tier);
  if (!shadow || !evaluator.sample({ taskType, tier })) return;
  const { stream: _stream, ...request } = attempt.params;
  const collector = call.transport.collector();
  evaluator.evaluate({
    requestId: call.requestId,
    taskType,
    tier,
    model: answer.model || attempt.step.model,
    shadowTier: shadow.tier,
    shadowModel: shadow.model,
    request: request as unknown as MessageCreateParamsNonStreaming,
    answer,
    policy: call.runtime.policy(),
    sendBatch: (params) => collector.enqueue({ params }),
  });
}

/** Runs `offer` guarded: whatever the evaluator does, the caller's request is not touched. */
function guardedOffer(call: RoutedCall, attempt: AttemptState, answer: Message | undefined): void {
  const evaluator = call.runtime.shadowEval;
  if (!evaluator || !answer) return;
  try {
    offer({ call, evaluator, attempt, answer });
  } catch (error) {
    call.runtime.onShadowEvalError(error);
  }
}

/**
 * Continuous shadow eval: on the way back, once the caller's answer is ready, a sampled request
 * (the evaluator's share for its task type) is handed to the evaluator with the next tier up to
 * re-run it on, through the Message Batches collector. Nothing here is awaited: the caller's
 * latency and result are those of the request alone. Policy-shadow requests (sent as asked) and
 * answers on the top tier are not sampled: there is no tier above to compare with.
 */
export const shadowEvalStep: Step<RoutedCall> = async (call, next) => {
  await next();
  if (!call.runtime.shadowEval || isShadow(call)) return;
  const attempt = call.attempt;
  const outcome = attempt?.outcome;
  if (!attempt || !outcome) return;
  if (outcome.kind === "message") guardedOffer(call, attempt, outcome.message as unknown as Message);
  else if (outcome.kind === "stream" && attempt.deferred) {
    // A live stream: its message is assembled when the caller has read it to the end.
    void attempt.deferred.then((end) => guardedOffer(call, attempt, end.error ? undefined : end.message));
  }
};
