import { applyOverrides } from "../apply-overrides.js";
import type { Step } from "../compose-steps.js";
import type { RoutedCall } from "../routed-call.js";

/** Overrides: the feedback loop's active override for the task type moves the decision up a tier. */
export const applyOverridesStep: Step<RoutedCall> = async (call, next) => {
  const { decision, runtime } = call;
  if (decision?.kind === "route") {
    const applied = applyOverrides({
      decision,
      taskType: call.facts.taskType,
      feedback: runtime.feedback,
      policy: runtime.policy(),
      models: runtime.models,
    });
    call.decision = applied.decision;
    call.overrides = applied.overrides;
  }
  await next();
};
