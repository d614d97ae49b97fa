import { usdToPico } from "@rightsize/contracts";
import type { Policy } from "../policy-schema.js";
import type { BudgetGuardLimit } from "./budget-guard.js";

/** The policy's `budgets.limits` as guard limits (USD to exact pico-dollars, `subject` kept). */
export function budgetLimitsFromPolicy(options: { policy: Policy }): BudgetGuardLimit[] {
  return options.policy.budgets.limits.map((limit) => ({
    scope: limit.scope,
    period: limit.period,
    limit: usdToPico(limit.usd),
    ...(limit.subject === undefined ? {} : { subject: limit.subject }),
    ...(limit.name === undefined ? {} : { name: limit.name }),
  }));
}
