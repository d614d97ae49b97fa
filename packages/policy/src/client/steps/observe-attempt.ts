import { APIError } from "@anthropic-ai/sdk";
import type { AttemptEndInfo, ObservedResponse } from "@rightsize/contracts";
import type { Step } from "../compose-steps.js";
import type { AttemptOutcome, RoutedCall, StreamEnd } from "../routed-call.js";

/** The SDK's own error for an error Response, so the observer sees what the caller would. */
export function apiErrorOf(outcome: Extract<AttemptOutcome, { kind: "error" }>): APIError {
  const body =
    outcome.errorType === undefined
      ? undefined
      : { type: "error", error: { type: outcome.errorType, message: outcome.errorMessage } };
  return APIError.generate(outcome.status, body, outcome.errorMessage, outcome.response.headers);
}

function observed(message: Record<string, unknown>): ObservedResponse {
  return {
    id: String(message.id ?? ""),
    model: String(message.model ?? ""),
    stop_reason: (message.stop_reason as string | null | undefined) ?? null,
    usage: (message.usage as ObservedResponse["usage"]) ?? {},
  };
}

function endInfo(call: RoutedCall): AttemptEndInfo {
  const attempt = call.attempt!;
  const outcome = attempt.outcome;
  const escalated =
    attempt.verdict?.kind === "escalate" || attempt.verdict?.kind === "refit"
      ? { escalatedBecause: attempt.verdict.reason }
      : {};
  switch (outcome?.kind) {
    case "message":
      return { response: observed(outcome.message), ...escalated };
    case "error":
      return { error: apiErrorOf(outcome), ...escalated };
    case "failed":
      return { error: outcome.error, ...escalated };
    default:
      return { ...escalated };
  }
}

function streamEndInfo(call: RoutedCall, end: StreamEnd): AttemptEndInfo {
  const step = call.attempt!.step;
  if (end.message) return { response: observed(end.message as unknown as Record<string, unknown>) };
  const partial = end.usage
    ? { response: { id: "", model: step.model, stop_reason: null, usage: end.usage } }
    : {};
  return { ...partial, error: end.error };
}

/**
 * Observe (per attempt): the attempt starts for the observer with its tier, model, ceiling and
 * why it exists, and ends with what it returned and whether it escalated; a stream read live
 * ends when its reader is done with it. The metadata counts it.
 */
export const observeAttempt: Step<RoutedCall> = async (call, next) => {
  const attempt = call.attempt!;
  const { metadata } = call;
  const { step, params } = attempt;
  metadata.attempts++;
  metadata.tiersTried.push(step.tier);
  metadata.maxTokensTried.push(params.max_tokens);
  if (attempt.reservation && "held" in metadata.budget) metadata.budget.held += attempt.reservation.amount;
  const server = call.transport.server;
  attempt.observation = call.observation!.startAttempt({
    attempt: metadata.attempts,
    tier: step.tier,
    model: step.model,
    maxTokens: params.max_tokens,
    mode: call.plan!.mode,
    streaming: call.incoming.streaming,
    ...(metadata.attempts > 1 ? { escalationReason: metadata.escalationReasons.at(-1) } : {}),
    ...(server.address ? { serverAddress: server.address } : {}),
    ...(server.port ? { serverPort: server.port } : {}),
  });
  try {
    await next();
  } catch (error) {
    attempt.observation.end({ error });
    throw error;
  }
  const observation = attempt.observation;
  if (attempt.deferred) {
    attempt.deferred = attempt.deferred.then((end) => {
      observation.end(streamEndInfo(call, end));
      return end;
    });
  } else observation.end(endInfo(call));
};
