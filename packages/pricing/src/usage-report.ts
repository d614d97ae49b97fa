import { formatIssues, issuesOf } from "@rightsize/contracts";
import { z } from "zod";
import type { ContractedRates } from "./contracted-rates.js";
import { priceAggregate } from "./price-aggregate.js";
import type { PriceBook } from "./price-book.js";
import { PricingError, PricingErrorCode } from "./pricing-error.js";
import type { AggregateCostBreakdown } from "./types.js";

const tokens = z.int().nonnegative().nullish();

/** One `results[]` entry of GET /v1/organizations/usage_report/messages (grouped by model). */
export const usageReportRowSchema = z.looseObject({
  model: z.string().min(1),
  uncached_input_tokens: tokens,
  cache_read_input_tokens: tokens,
  cache_creation: z
    .looseObject({ ephemeral_1h_input_tokens: tokens, ephemeral_5m_input_tokens: tokens })
    .nullish(),
  output_tokens: tokens,
  server_tool_use: z.looseObject({ web_search_requests: tokens }).nullish(),
  service_tier: z.string().nullish(),
  context_window: z.string().nullish(),
  inference_geo: z.string().nullish(),
  speed: z.string().nullish(),
});

/** A usage-report row as Anthropic's Admin API returns it (with `model` grouped in). */
export type UsageReportRow = z.input<typeof usageReportRowSchema>;

/**
 * Prices one Admin usage-report row (its bucket's `starting_at` as `at`) in bigint pico-dollars.
 * `context_window: "200k-1M"` selects the long-context band where the model had one that day; the
 * Haiku 5.5 100K band cannot be seen in a report row, so those rows price at the standard band.
 * @example priceUsageReportRow({ row: bucket.results[0], at: bucket.starting_at })
 */
export function priceUsageReportRow(options: {
  row: UsageReportRow;
  at: Date | string;
  rates?: ContractedRates;
  book?: PriceBook;
}): AggregateCostBreakdown {
  const parsed = usageReportRowSchema.safeParse(options.row);
  if (!parsed.success) {
    throw new PricingError({
      code: PricingErrorCode.invalidUsage,
      message: `usage report row is invalid: ${formatIssues(issuesOf(parsed.error, { root: "row" }))}`,
      cause: parsed.error,
    });
  }
  const row = parsed.data;
  const longContext = row.context_window === "200k-1M" || row.context_window === "200k-1m";
  return priceAggregate({
    model: row.model,
    usage: {
      input_tokens: row.uncached_input_tokens,
      cache_read_input_tokens: row.cache_read_input_tokens,
      cache_creation: row.cache_creation,
      output_tokens: row.output_tokens,
      server_tool_use: row.server_tool_use,
      service_tier: row.service_tier,
      inference_geo: row.inference_geo,
      speed: row.speed,
    },
    band: longContext ? "long-context-over-200k" : "standard",
    at: options.at,
    rates: options.rates,
    book: options.book,
  });
}
