import { attemptParams } from "../attempt-params.js";
import type { Step } from "../compose-steps.js";
import type { AttemptState, AttemptVerdict, RoutedCall } from "../routed-call.js";
import { escalate, type NextAttempt, refit } from "./escalate.js";

/** An error Response handed back as the final answer: the retries already ran, so the client must not retry it. */
function finalError(response: Response): Response {
  const headers = new Headers(response.headers);
  headers.set("x-should-retry", "false");
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/** Hands the attempt's result to the entrance (or throws what the attempt failed with). */
function finish(call: RoutedCall, attempt: AttemptState): void {
  const outcome = attempt.outcome!;
  switch (outcome.kind) {
    case "message":
      call.metadata.messageId = String(outcome.message.id ?? "");
      call.metadata.finalModel = outcome.message.model || attempt.step.model;
      call.response = outcome.response;
      return;
    case "stream":
      call.metadata.finalModel = attempt.step.model;
      call.response = outcome.response;
      return;
    case "error":
      call.metadata.finalModel = attempt.step.model;
      call.response = finalError(outcome.response);
      return;
    case "failed":
      call.metadata.finalModel = attempt.step.model;
      throw outcome.error;
    default:
      throw new Error("unreachable: an attempt always has an outcome");
  }
}

/**
 * The attempt loop, shared by streamed and unstreamed requests: runs `attempt` (observe, settle,
 * send, check) for the plan's first step, then escalates or refits while the check says so and
 * the chain and budget allow. The last attempt's answer is returned even when it failed its
 * checks (`checkPassed: false` and the reason say so).
 */
export function runAttempts(attempt: Step<RoutedCall>): Step<RoutedCall> {
  return async (call) => {
    const plan = call.plan!;
    let next: NextAttempt | undefined = { index: 0, step: plan.steps[0]!, reservation: call.reservation };
    call.reservation = undefined;
    while (next) {
      call.attempt = {
        ...next,
        params: attemptParams({ call, step: next.step }),
        observation: undefined,
        outcome: undefined,
        verdict: undefined,
        deferred: undefined,
      };
      await attempt(call, async () => {});
      const verdict: AttemptVerdict = call.attempt.verdict ?? { kind: "final" };
      if (verdict.kind === "final") break;
      const current: AttemptState = call.attempt;
      next = verdict.kind === "escalate" ? await escalate(call, verdict.reason) : await refit(call, verdict);
      if (!next) call.attempt = current; // The chain or budget ends here: this answer stands.
    }
    finish(call, call.attempt!);
  };
}
