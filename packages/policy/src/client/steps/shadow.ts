import type { Step } from "../compose-steps.js";
import type { RoutedCall } from "../routed-call.js";

/** Whether the request runs in shadow: the policy's mode, a shadow rule, or the caller's `shadow`. */
export function isShadow(call: RoutedCall): boolean {
  return call.decision?.kind === "route" && (call.options.shadow === true || call.decision.shadow);
}

/**
 * Shadow mode, in one place: a shadow request goes through `shadowed` (sent exactly as the caller
 * asked, budgets recorded but never refusing, checks reported but never escalating) instead of
 * `enforced` (overrides, context fit, the plan and budget holds that can change the request).
 * Every other step sees only the plan they produce. A reject is enforced either way.
 */
export function shadow(options: {
  enforced: Step<RoutedCall>;
  shadowed: Step<RoutedCall>;
}): Step<RoutedCall> {
  return (call, next) => (isShadow(call) ? options.shadowed(call, next) : options.enforced(call, next));
}
