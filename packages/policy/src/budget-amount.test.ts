import { usdToPico } from "@rightsize/contracts";
import { describe, expect, it } from "vitest";
import { budgetLimitsFromPolicy } from "./budget/policy-budget-limits.js";
import { MAX_BUDGET_PICO, MAX_BUDGET_USD, parseBudgetAmount } from "./budget-amount.js";
import { parsePolicy } from "./parse-policy.js";
import { formatPolicyIssue } from "./policy-error.js";

const withLimit = (usd: string) =>
  `name: p\nversion: "1"\ndefaultTier: sonnet\nfallbackTier: sonnet\nbudgets:\n  limits:\n    - { scope: tenant, period: day, usd: ${usd} }\n`;

function refusal(usd: string, format: "yaml" | "json" = "yaml"): string {
  const source =
    format === "yaml"
      ? withLimit(usd)
      : `{"name":"p","version":"1","defaultTier":"sonnet","fallbackTier":"sonnet","budgets":{"limits":[{"scope":"tenant","period":"day","usd":${usd}}]}}`;
  const result = parsePolicy({ source, format });
  if (result.ok)
    throw new Error(`expected ${usd} to be refused, got ${result.policy.budgets.limits[0]?.usd}`);
  return result.error.issues.map(formatPolicyIssue).join("; ");
}

describe("budget amounts are read exactly, in the range the budget store holds", () => {
  it("states the limit: 2^63-1 pico-dollars", () => {
    expect(MAX_BUDGET_PICO).toBe(9_223_372_036_854_775_807n);
    expect(MAX_BUDGET_USD).toBe("9223372.036854775807");
  });

  it("refuses amounts above the limit with the path, in YAML and JSON", () => {
    for (const usd of ["9300000", "1e308", '"99999999999999999999999999"', "9223372.036854775808"]) {
      const message = refusal(usd);
      expect(message).toMatch(/^budgets\.limits\[0\]\.usd \(line 7, column \d+\): /);
      expect(message).toMatch(/more than the largest budget, 9223372\.036854775807 USD|exponent form/);
    }
    expect(refusal("9300000", "json")).toMatch(
      /^budgets\.limits\[0\]\.usd \(line 1, column \d+\): "9300000" is more than/,
    );
    expect(refusal("1e308", "json")).toContain('"1e308" is in exponent form');
  });

  it("refuses tiny amounts: exponent forms, more than 12 decimals, and zero (never rounded to $0)", () => {
    expect(refusal("1e-13")).toContain('"1e-13" is in exponent form: write the amount as a plain decimal');
    expect(refusal('"0.0000000000001"')).toContain("has 13 decimals: at most 12");
    expect(refusal('"0.000000000000"')).toContain(
      "must be more than $0: a zero budget would refuse every request",
    );
    expect(refusal("0")).toContain("must be more than $0");
    // The parser would round this number to 0.1: it is read from the source text instead.
    expect(refusal("0.1000000000000000001")).toContain("has 19 decimals");
    expect(refusal("-5")).toContain('"-5" is not a USD amount');
  });

  it("accepts the edges exactly and keeps a canonical decimal the guard converts without loss", () => {
    const largest = parsePolicy({ source: withLimit("9223372.036854775807") });
    if (!largest.ok) throw largest.error;
    expect(largest.policy.budgets.limits[0]!.usd).toBe("9223372.036854775807");
    expect(budgetLimitsFromPolicy({ policy: largest.policy })[0]!.limit).toBe(MAX_BUDGET_PICO);
    const smallest = parsePolicy({ source: withLimit('"0.000000000001"') });
    if (!smallest.ok) throw smallest.error;
    expect(budgetLimitsFromPolicy({ policy: smallest.policy })[0]!.limit).toBe(1n);
    const cents = parsePolicy({ source: withLimit('"25.00"') });
    expect(cents.ok && cents.policy.budgets.limits[0]!.usd).toBe("25");
    expect(cents.ok && usdToPico(cents.policy.budgets.limits[0]!.usd)).toBe(25_000_000_000_000n);
  });

  it("reads numbers of a hand-built policy as JavaScript prints them", () => {
    const policy = (usd: number) => ({
      name: "p",
      version: "1",
      defaultTier: "sonnet",
      fallbackTier: "sonnet",
      budgets: { limits: [{ scope: "tenant", period: "day", usd }] },
    });
    const ok = parsePolicy({ source: policy(0.1) });
    expect(ok.ok && ok.policy.budgets.limits[0]!.usd).toBe("0.1");
    const tiny = parsePolicy({ source: policy(1e-13) });
    expect(!tiny.ok && tiny.error.issues[0]?.path).toBe("budgets.limits[0].usd");
    expect(parseBudgetAmount(String(Number.POSITIVE_INFINITY)).ok).toBe(false);
  });
});
