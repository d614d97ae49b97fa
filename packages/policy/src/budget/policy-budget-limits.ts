import type { Policy } from "../policy-schema.js";
import type { BudgetGuardLimit } from "./budget-guard.js";

const PICO_DIGITS = 12;

/**
 * Exact USD → pico-dollars: "12.50" is 12,500,000,000,000. Numbers go through a 12-place decimal
 * rendering, so 0.1 means ten cents, not the nearest binary double.
 */
export function usdToPico(amount: number | string): bigint {
  const text = typeof amount === "number" ? amount.toFixed(PICO_DIGITS) : amount.trim();
  const match = /^(\d+)(?:\.(\d{1,12}))?$/.exec(text);
  if (!match)
    throw new RangeError(`not a non-negative USD amount with at most 12 decimals: ${JSON.stringify(amount)}`);
  const whole = BigInt(match[1] ?? "0");
  const fraction = BigInt((match[2] ?? "").padEnd(PICO_DIGITS, "0"));
  return whole * 10n ** BigInt(PICO_DIGITS) + fraction;
}

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
