import { composeSteps, type Step } from "./compose-steps.js";
import type { RoutedCall } from "./routed-call.js";
import { applyOverridesStep } from "./steps/apply-overrides-step.js";
import { checkAttempt } from "./steps/check-attempt.js";
import { decideStep } from "./steps/decide-step.js";
import { deriveFactsStep } from "./steps/derive-facts-step.js";
import { fitContext } from "./steps/fit-context.js";
import { holdBudget } from "./steps/hold-budget.js";
import { observeAttempt } from "./steps/observe-attempt.js";
import { observeRequest } from "./steps/observe-request.js";
import { planAsAsked, planAttempts } from "./steps/plan-attempts.js";
import { runAttempts } from "./steps/run-attempts.js";
import { sendAttempt } from "./steps/send-attempt.js";
import { settleAttempt } from "./steps/settle-attempt.js";
import { shadow } from "./steps/shadow.js";
import { shadowEvalStep } from "./steps/shadow-eval-step.js";

/**
 * One attempt: observed around everything, settled once judged, sent, then checked. The check
 * says whether the loop escalates (a failed check, an overloaded tier) or refits (a prompt too
 * long for the model); `runAttempts` acts on it.
 */
export const attemptSteps: Step<RoutedCall> = composeSteps([
  observeAttempt,
  settleAttempt,
  sendAttempt,
  checkAttempt,
]);

/**
 * A routed Messages request, every step in order. The routed client (the SDK's middleware) and
 * the routing fetch are two entrances to this one pipeline; streamed and unstreamed requests go
 * through the same attempt loop.
 *
 *  1. facts      what the decision may look at (the caller's, checked, plus the request's own)
 *  2. decide     the policy's decision: tier, model, ceiling, mode, cache plan, chain (or reject)
 *  3. shadow     enforced: context fit (count_tokens near a window) → feedback overrides → plan
 *                → budget hold (exhaustion asks the policy again); shadow: the caller's request
 *                as asked → a hold recorded but never refusing
 *  4. shadow eval on the way back, a sample of answered requests handed to the continuous
 *                shadow eval (re-run on the next tier up in a Message Batch), never awaited
 *  5. observe    the request starts for the observer (a reject ends here, nothing sent)
 *  6. attempts   per attempt: observe → settle (on the way back) → send (retries as the SDK's)
 *                → check; then escalate (next tier, raised ceiling after a truncation, its own
 *                hold) or refit (decide again with the API's token count), or hand back
 */
export const routeMessagesRequest: Step<RoutedCall> = composeSteps([
  deriveFactsStep,
  decideStep,
  shadow({
    enforced: composeSteps([fitContext, applyOverridesStep, planAttempts, holdBudget({ enforce: true })]),
    shadowed: composeSteps([planAsAsked, holdBudget({ enforce: false })]),
  }),
  shadowEvalStep,
  observeRequest,
  runAttempts(attemptSteps),
]);

/**
 * A request inside a caller's own `messages.batches.create`: the same facts, decision, overrides
 * and shadow handling, planned but not sent (the batch goes out whole). No attempts: results come
 * back hours later through the caller's own reads, so nothing escalates and no budget is held.
 */
export const planBatchedRequest: Step<RoutedCall> = composeSteps([
  deriveFactsStep,
  decideStep,
  shadow({ enforced: composeSteps([applyOverridesStep, planAttempts]), shadowed: planAsAsked }),
]);
