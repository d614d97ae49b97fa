import { promptTokens } from "@rightsize/contracts";
import type { Cohort } from "../cohort.js";
import { ITEM_ORDER, itemQuantities, type ScenarioPricer } from "../replay/scenario-pricer.js";
import type { Charge } from "../report-figures.js";
import { money } from "./money.js";

/**
 * Actual charges itemized per (day, model, token type, service tier, task type, tier), exact.
 * Unit prices within a row are the same for every cohort in it unless bands differ; the row
 * then shows the cost-weighted first unit price (costs stay exact sums).
 */
export function chargeRows(options: { cohorts: readonly Cohort[]; pricer: ScenarioPricer }): Charge[] {
  const rows = new Map<
    string,
    Omit<Charge, "listCost" | "contractedCost"> & { list: bigint; contracted: bigint }
  >();
  for (const cohort of options.cohorts) {
    const prompt = promptTokens(cohort);
    const units = options.pricer.unitPrices({
      model: cohort.model,
      day: cohort.day,
      batch: cohort.serviceTier === "batch",
      geo: cohort.geo,
      fast: cohort.fast,
      meanPrompt: Math.floor(prompt / cohort.requests),
    });
    const quantities = itemQuantities(cohort);
    const lines = ITEM_ORDER.flatMap((item, index) => {
      const quantity = quantities[index]!;
      if (quantity === 0) return [];
      const listUnitPrice = units.list[index]!;
      const contractedUnitPrice = units.contracted[index]!;
      return [
        {
          item,
          quantity,
          listUnitPrice,
          contractedUnitPrice,
          list: BigInt(quantity) * listUnitPrice,
          contracted: BigInt(quantity) * contractedUnitPrice,
        },
      ];
    });
    for (const line of lines) {
      const key = `${cohort.day}|${cohort.model}|${line.item}|${cohort.serviceTier}|${cohort.taskType}|${cohort.tier}`;
      const row = rows.get(key) ?? {
        date: cohort.day,
        model: cohort.model,
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
