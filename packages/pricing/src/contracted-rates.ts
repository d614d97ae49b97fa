import { formatIssues, issuesOf } from "@rightsize/contracts";
import { z } from "zod";
import { dayNumberOfIsoDay } from "./internal/dates.js";
import { PricingError, PricingErrorCode } from "./pricing-error.js";

const isoDay = z.string().refine((text) => !Number.isNaN(dayNumberOfIsoDay(text)), {
  message: "expected a real calendar day as YYYY-MM-DD",
});
const usdPerMillion = z
  .string()
  .regex(/^\d+(\.\d{1,6})?$/, 'expected USD per million tokens as a decimal string like "4.25"');
const percent = z
  .union([z.number(), z.string().regex(/^\d+(\.\d+)?$/, 'expected a percentage like 12.5 or "12.5"')])
  .refine((value) => Number(value) >= 0 && Number(value) <= 100, {
    message: "expected a percentage from 0 to 100",
  })
  .refine((value) => /^\d+(\.\d{1,4})?$/.test(String(value)), {
    message: "expected at most 4 decimal places",
  });

/** A percentage off list prices, optionally only for some models, within inclusive dates. */
const discountSchema = z.strictObject({
  percent,
  /** Model ids or aliases; absent = every model. A model-specific discount wins over a general one. */
  models: z.array(z.string().min(1)).min(1).optional(),
  from: isoDay.nullable().optional(),
  until: isoDay.nullable().optional(),
  /** Whether the web-search fee is discounted too (default true). */
  includeWebSearch: z.boolean().optional(),
});

/** Explicit negotiated standard-tier rates for one model (USD per million tokens); omitted rates fall back. */
const explicitRatesSchema = z.strictObject({
  model: z.string().min(1),
  from: isoDay.nullable().optional(),
  until: isoDay.nullable().optional(),
  input: usdPerMillion.optional(),
  cacheWrite5m: usdPerMillion.optional(),
  cacheWrite1h: usdPerMillion.optional(),
  cacheRead: usdPerMillion.optional(),
  output: usdPerMillion.optional(),
  webSearchPerThousand: z
    .string()
    .regex(/^\d+(\.\d{1,6})?$/)
    .optional(),
});

/** Schema of a contracted-rates document (JSON or YAML file, or an object in code). */
export const contractedRatesSchema = z.strictObject({
  name: z.string().optional(),
  discounts: z.array(discountSchema).optional(),
  rates: z.array(explicitRatesSchema).optional(),
});

/**
 * A buyer's contracted rates layered over list prices. For each token type the contracted unit price is:
 * the explicit model rate in effect (standard band and speed; batch and residency still apply on top),
 * else the list unit price less the discount in effect (model-specific before general), else list.
 * @example { discounts: [{ percent: 12, from: "2026-01-01" }], rates: [{ model: "claude-opus-4-7", input: "4", output: "20" }] }
 */
export type ContractedRates = z.input<typeof contractedRatesSchema>;

/** Validates contracted rates; a PricingError "invalid_contracted_rates" names the failing path. */
export function parseContractedRates(input: unknown, options?: { where?: string }): ContractedRates {
  const parsed = contractedRatesSchema.safeParse(input);
  if (!parsed.success) {
    throw new PricingError({
      code: PricingErrorCode.invalidContractedRates,
      message: `contracted rates are invalid: ${formatIssues(issuesOf(parsed.error, { root: options?.where ?? "rates" }))}`,
      cause: parsed.error,
    });
  }
  return parsed.data;
}
