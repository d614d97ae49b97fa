import type { ContractedRates } from "./contracted-rates.js";
import { cost } from "./cost.js";
import type { PriceBook } from "./price-book.js";
import { PricingError } from "./pricing-error.js";
import type { UsageRecord } from "./usage-records.js";

/** Exact totals of one model (or of everything) over priced records. */
export interface UsageTotals {
  requests: number;
  promptTokens: number;
  outputTokens: number;
  /** Pico-dollars, bigint: totals leave the safe-integer range. */
  list: bigint;
  contracted: bigint;
}

/** Result of `priceUsageRecords`: totals per resolved model (most expensive first), overall, failures. */
export interface UsageRecordsCost {
  byModel: (UsageTotals & { model: string })[];
  total: UsageTotals;
  /** Records that could not be priced, by line, with the PricingError message. */
  invalid: { line: number; message: string }[];
}

const emptyTotals = (): UsageTotals => ({
  requests: 0,
  promptTokens: 0,
  outputTokens: 0,
  list: 0n,
  contracted: 0n,
});

function add(
  totals: UsageTotals,
  entry: { promptTokens: number; outputTokens: number; list: number | bigint; contracted: number | bigint },
) {
  totals.requests++;
  totals.promptTokens += entry.promptTokens;
  totals.outputTokens += entry.outputTokens;
  totals.list += BigInt(entry.list);
  totals.contracted += BigInt(entry.contracted);
}

/**
 * Prices usage records (see `parseUsageRecords`) one by one with `cost()` and totals them exactly.
 * A record that cannot be priced (unknown model, bad usage, date outside the rates) is reported in
 * `invalid` with its line and never stops the others. `model` prices records that carry none;
 * `batch` forces the Batch API tier; `at` applies where a record has no date.
 * @example priceUsageRecords({ records: parseUsageRecords({ text }).records, rates })
 */
export function priceUsageRecords(options: {
  records: readonly UsageRecord[];
  model?: string;
  at?: Date | string;
  geo?: "us" | "global";
  speed?: "standard" | "fast";
  batch?: boolean;
  rates?: ContractedRates;
  book?: PriceBook;
}): UsageRecordsCost {
  const byModel = new Map<string, UsageTotals & { model: string }>();
  const total = emptyTotals();
  const invalid: UsageRecordsCost["invalid"] = [];
  for (const record of options.records) {
    const model = record.model ?? options.model;
    if (model === undefined) {
      invalid.push({ line: record.line, message: "no model in the record and no default model given" });
      continue;
    }
    const usage = options.batch ? { ...record.usage, service_tier: "batch" } : record.usage;
    try {
      const breakdown = cost({
        model,
        usage,
        at: record.at ?? options.at,
        geo: options.geo,
        speed: options.speed,
        rates: options.rates,
        book: options.book,
      });
      const totals = byModel.get(breakdown.model) ?? { model: breakdown.model, ...emptyTotals() };
      add(totals, breakdown);
      add(total, breakdown);
      byModel.set(breakdown.model, totals);
    } catch (error) {
      if (!PricingError.isInstance(error)) throw error;
      invalid.push({ line: record.line, message: error.message });
    }
  }
  const models = [...byModel.values()].sort((left, right) =>
    right.list > left.list ? 1 : right.list < left.list ? -1 : left.model.localeCompare(right.model),
  );
  return { byModel: models, total, invalid };
}
