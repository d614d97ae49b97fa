import { checkFactTypes } from "../../decision-facts.js";
import { PolicyError, PolicyErrorCode } from "../../policy-error.js";
import type { Step } from "../compose-steps.js";
import { deriveFacts } from "../derive-facts.js";
import type { RoutedCall } from "../routed-call.js";

/**
 * Facts: the caller's (checked: a wrongly typed built-in fact is the caller's bug and fails the
 * call with a `fact_type` error naming the fact, before anything is sent), plus what the
 * request itself tells (task type and complexity when missing, token estimates, tools, images).
 */
export const deriveFactsStep: Step<RoutedCall> = async (call, next) => {
  if (call.options.facts !== undefined) {
    try {
      checkFactTypes(call.options.facts);
    } catch (error) {
      throw new PolicyError({
        code: PolicyErrorCode.factType,
        message: `rightsize.facts: ${(error as Error).message}`,
        cause: error,
      });
    }
  }
  call.facts = await deriveFacts({
    params: call.incoming.params,
    facts: call.options.facts,
    classify: call.runtime.classify,
    score: call.runtime.score,
    estimate: call.runtime.estimate,
    staticMessages: call.options.staticMessages,
  });
  await next();
};
