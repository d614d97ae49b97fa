import { BaselineError, BaselineErrorCode } from "../errors.js";
import { isoWeek } from "../figures/iso-week.js";
import { money, runRate, share } from "../figures/money.js";
import { ingestFiles } from "../ingest/ingest-files.js";
import { daysBetween, type Period, runRateScale } from "../period.js";
import type { MeasuredFigures, ReportFigures } from "../report-figures.js";
import type { QualityVerdict } from "../usage-record.js";
import { measuredNotes, sortedCounts, weeklyCosts } from "./measured-series.js";
import { MeasuredTally } from "./measured-tally.js";
import { readSpanLedger, type SpanLedger } from "./span-ledger.js";

/** Options of `measureAfter`. */
export interface MeasureAfterOptions {
  /** OTLP JSON-lines span files of the run under the policy (.gz ok). */
  paths: readonly string[];
  /** The report period; records outside it are counted, not used. Undefined: no limit. */
  period: Period | undefined;
  /** The figures of the main ("before") inputs. */
  before: ReportFigures;
  /** Quality verdicts of the main inputs. */
  beforeVerdicts: readonly QualityVerdict[];
}

/**
 * Measures the "after" run: ingests its span files with the same streamed ingest as the main
 * inputs (counts, models, tokens, verdicts, data quality), reads the money its spans recorded
 * (actual cost, counterfactual, savings by lever), and sets it beside the main inputs' actual
 * spend and the replay's projection. Throws a BaselineError when the files hold no request.
 */
export async function measureAfter(options: MeasureAfterOptions): Promise<MeasuredFigures> {
  const { period, before } = options;
  const inRange = (day: string) => period === undefined || (day >= period.start && day <= period.end);
  const tally = new MeasuredTally({ inRange });
  const ingest = await ingestFiles({ paths: options.paths, sink: tally });
  if (tally.requests === 0) {
    throw new BaselineError({
      code: BaselineErrorCode.noUsableData,
      message:
        `measured: no usable requests in ${options.paths.length} file(s)${period ? ` within ${period.label}` : ""}` +
        ` (${ingest.files.map((file) => `${file.path}: ${file.format}, ${file.records} records, ${file.bad} bad`).join("; ")}).`,
    });
  }
  const ledger = await readSpanLedger({ paths: options.paths, inRange });
  const observedDays = daysBetween(tally.firstDay, tally.lastDay);
  // Scaled as the main inputs' run-rates are: to the report period's quarter and month.
  const actual = runRate(
    ledger.attemptCost + ledger.shadowEval.cost,
    observedDays,
    runRateScale(before.period),
  );
  const current = before.runRates.current;
  const savings = {
    observed: difference(current.observed, actual.observed),
    monthly: difference(current.monthly, actual.monthly),
    quarterly: difference(current.quarterly, actual.quarterly),
  };
  const projected = before.runRates.optimized.monthly;
  const overProjection = BigInt(actual.monthly.pico) - BigInt(projected.pico);
  return {
    files: [...options.paths],
    period: { observedStart: tally.firstDay, observedEnd: tally.lastDay, observedDays },
    requests: tally.requests,
    attempts: tally.attempts,
    escalatedAway: { attempts: tally.escalatedAwayAttempts, cost: money(ledger.escalatedAwayCost) },
    runRate: actual,
    before: current,
    savings,
    savingsShareOfCurrent: share(BigInt(savings.monthly.pico), BigInt(current.monthly.pico)),
    counterfactualBaseline: money(ledger.counterfactual.baseline),
    leverSavings: leverSavings(ledger, tally.requests),
    requestsByModel: requestsByModel(tally, ledger),
    tasks: [...tally.requestsByTask]
      .map(([taskType, task]) => ({
        taskType,
        requests: task.requests,
        escalated: task.escalated,
        escalationRate: task.requests === 0 ? 0 : task.escalated / task.requests,
      }))
      .sort((left, right) => right.requests - left.requests || (left.taskType < right.taskType ? -1 : 1)),
    ...(ledger.shadowEval.spans > 0 ? { qualityAssurance: qualityAssurance(ledger) } : {}),
    batchShare: tally.requests === 0 ? 0 : tally.batchRequests / tally.requests,
    cacheReadShare: tally.promptTokens === 0 ? 0 : tally.cacheReadTokens / tally.promptTokens,
    quality: qualityComparison(
      options.beforeVerdicts.filter((verdict) => inRange(dayOf(verdict))),
      tally,
    ),
    projectedVsMeasured: {
      projected,
      measured: actual.monthly,
      difference: money(overProjection),
      differenceShare: projected.pico === "0" ? null : share(overProjection, BigInt(projected.pico)),
    },
    weekly: weeklyCosts(before.daily, ledger.costByDay),
    dataQuality: {
      files: ingest.files,
      badByReason: sortedCounts(ingest.quality.badByReason),
      skippedByReason: sortedCounts(ingest.quality.skippedByReason),
      samples: ingest.quality.samples,
      attemptsWithoutCost: ledger.attemptsWithoutCost,
      outsidePeriod: tally.outsidePeriod,
      duplicates: { records: tally.duplicates, repeatedFiles: ingest.repeatedFiles },
    },
    notes: measuredNotes({ before, observedDays, ledger, tally }),
  };
}

/** The quality-assurance line and the weekly quality series of the continuous shadow eval. */
function qualityAssurance(ledger: SpanLedger): NonNullable<MeasuredFigures["qualityAssurance"]> {
  const shadow = ledger.shadowEval;
  const weeks = new Map<
    string,
    { week: string; weekStart: string; taskType: string; tier: string; verdicts: number; passes: number }
  >();
  for (const [key, counts] of shadow.byDay) {
    const [day = "", taskType = "", tier = ""] = key.split("|");
    const { week, weekStart } = isoWeek(day);
    const weekKey = `${weekStart}|${taskType}|${tier}`;
    const entry = weeks.get(weekKey) ?? { week, weekStart, taskType, tier, verdicts: 0, passes: 0 };
    entry.verdicts += counts.verdicts;
    entry.passes += counts.passes;
    weeks.set(weekKey, entry);
  }
  const byTaskWeek = [...weeks.values()]
    .sort((left, right) =>
      left.weekStart !== right.weekStart
        ? left.weekStart < right.weekStart
          ? -1
          : 1
        : `${left.taskType}|${left.tier}` < `${right.taskType}|${right.tier}`
          ? -1
          : 1,
    )
    .map(({ passes, ...entry }) => ({
      ...entry,
      passRate: entry.verdicts === 0 ? null : passes / entry.verdicts,
    }));
  return {
    cost: money(shadow.cost),
    verdicts: shadow.verdicts,
    passes: shadow.passes,
    passRate: shadow.verdicts === 0 ? null : shadow.passes / shadow.verdicts,
    regressions: shadow.regressions,
    byTaskWeek,
    note:
      "The continuous shadow eval's own spend, summed exactly from its rightsize.shadow_eval spans " +
      "(a sample re-run on the next tier up and graded, through the Message Batches API at half price); " +
      "it is part of the after run-rate. Pass rates are the sampled answers that held against the tier above.",
  };
}

function difference(left: { pico: string }, right: { pico: string }) {
  return money(BigInt(left.pico) - BigInt(right.pico));
}

function dayOf(verdict: QualityVerdict): string {
  return new Date(verdict.timeMs).toISOString().slice(0, 10);
}

function leverSavings(ledger: SpanLedger, requests: number): MeasuredFigures["leverSavings"] {
  const sums = ledger.counterfactual;
  const baselines = [...ledger.baselineModels].sort().join(", ") || "the recorded baseline model";
  return {
    routing: money(sums.routing),
    caching: money(sums.caching),
    batch: money(sums.batch),
    total: money(sums.total),
    requestsWithoutCounterfactual: Math.max(0, requests - ledger.counterfactuals),
    note:
      `Summed from the counterfactual each request's spans recorded (the answer's usage on ${baselines}, ` +
      "realtime, uncached; routing + caching + batch = total exactly). Output-token ceilings are not " +
      "separately attributable at runtime: a lower max_tokens shows up as fewer output tokens inside the " +
      "routing saving. Attempts escalated away reduce the routing saving (they are its price).",
  };
}

/** Requests answered per model and tier, beside the attempts paid on it (escalated-away ones too). */
function requestsByModel(tally: MeasuredTally, ledger: SpanLedger): MeasuredFigures["requestsByModel"] {
  const keys = new Set([...tally.requestsByModelTier.keys(), ...ledger.costByModelTier.keys()]);
  const rows = [...keys].map((key) => {
    const [model = "", tier = ""] = key.split("|");
    const requests = tally.requestsByModelTier.get(key) ?? 0;
    const spent = ledger.costByModelTier.get(key);
    return {
      model,
      tier,
      requests,
      share: requests / tally.requests,
      attempts: spent?.attempts ?? 0,
      cost: money(spent?.cost ?? 0n),
    };
  });
  return rows.sort(
    (left, right) =>
      right.requests - left.requests || right.attempts - left.attempts || (key(left) < key(right) ? -1 : 1),
  );
}

function key(row: { model: string; tier: string }): string {
  return `${row.model}|${row.tier}`;
}

function qualityComparison(beforeVerdicts: readonly QualityVerdict[], tally: MeasuredTally) {
  let verdicts = 0;
  let passes = 0;
  for (const verdict of beforeVerdicts) {
    verdicts += verdict.count;
    if (verdict.verdict === "pass") passes += verdict.count;
  }
  const rate = (pass: number, total: number) => (total === 0 ? null : pass / total);
  const beforeRate = rate(passes, verdicts);
  const afterRate = rate(tally.verdicts.passes, tally.verdicts.verdicts);
  return {
    before: { verdicts, passes, passRate: beforeRate },
    after: { ...tally.verdicts, passRate: afterRate },
    change: beforeRate === null || afterRate === null ? null : afterRate - beforeRate,
    source:
      "Quality verdicts (rightsize.feedback spans, verdict rows of request logs) in the main inputs and in " +
      "the measured files; attempts escalated away after failing a check are not counted as verdicts.",
  };
}
