import type { MessageCreateParamsBase } from "@anthropic-ai/sdk/resources/messages";
import { applyCachePlan } from "./apply-cache-plan.js";
import type { AttemptStep, PreparedRequest } from "./prepare-request.js";

/**
 * The params one attempt sends. Shadow: exactly the caller's. Otherwise the step's model, the
 * caller's max_tokens capped at the step's ceiling (a smaller request is kept), and the cache
 * plan's breakpoints.
 */
export function attemptParams(options: {
  request: PreparedRequest;
  step: AttemptStep;
}): MessageCreateParamsBase {
  const { request, step } = options;
  if (request.shadow) return { ...request.params, model: step.model };
  const routed: MessageCreateParamsBase = {
    ...request.params,
    model: step.model,
    max_tokens: Math.min(request.params.max_tokens, step.maxTokens),
  };
  const staticMessages = request.call.staticMessages;
  return applyCachePlan({
    params: routed,
    plan: request.decision.cache,
    ...(staticMessages === undefined ? {} : { staticMessages }),
  }).params;
}
