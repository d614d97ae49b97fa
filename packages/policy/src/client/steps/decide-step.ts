import type { Decision } from "@rightsize/contracts";
import { decide } from "../../decide.js";
import type { BudgetState } from "../../resolve-decision.js";
import type { Step } from "../compose-steps.js";
import type { RoutedCall } from "../routed-call.js";

/** Asks the policy (the current one: a hot reload applies to the next request) about this request. */
export function decideFor(call: RoutedCall, budget?: BudgetState): Decision {
  const { runtime } = call;
  return decide({
    policy: runtime.policy(),
    facts: call.facts,
    ...(budget ? { budget } : {}),
    ...(runtime.models ? { models: runtime.models } : {}),
  });
}

/** Decide: the tier, model, ceiling, delivery mode, cache plan and escalation chain (or a reject). */
export const decideStep: Step<RoutedCall> = async (call, next) => {
  call.decision = decideFor(call);
  await next();
};
