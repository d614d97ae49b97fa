import { z } from "zod";
import { dayNumberOfIsoDay } from "./internal/dates.js";

/** A UTC calendar day, YYYY-MM-DD. */
const isoDay = z.string().refine((text) => !Number.isNaN(dayNumberOfIsoDay(text)), {
  message: "expected a real calendar day as YYYY-MM-DD",
});
/** USD per million tokens as a decimal string, exact to 1e-6 USD/MTok (one pico-dollar per token). */
const usdPerMillion = z.string().regex(/^\d+(\.\d{1,6})?$/, 'expected a decimal string like "0.625"');
const sourceId = z.string().min(1);

export const rateFieldNames = ["input", "cacheWrite5m", "cacheWrite1h", "cacheRead", "output"] as const;
export type RateField = (typeof rateFieldNames)[number];

export const rateValuesSchema = z.strictObject({
  input: usdPerMillion,
  cacheWrite5m: usdPerMillion,
  cacheWrite1h: usdPerMillion,
  cacheRead: usdPerMillion,
  output: usdPerMillion,
});

const provenance = {
  source: sourceId,
  /** False when the numbers come only from third parties. */
  confirmed: z.boolean(),
  /** Rates of an otherwise confirmed period that are derived or third-party. */
  unconfirmedRates: z.array(z.enum(rateFieldNames)).default([]),
  note: z.string().optional(),
};

const effectiveRange = { from: isoDay.nullable(), until: isoDay.nullable() };

/** One effective-dated set of rates; `from` and `until` are inclusive UTC days, null = open. */
export const ratePeriodSchema = z.strictObject({
  ...effectiveRange,
  ...rateValuesSchema.shape,
  ...provenance,
});

/** A rule that bills the whole request at other rates when its prompt exceeds a threshold. */
export const bandRuleSchema = z.strictObject({
  kind: z.enum(["haiku-over-100k", "long-context-over-200k"]),
  /** Prompt = input + cache writes + cache reads; the band applies strictly above this. */
  promptTokensOver: z.int().positive(),
  ...effectiveRange,
  rates: rateValuesSchema,
  ...provenance,
});

export const modelEntrySchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, "expected a lowercase model id"),
  family: z.enum(["haiku", "sonnet", "opus", "fable"]),
  version: z.string(),
  displayName: z.string(),
  aliases: z.array(z.string()),
  tokenizer: z.enum(["v1", "v2"]),
  contextWindow: z.int().positive(),
  maxOutputTokens: z.int().positive(),
  minCacheableTokens: z.int().positive().nullable(),
  status: z.enum(["active", "legacy", "deprecated", "retired"]),
  releasedAt: isoDay.nullable(),
  deprecatedAt: isoDay.nullable(),
  /** First day the model no longer serves (no rates apply from this day on). */
  retiredAt: isoDay.nullable(),
  generation: z.int().positive(),
  /** Whether `inference_geo: "us"` (1.1x) exists for this model (Claude 4.6 and later). */
  usResidency: z.boolean(),
  rates: z.array(ratePeriodSchema).min(1),
  bands: z.array(bandRuleSchema),
  /** Fast-mode (beta `speed: "fast"`) rates; empty when the model has no fast mode. */
  fast: z.array(ratePeriodSchema),
  notes: z.array(z.string()),
  source: sourceId,
  confirmed: z.boolean(),
});

const multiplierSchema = z.strictObject({
  multiplier: z.string().regex(/^\d+(\.\d+)?$/),
  source: sourceId,
  confirmed: z.boolean(),
  note: z.string().optional(),
});

export const priceBookSchema = z.strictObject({
  $comment: z.string().optional(),
  version: z.string().min(1),
  currency: z.literal("USD"),
  sources: z.record(
    z.string(),
    z.strictObject({
      title: z.string(),
      url: z.string().nullable(),
      retrieved: z.string(),
      confirmed: z.boolean(),
    }),
  ),
  modifiers: z.strictObject({
    batch: multiplierSchema,
    usResidency: multiplierSchema,
    webSearch: z.strictObject({
      usdPerThousand: z.string().regex(/^\d+(\.\d+)?$/),
      source: sourceId,
      confirmed: z.boolean(),
      note: z.string().optional(),
    }),
    tokenizer: z.strictObject({
      v1ToV2Factor: z.string().regex(/^\d+(\.\d+)?$/),
      source: sourceId,
      confirmed: z.boolean(),
      note: z.string().optional(),
    }),
  }),
  models: z.array(modelEntrySchema).min(1),
});

/** The price book file as validated (rates still decimal strings). */
export type PriceBookData = z.infer<typeof priceBookSchema>;
export type PriceBookModelEntry = z.infer<typeof modelEntrySchema>;
export type PriceBookRatePeriod = z.infer<typeof ratePeriodSchema>;
export type PriceBookBandRule = z.infer<typeof bandRuleSchema>;
