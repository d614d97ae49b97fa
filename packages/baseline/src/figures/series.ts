import { addDays, daysBetween } from "../period.js";
import type { ReplayedCohort } from "../replay/replay-cohort.js";
import type { ReportFigures } from "../report-figures.js";
import type { QualityVerdict } from "../usage-record.js";
import { isoWeek } from "./iso-week.js";
import { money, share } from "./money.js";

type Daily = ReportFigures["daily"];

/** The daily series over the observed range, gap days included as zeros (list prices). */
export function dailySeries(replayed: readonly ReplayedCohort[], start: string, end: string): Daily {
  const days = start <= end ? daysBetween(start, end) : 0;
  const rows = Array.from({ length: days }, (_, index) => ({
    date: addDays(start, index),
    requests: 0,
    actual: 0n,
    baseline: 0n,
    optimized: 0n,
  }));
  for (const entry of replayed) {
    const row = rows[daysBetween(start, entry.cohort.day) - 1];
    if (row === undefined) continue;
    row.actual += entry.actual.list;
    if (entry.cohort.escalatedAway) {
      row.optimized += entry.actual.list; // the escalated-away line belongs to the optimized world too
      continue;
    }
    row.requests += entry.cohort.requests;
    row.baseline += entry.baseline.list;
    row.optimized += entry.optimized.list;
  }
  return rows.map((row) => ({
    date: row.date,
    requests: row.requests,
    actual: money(row.actual),
    baseline: money(row.baseline),
    optimized: money(row.optimized),
  }));
}

/** Requests and actual cost per model (requests exclude escalated-away attempts; cost includes them). */
export function requestsByModel(replayed: readonly ReplayedCohort[]): ReportFigures["requestsByModel"] {
  return modelMix(replayed, (entry) => ({ model: entry.cohort.model, cost: entry.actual.list }));
}

/** The replay's routed mix: each cohort on the model its decision picks, at its optimized cost. */
export function optimizedRequestsByModel(
  replayed: readonly ReplayedCohort[],
): ReportFigures["optimizedRequestsByModel"] {
  // As the optimized total: escalated-away attempts at their actual cost, on their own model.
  return modelMix(replayed, (entry) => ({
    model:
      entry.decision?.kind === "route" && !entry.cohort.escalatedAway
        ? entry.decision.model
        : entry.cohort.model,
    cost: entry.cohort.escalatedAway ? entry.actual.list : entry.optimized.list,
  }));
}

/** Requests (escalated-away attempts not counted) and cost by model, costliest first. */
function modelMix(
  replayed: readonly ReplayedCohort[],
  placed: (entry: ReplayedCohort) => { model: string; cost: bigint },
): ReportFigures["requestsByModel"] {
  const byModel = new Map<string, { requests: number; cost: bigint }>();
  let total = 0;
  for (const entry of replayed) {
    const { model, cost } = placed(entry);
    const row = byModel.get(model) ?? { requests: 0, cost: 0n };
    if (!entry.cohort.escalatedAway) {
      row.requests += entry.cohort.requests;
      total += entry.cohort.requests;
    }
    row.cost += cost;
    byModel.set(model, row);
  }
  return [...byModel.entries()]
    .sort(([left, a], [right, b]) => (b.cost > a.cost ? 1 : b.cost < a.cost ? -1 : left < right ? -1 : 1))
    .map(([model, row]) => ({
      model,
      requests: row.requests,
      share: share(BigInt(row.requests), BigInt(total)),
      cost: money(row.cost),
    }));
}

export function costByModelWeek(replayed: readonly ReplayedCohort[]): ReportFigures["costByModelWeek"] {
  const rows = new Map<
    string,
    { week: string; weekStart: string; model: string; requests: number; cost: bigint }
  >();
  for (const entry of replayed) {
    const { week, weekStart } = isoWeek(entry.cohort.day);
    const key = `${week}|${entry.cohort.model}`;
    const row = rows.get(key) ?? { week, weekStart, model: entry.cohort.model, requests: 0, cost: 0n };
    if (!entry.cohort.escalatedAway) row.requests += entry.cohort.requests;
    row.cost += entry.actual.list;
    rows.set(key, row);
  }
  return [...rows.keys()].sort().map((key) => {
    const row = rows.get(key)!;
    return { ...row, cost: money(row.cost) };
  });
}

/** Pass rate, flags and escalation rate per task type and ISO week, from spans' verdicts and feedback. */
export function qualityByTaskWeek(
  replayed: readonly ReplayedCohort[],
  verdicts: readonly QualityVerdict[],
  inPeriod: (day: string) => boolean,
): ReportFigures["qualityByTaskWeek"] {
  const rows = new Map<
    string,
    {
      week: string;
      weekStart: string;
      taskType: string;
      requests: number;
      escalated: number;
      passes: number;
      fails: number;
    }
  >();
  const rowFor = (day: string, taskType: string) => {
    const { week, weekStart } = isoWeek(day);
    const key = `${week}|${taskType}`;
    let row = rows.get(key);
    if (row === undefined) {
      row = { week, weekStart, taskType, requests: 0, escalated: 0, passes: 0, fails: 0 };
      rows.set(key, row);
    }
    return row;
  };
  for (const entry of replayed) {
    if (entry.cohort.escalatedAway) continue;
    const row = rowFor(entry.cohort.day, entry.cohort.taskType);
    row.requests += entry.cohort.requests;
    row.escalated += entry.cohort.escalated;
    row.passes += entry.cohort.passes;
    row.fails += entry.cohort.fails;
  }
  for (const verdict of verdicts) {
    const day = new Date(verdict.timeMs).toISOString().slice(0, 10);
    if (!inPeriod(day)) continue;
    const row = rowFor(day, verdict.taskType);
    if (verdict.verdict === "pass") row.passes += verdict.count;
    else row.fails += verdict.count;
  }
  return [...rows.keys()].sort().map((key) => {
    const row = rows.get(key)!;
    const verdictCount = row.passes + row.fails;
    return {
      week: row.week,
      weekStart: row.weekStart,
      taskType: row.taskType,
      requests: row.requests,
      verdicts: verdictCount,
      passRate: verdictCount === 0 ? null : row.passes / verdictCount,
      flags: row.fails,
      escalationRate: row.requests === 0 ? 0 : row.escalated / row.requests,
    };
  });
}
