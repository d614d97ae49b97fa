import type { ReplayedCohort } from "../replay/replay-cohort.js";
import type { WaterfallStep } from "../report-figures.js";
import { money } from "./money.js";

/** Period totals (list prices) of each replay stage; the waterfall's steps are their differences. */
export interface StageTotals {
  actual: bigint;
  baseline: bigint;
  routed: bigint;
  cached: bigint;
  batched: bigint;
  optimizedRequests: bigint;
  escalatedAway: bigint;
  cachingAssumedShare: number;
  ceilingCohorts: number;
  /**
   * Some request ran on another model than the baseline: its baseline cost is a counterfactual
   * (its tokens converted and priced on the baseline model), so the baseline is an estimate.
   */
  baselineCounterfactual: boolean;
}

export function stageTotals(replayed: readonly ReplayedCohort[], baselineModel?: string): StageTotals {
  const totals: StageTotals = {
    actual: 0n,
    baseline: 0n,
    routed: 0n,
    cached: 0n,
    batched: 0n,
    optimizedRequests: 0n,
    escalatedAway: 0n,
    cachingAssumedShare: 0,
    ceilingCohorts: 0,
    baselineCounterfactual: baselineModel === undefined,
  };
  let assumedCaching = 0n;
  for (const entry of replayed) {
    totals.actual += entry.actual.list;
    if (entry.cohort.escalatedAway) {
      totals.escalatedAway += entry.actual.list;
      continue;
    }
    totals.baseline += entry.baseline.list;
    if (entry.cohort.model !== baselineModel) totals.baselineCounterfactual = true;
    totals.routed += entry.routed.list;
    totals.cached += entry.cached.list;
    totals.batched += entry.batched.list;
    totals.optimizedRequests += entry.optimized.list;
    if (entry.cachingAssumed) assumedCaching += entry.routed.list - entry.cached.list;
    if (entry.ceilingApplied) totals.ceilingCohorts++;
  }
  const caching = totals.routed - totals.cached;
  totals.cachingAssumedShare = caching === 0n ? 0 : Number((assumedCaching * 1000n) / caching) / 1000;
  return totals;
}

/**
 * baseline → routing → caching → batch → ceilings → + escalated-away attempts → optimized.
 * Every delta is a difference of exact stage totals, so the steps sum to the optimized total
 * exactly (negative = saving).
 */
export function buildWaterfall(
  totals: StageTotals,
  /** Whether token counts crossed tokenizer generations (the methods say so only then). */
  options: { tokenizerConverted: boolean },
): WaterfallStep[] {
  const converted = options.tokenizerConverted;
  const deltas: Array<Omit<WaterfallStep, "amount" | "cumulative"> & { delta: bigint }> = [
    {
      key: "routing",
      label: "Routing to the policy's model",
      kind: "delta",
      delta: totals.routed - totals.baseline,
      estimated: true,
      method:
        "Each cohort priced on the model the policy picks instead of the baseline model (realtime, uncached)" +
        (converted
          ? "; token counts converted between tokenizer generations with the price book's factor (an approximation)."
          : "; every model involved shares one tokenizer, so the recorded token counts carry over."),
    },
    {
      key: "caching",
      label: "Prompt caching",
      kind: "delta",
      delta: totals.cached - totals.routed,
      estimated: totals.cachingAssumedShare > 0,
      method:
        "Where the policy's cache plan is on: the cohort's observed cache read/write shares of the prompt; " +
        `without observed caching, an assumed stable prefix of half the prompt with a 90% hit rate ` +
        `(${Math.round(totals.cachingAssumedShare * 100)}% of this line rests on that assumption).`,
    },
    {
      key: "batch",
      label: "Batch API (50% off)",
      kind: "delta",
      delta: totals.batched - totals.cached,
      estimated: false,
      method:
        "Cohorts the policy sends to the Message Batches API priced at the batch rate (price book modifier).",
    },
    {
      key: "ceilings",
      label: "Output token ceilings",
      kind: "delta",
      delta: totals.optimizedRequests - totals.batched,
      estimated: true,
      method:
        "Where the policy's max_tokens is below the cohort's outputs, output tokens capped at the ceiling " +
        `(estimated from each cohort's output-size bucket; ${totals.ceilingCohorts} cohorts affected).`,
    },
    {
      key: "escalated_away",
      label: "Attempts escalated away (paid, then retried)",
      kind: "delta",
      delta: totals.escalatedAway,
      estimated: false,
      method:
        "Measured: the actual cost of attempts that failed a check and escalated to another tier " +
        "(spans with rightsize.escalated_away), kept as a cost so over-eager cheap routing shows.",
    },
  ];
  const steps: WaterfallStep[] = [
    {
      key: "baseline",
      label: "Baseline (all on the baseline model, realtime, uncached)",
      kind: "total",
      amount: money(totals.baseline),
      cumulative: money(totals.baseline),
      estimated: totals.baselineCounterfactual,
      method: totals.baselineCounterfactual
        ? `Every request on the baseline model, realtime, no caching${converted ? "; tokens converted across tokenizers" : ""}.`
        : "Every request already ran on the baseline model: its recorded tokens priced realtime, uncached, exactly.",
    },
  ];
  let level = totals.baseline;
  for (const { delta, ...step } of deltas) {
    level += delta;
    steps.push({ ...step, amount: money(delta), cumulative: money(level) });
  }
  steps.push({
    key: "optimized",
    label: "Optimized (with the policy)",
    kind: "total",
    amount: money(level),
    cumulative: money(level),
    estimated: true,
    method: "Baseline plus every step above; equals the sum of the replayed cohorts' optimized costs.",
  });
  return steps;
}
