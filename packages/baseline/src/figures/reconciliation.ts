import { type ContractedRates, findModel, priceUsageReportRow } from "@rightsize/pricing";
import type { CostReportRow, UsageReportRow } from "../ingest/admin-reports.js";
import type { ReplayedCohort } from "../replay/replay-cohort.js";
import type { Reconciliation } from "../report-figures.js";
import { money, share } from "./money.js";

const canonical = (model: string) => findModel(model)?.id ?? model;

/** Span/log-derived actual cost per (day, model): contracted when rates are given (what the bill shows). */
function derivedByDayModel(replayed: readonly ReplayedCohort[], contracted: boolean): Map<string, bigint> {
  const derived = new Map<string, bigint>();
  for (const entry of replayed) {
    const key = `${entry.cohort.day}|${canonical(entry.cohort.model)}`;
    derived.set(key, (derived.get(key) ?? 0n) + (contracted ? entry.actual.contracted : entry.actual.list));
  }
  return derived;
}

/**
 * Reconcile derived cost with the Admin cost report (the bill) and with the Admin usage report
 * priced from the price book, per model and day, over the days either side covers in the period.
 */
export function reconcile(options: {
  replayed: readonly ReplayedCohort[];
  costRows: readonly CostReportRow[];
  usageRows: readonly UsageReportRow[];
  rates?: ContractedRates;
  inPeriod: (day: string) => boolean;
}): Reconciliation[] {
  const derived = derivedByDayModel(options.replayed, options.rates !== undefined);
  const result: Reconciliation[] = [];
  if (options.costRows.length > 0) {
    const reported = new Map<string, bigint>();
    for (const row of options.costRows) {
      if (!options.inPeriod(row.date)) continue;
      const key = `${row.date}|${canonical(row.model)}`;
      reported.set(key, (reported.get(key) ?? 0n) + row.amountPico);
    }
    result.push(
      compare({
        derived,
        reported,
        source: "cost-report",
        note: "Admin cost report amounts (the bill) against the cost derived from the inputs.",
      }),
    );
  }
  if (options.usageRows.length > 0) {
    const reported = new Map<string, bigint>();
    for (const row of options.usageRows) {
      if (!options.inPeriod(row.date)) continue;
      const priced = priceUsageReportRow({
        row: {
          model: row.model,
          uncached_input_tokens: row.uncachedInput,
          cache_read_input_tokens: row.cacheRead,
          cache_creation: {
            ephemeral_5m_input_tokens: row.cacheWrite5m,
            ephemeral_1h_input_tokens: row.cacheWrite1h,
          },
          output_tokens: row.output,
          server_tool_use: { web_search_requests: row.webSearchRequests },
          service_tier: row.serviceTier,
        },
        at: row.date,
        rates: options.rates,
      });
      const key = `${row.date}|${canonical(row.model)}`;
      reported.set(key, (reported.get(key) ?? 0n) + (options.rates ? priced.contracted : priced.list));
    }
    result.push(
      compare({
        derived,
        reported,
        source: "usage-report",
        note:
          "Admin usage report tokens priced with the price book against the cost derived from the inputs " +
          "(Haiku 5.5's over-100K band cannot be seen in a report row).",
      }),
    );
  }
  return result;
}

/** Our cost per day and model beside the report's (`source`), over the days the report covers. */
function compare(options: {
  derived: Map<string, bigint>;
  reported: Map<string, bigint>;
  source: Reconciliation["source"];
  note: string;
}): Reconciliation {
  const { derived, reported, source, note } = options;
  const days = new Set([...reported.keys()].map((key) => key.slice(0, 10)));
  const keys = new Set([
    ...reported.keys(),
    ...[...derived.keys()].filter((key) => days.has(key.slice(0, 10))),
  ]);
  let derivedTotal = 0n;
  let reportedTotal = 0n;
  const rows = [...keys].sort().map((key) => {
    const ours = derived.get(key) ?? 0n;
    const theirs = reported.get(key) ?? 0n;
    derivedTotal += ours;
    reportedTotal += theirs;
    return {
      date: key.slice(0, 10),
      model: key.slice(11),
      derived: money(ours),
      reported: money(theirs),
      difference: money(ours - theirs),
      differenceShare: theirs === 0n ? null : share(ours - theirs, theirs),
    };
  });
  return {
    source,
    rows,
    totals: {
      derived: money(derivedTotal),
      reported: money(reportedTotal),
      difference: money(derivedTotal - reportedTotal),
    },
    note,
  };
}
