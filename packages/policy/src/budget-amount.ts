import { PICO_PER_USD, picoToDecimalUsd } from "@rightsize/contracts";
import { z } from "zod";

/**
 * The largest budget a policy may state: 2^63-1 pico-dollars ($9,223,372.036854775807), the most a
 * Redis counter (a signed 64-bit integer, INCRBY) can hold. The budget guard refuses larger limits
 * at request time; refusing them when the policy loads keeps that failure off the request path.
 */
export const MAX_BUDGET_PICO = 2n ** 63n - 1n;
/** MAX_BUDGET_PICO as an exact decimal USD amount. */
export const MAX_BUDGET_USD = picoToDecimalUsd(MAX_BUDGET_PICO);

const PICO_DIGITS = 12;
const DECIMAL = /^(\d+)(?:\.(\d+))?$/;
const EXPONENT = /^[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+$/;

/** Why an amount as written is refused, or its exact value in pico-dollars. */
export type BudgetAmountResult = { ok: true; pico: bigint } | { ok: false; message: string };

/**
 * Reads a USD amount exactly, as written: a plain decimal with at most 12 decimals (a pico-dollar),
 * more than $0 and at most MAX_BUDGET_USD. Exponent forms and longer fractions are refused rather
 * than rounded; zero is refused (a zero budget would refuse every request: a routing rule with
 * `reject: true` says that plainly).
 * @example parseBudgetAmount("12.50") // { ok: true, pico: 12_500_000_000_000n }
 */
export function parseBudgetAmount(written: string): BudgetAmountResult {
  const text = written.trim();
  if (EXPONENT.test(text)) {
    return {
      ok: false,
      message: `${JSON.stringify(text)} is in exponent form: write the amount as a plain decimal (like 25 or 0.000001)`,
    };
  }
  const match = DECIMAL.exec(text);
  if (!match) {
    return {
      ok: false,
      message: `${JSON.stringify(text)} is not a USD amount: write a positive decimal like 250 or "12.50"`,
    };
  }
  const fraction = match[2] ?? "";
  if (fraction.length > PICO_DIGITS) {
    return {
      ok: false,
      message: `${JSON.stringify(text)} has ${fraction.length} decimals: at most 12 (budgets count whole pico-dollars); nothing is rounded`,
    };
  }
  const pico = BigInt(match[1]!) * PICO_PER_USD + BigInt(fraction.padEnd(PICO_DIGITS, "0"));
  if (pico === 0n) {
    return {
      ok: false,
      message:
        "must be more than $0: a zero budget would refuse every request (to refuse requests, write a routing rule with reject: true)",
    };
  }
  if (pico > MAX_BUDGET_PICO) {
    return {
      ok: false,
      message: `${JSON.stringify(text)} is more than the largest budget, ${MAX_BUDGET_USD} USD (2^63-1 pico-dollars, what the Redis budget store counts)`,
    };
  }
  return { ok: true, pico };
}

/**
 * A budget amount in a policy: a number or a decimal string, read exactly (see parseBudgetAmount)
 * and kept as its canonical decimal string (`"25.00"` becomes `"25"`), so a validated policy stays
 * plain JSON and `usdToPico` of it is the exact limit the guard enforces.
 */
export const budgetAmountSchema = z
  .union([z.number(), z.string()], { error: 'must be a USD amount, like 250 or "12.50"' })
  .transform((value, context) => {
    // A number in a hand-built object is read as JavaScript prints it: 1e-13 prints in exponent form.
    const result = parseBudgetAmount(typeof value === "number" ? String(value) : value);
    if (!result.ok) {
      context.addIssue({ code: "custom", message: result.message });
      return z.NEVER;
    }
    return picoToDecimalUsd(result.pico);
  });
