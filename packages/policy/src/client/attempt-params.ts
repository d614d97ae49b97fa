import type { MessageCreateParamsBase } from "@anthropic-ai/sdk/resources/messages";
import { applyCachePlan } from "./apply-cache-plan.js";
import type { AttemptStep, RoutedCall } from "./routed-call.js";

/**
 * The body one attempt sends. Shadow: exactly the caller's. Otherwise the step's model, the
 * caller's max_tokens capped at the step's ceiling (a smaller request is kept), and the cache
 * plan's breakpoints. Every other field (betas, tools, output formats) is the caller's.
 */
export function attemptParams(options: {
  call: RoutedCall;
  step: AttemptStep;
}): MessageCreateParamsBase & Record<string, unknown> {
  const { call, step } = options;
  const { params } = call.incoming;
  if (call.plan?.shadow || call.decision?.kind !== "route") return { ...params, model: step.model };
  const routed = { ...params, model: step.model, max_tokens: Math.min(params.max_tokens, step.maxTokens) };
  const staticMessages = call.options.staticMessages;
  return applyCachePlan({
    params: routed,
    plan: call.decision.cache,
    ...(staticMessages === undefined ? {} : { staticMessages }),
  }).params as MessageCreateParamsBase & Record<string, unknown>;
}
