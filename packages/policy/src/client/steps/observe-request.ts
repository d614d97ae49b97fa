import type { RejectDecision } from "@rightsize/contracts";
import type { Step } from "../compose-steps.js";
import type { RoutedCall } from "../routed-call.js";
import { RoutedRequestRejected } from "../routed-client-error.js";
import { apiErrorOf } from "./observe-attempt.js";

/** Ends the request for the observer and records it with the feedback loop (once). */
function endRequest(call: RoutedCall, error?: unknown): void {
  const { metadata, observation, runtime } = call;
  const escalations = Math.max(0, metadata.attempts - 1);
  const finalTier = metadata.tiersTried.at(-1) ?? null;
  const finalModel = metadata.finalModel ?? null;
  if (error !== undefined) {
    observation?.end({
      outcome: "error",
      attempts: metadata.attempts,
      escalations,
      finalTier,
      finalModel,
      error,
    });
    return;
  }
  observation?.end({ outcome: "ok", attempts: metadata.attempts, escalations, finalTier, finalModel });
  const taskType = call.facts.taskType;
  if (runtime.feedback && taskType !== undefined && finalTier !== null && metadata.messageId !== undefined) {
    runtime.feedback.recordRequest({
      requestId: call.requestId,
      messageId: metadata.messageId,
      taskType,
      tier: finalTier,
      escalated: escalations > 0,
      overridden: call.overrides.length > 0,
    });
  }
}

/**
 * Observe: the request starts for the observer once decided and budgeted (a reject ends it at
 * once, nothing sent) and ends when its last attempt has: for a stream read live, when the
 * caller has read it to its end.
 */
export const observeRequest: Step<RoutedCall> = async (call, next) => {
  const { runtime, incoming } = call;
  const decision = call.decision!;
  call.metadata.decision = decision;
  call.observation = runtime.observer.startRequest({
    requestId: call.requestId,
    decision,
    facts: call.facts,
    requested: { model: String(incoming.params.model), maxTokens: incoming.params.max_tokens },
    streaming: incoming.streaming,
  });
  if (decision.kind === "reject" || !call.plan) {
    const rejected = decision as RejectDecision;
    call.observation.end({
      outcome: rejected.code === "budget_exhausted" ? "exhausted" : "rejected",
      attempts: 0,
      escalations: 0,
      finalTier: null,
      finalModel: null,
    });
    throw new RoutedRequestRejected({ decision: rejected, requestId: call.requestId });
  }
  try {
    await next();
  } catch (error) {
    endRequest(call, error);
    throw error;
  }
  const attempt = call.attempt;
  const deferred = attempt?.deferred;
  if (attempt?.outcome?.kind === "error") {
    // An error status handed back: the caller gets the SDK's error for it, so does the observer.
    endRequest(call, apiErrorOf(attempt.outcome));
  } else if (deferred) {
    call.settled = deferred.then(
      () => endRequest(call),
      (error: unknown) => endRequest(call, error),
    );
  } else endRequest(call);
};
