import { isoWeek } from "../figures/iso-week.js";
import { money } from "../figures/money.js";
import type { MeasuredFigures, ReportFigures } from "../report-figures.js";
import type { MeasuredTally } from "./measured-tally.js";
import type { SpanLedger } from "./span-ledger.js";

/**
 * Actual cost per ISO week, before (the main inputs' daily actual cost) beside after (the
 * measured run's attempt costs per day), summed exactly from the pico strings.
 */
export function weeklyCosts(
  daily: ReportFigures["daily"],
  afterByDay: ReadonlyMap<string, bigint>,
): MeasuredFigures["weekly"] {
  const weeks = new Map<string, { week: string; weekStart: string; before: bigint; after: bigint }>();
  const add = (day: string, side: "before" | "after", amount: bigint) => {
    const { week, weekStart } = isoWeek(day);
    const entry = weeks.get(weekStart) ?? { week, weekStart, before: 0n, after: 0n };
    entry[side] += amount;
    weeks.set(weekStart, entry);
  };
  for (const day of daily) add(day.date, "before", BigInt(day.actual.pico));
  for (const [day, amount] of afterByDay) add(day, "after", amount);
  return [...weeks.values()]
    .sort((left, right) => (left.weekStart < right.weekStart ? -1 : 1))
    .map((entry) => ({
      week: entry.week,
      weekStart: entry.weekStart,
      before: money(entry.before),
      after: money(entry.after),
    }));
}

/** Reason counts, most frequent first. */
export function sortedCounts(counts: ReadonlyMap<string, number>): Array<{ reason: string; count: number }> {
  return [...counts.entries()]
    .map(([reason, count]) => ({ reason, count }))
    .sort((left, right) => right.count - left.count || (left.reason < right.reason ? -1 : 1));
}

/** What a reader must know to read the comparison right; each note only when it applies. */
export function measuredNotes(options: {
  before: ReportFigures;
  observedDays: number;
  ledger: SpanLedger;
  tally: MeasuredTally;
}): string[] {
  const { before, observedDays, ledger, tally } = options;
  const notes = [
    "After: the exact sum of the recorded cost of every attempt span (rightsize.cost.pico_usd, list prices), " +
      "escalated-away attempts included; parent request spans are not added again. Before: the main inputs' " +
      "actual spend, re-priced from their recorded token usage with the same price book.",
  ];
  if (before.period.observedDays !== observedDays) {
    notes.push(
      `The runs cover different lengths (before ${before.period.observedDays} days, after ${observedDays} days): ` +
        "compare the monthly and quarterly run-rates, not the observed totals.",
    );
  }
  if (ledger.attemptsWithoutCost > 0) {
    notes.push(
      `${ledger.attemptsWithoutCost} attempt span(s) carried usage but no recorded cost (unpriced when recorded) ` +
        "and are not in the after cost.",
    );
  }
  if (tally.requests > ledger.counterfactuals) {
    notes.push(
      `${tally.requests - ledger.counterfactuals} request(s) carried no counterfactual and are not in the ` +
        "savings by lever.",
    );
  }
  return notes;
}
