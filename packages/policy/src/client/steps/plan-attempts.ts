import type { RouteDecision } from "@rightsize/contracts";
import type { Step } from "../compose-steps.js";
import type { AttemptPlan, RoutedCall } from "../routed-call.js";

/** Whether a streamed attempt is read whole first: the runtime's setting, else the policy's. */
function buffersStreams(call: RoutedCall): boolean {
  const setting = call.runtime.bufferStreams ?? call.runtime.policy().escalation.bufferStreams;
  switch (setting) {
    case "always":
      return true;
    case "never":
      return false;
    case "checked":
      // Buffering costs the caller its time to first token: only worth it when a check could fail.
      return call.options.schema !== undefined || call.options.validate !== undefined;
    default:
      return false;
  }
}

/** The plan of an enforced decision: its tier, then its escalation steps, realtime or batch. */
export function enforcedPlan(call: RoutedCall, decision: RouteDecision): AttemptPlan {
  const { streaming } = call.incoming;
  return {
    steps: [
      { tier: decision.tier, model: decision.model, maxTokens: decision.maxTokens },
      ...decision.escalation,
    ],
    // A stream cannot wait for a batch: it runs realtime whatever the decision said.
    mode: decision.mode === "batch" && !streaming ? "batch" : "realtime",
    shadow: false,
    bufferStream: streaming && decision.escalation.length > 0 && buffersStreams(call),
  };
}

/** Plan: the attempts an enforced decision makes (the cache plan is applied per attempt). */
export const planAttempts: Step<RoutedCall> = async (call, next) => {
  if (call.decision?.kind === "route") call.plan = enforcedPlan(call, call.decision);
  await next();
};

/** Plan of a shadow request: one attempt, exactly as the caller asked, realtime. */
export const planAsAsked: Step<RoutedCall> = async (call, next) => {
  const decision = call.decision;
  if (decision?.kind === "route") {
    const { params } = call.incoming;
    const model = params.model || call.runtime.baselineModel || decision.model;
    call.plan = {
      steps: [{ tier: model === decision.model ? decision.tier : null, model, maxTokens: params.max_tokens }],
      mode: "realtime",
      shadow: true,
      bufferStream: false,
    };
  }
  await next();
};
