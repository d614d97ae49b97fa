import { type ContractedRates, priceAggregate } from "@rightsize/pricing";
import type { Cohort } from "../cohort.js";
import type { Charge } from "../report-figures.js";
import { money } from "./money.js";

/**
 * Actual charges itemized per (day, model, token type, service tier, task type, tier), exact.
 * Unit prices within a row are the same for every cohort in it unless bands differ; the row
 * then shows the cost-weighted first unit price (costs stay exact sums).
 */
export function chargeRows(options: { cohorts: readonly Cohort[]; rates?: ContractedRates }): Charge[] {
  const rows = new Map<
    string,
    Omit<Charge, "listCost" | "contractedCost"> & { list: bigint; contracted: bigint }
  >();
  for (const cohort of options.cohorts) {
    const breakdown = priceAggregate({
      model: cohort.model,
      usage: {
        input_tokens: cohort.uncachedInput,
        cache_creation: {
          ephemeral_5m_input_tokens: cohort.cacheWrite5m,
          ephemeral_1h_input_tokens: cohort.cacheWrite1h,
        },
        cache_read_input_tokens: cohort.cacheRead,
        output_tokens: cohort.output,
        server_tool_use: { web_search_requests: cohort.webSearches },
        service_tier: cohort.serviceTier === "batch" ? "batch" : "standard",
      },
      requests: cohort.requests,
      at: cohort.day,
      geo: cohort.geo === "us" ? "us" : "global",
      speed: cohort.fast ? "fast" : "standard",
      rates: options.rates,
    });
    for (const line of breakdown.lines) {
      const key = `${cohort.day}|${breakdown.model}|${line.item}|${cohort.serviceTier}|${cohort.taskType}|${cohort.tier}`;
      const row = rows.get(key) ?? {
        date: cohort.day,
        model: breakdown.model,
        item: line.item,
        serviceTier: cohort.serviceTier,
        taskType: cohort.taskType,
        tier: cohort.tier,
        quantity: 0,
        listUnitPrice: String(line.listUnitPrice),
        contractedUnitPrice: String(line.contractedUnitPrice),
        list: 0n,
        contracted: 0n,
      };
      row.quantity += line.quantity;
      row.list += line.list;
      row.contracted += line.contracted;
      rows.set(key, row);
    }
  }
  return [...rows.keys()].sort().map((key) => {
    const { list, contracted, ...row } = rows.get(key)!;
    return { ...row, listCost: money(list), contractedCost: money(contracted) };
  });
}
