import { divideRounded } from "@rightsize/contracts";
import type { ContractedRates } from "@rightsize/pricing";
import type { Cohort } from "../cohort.js";
import type { EvalEvidence } from "../eval-results.js";
import type { DiscountSchedule } from "../forecast/discount-schedule.js";
import type { IngestResult } from "../ingest/ingest-files.js";
import { daysBetween, type Period, runRateScale } from "../period.js";
import type { MissingFact } from "../replay/missing-facts.js";
import {
  DEFAULT_CACHE_HIT_RATE,
  DEFAULT_CACHEABLE_SHARE,
  type ReplayedCohort,
} from "../replay/replay-cohort.js";
import type { ScenarioPricer } from "../replay/scenario-pricer.js";
import type { InputFormat, ReportFigures, RunRate } from "../report-figures.js";
import type { QualityVerdict } from "../usage-record.js";
import { chargeRows } from "./charges.js";
import { forecastAndCommit } from "./forecast-figures.js";
import { money, runRate, share } from "./money.js";
import { reconcile } from "./reconciliation.js";
import {
  costByModelWeek,
  dailySeries,
  optimizedRequestsByModel,
  qualityByTaskWeek,
  requestsByModel,
} from "./series.js";
import { OVERRIDE_FLAG_RATE, taskTable } from "./task-table.js";
import { buildWaterfall, stageTotals } from "./waterfall.js";

/** Everything computed before the figures are put together. */
export interface FigureInputs {
  ingest: IngestResult;
  cohorts: readonly Cohort[];
  replayed: readonly ReplayedCohort[];
  unpriced: Map<string, { requests: number; reason: string }>;
  verdicts: readonly QualityVerdict[];
  /** Undefined when the report was given no eval evidence. */
  evalResults: EvalEvidence | undefined;
  period: Period;
  observed: { start: string; end: string };
  outsidePeriod: number;
  /** Records dropped as duplicates of one read before. */
  duplicates: number;
  cohortCount: number;
  baseline: { model: string; chosen: "given" | "most-expensive-seen" };
  policy: { name: string; version: string; source: string | null };
  rates?: ContractedRates;
  pricer: ScenarioPricer;
  tokenizerFactor?: number;
  discounts: DiscountSchedule;
  maxShortfall: number;
  missingFacts: MissingFact[];
  generatedAt: string;
  priceBookVersion: string;
}

/** Put the report's figures together (pure: the same inputs give the same figures). */
export function assembleFigures(inputs: FigureInputs): ReportFigures {
  const { replayed, period, observed, ingest } = inputs;
  const observedDays = daysBetween(observed.start, observed.end);
  const totals = stageTotals(replayed, inputs.baseline.model);
  const optimizedTotal = totals.optimizedRequests + totals.escalatedAway;
  let actualContracted = 0n;
  let optimizedContracted = 0n;
  for (const entry of replayed) {
    actualContracted += entry.actual.contracted;
    optimizedContracted += entry.cohort.escalatedAway ? entry.actual.contracted : entry.optimized.contracted;
  }
  const savings = totals.actual - optimizedTotal;
  const inPeriod = (day: string) => day >= period.start && day <= period.end;
  const daily = dailySeries(replayed, observed.start, observed.end);
  const contractedRatio =
    inputs.rates === undefined || optimizedTotal === 0n
      ? null
      : Number(divideRounded(optimizedContracted * 1_000_000n, optimizedTotal)) / 1_000_000;
  const scale = runRateScale(period);
  const rate = (total: bigint) => runRate(total, observedDays, scale);
  const { forecast, commitment } = forecastAndCommit({
    daily,
    period,
    contractedRatio,
    discounts: inputs.discounts,
    maxShortfall: inputs.maxShortfall,
    current: { observedPico: totals.actual, observedDays },
  });
  const files = ingest.files;
  const requests = replayed.reduce(
    (sum, entry) => sum + (entry.cohort.escalatedAway ? 0 : entry.cohort.requests),
    0,
  );
  const escalatedAwayAttempts = replayed.reduce(
    (sum, entry) => sum + (entry.cohort.escalatedAway ? entry.cohort.requests : 0),
    0,
  );
  // Blank lines of the line formats (a record a line). An OTLP line carries many spans, so there
  // the difference is negative and says nothing about blank lines: it counts as none.
  const blank = files.reduce(
    (sum, file) => sum + Math.max(0, file.lines - file.records - file.bad - file.skipped),
    0,
  );
  return {
    schemaVersion: 1,
    period: {
      label: period.label,
      start: period.start,
      end: period.end,
      days: period.days,
      observedStart: observed.start,
      observedEnd: observed.end,
      observedDays,
    },
    generatedAt: inputs.generatedAt,
    priceBook: priceBookFacts(inputs.priceBookVersion),
    policy: inputs.policy,
    baseline: {
      model: inputs.baseline.model,
      mode: "realtime",
      cached: false,
      chosen: inputs.baseline.chosen,
      tokenizerFactor: inputs.tokenizerFactor ?? 1.3,
      tokenizerConverted: inputs.pricer.convertedTokenizers,
      definition:
        `Every request on ${inputs.baseline.model} (${inputs.baseline.chosen === "given" ? "as given" : "the most expensive model seen"}), ` +
        (inputs.pricer.convertedTokenizers
          ? "realtime, without prompt caching, with token counts converted between tokenizer generations."
          : "realtime, without prompt caching."),
    },
    inputs: {
      files,
      formats: [...new Set(files.map((file) => file.format))].sort() as InputFormat[],
      lines: files.reduce((sum, file) => sum + file.lines, 0),
      records: files.reduce((sum, file) => sum + file.records, 0),
      good: files.reduce((sum, file) => sum + file.records, 0),
      bad: files.reduce((sum, file) => sum + file.bad, 0),
      requests,
      escalatedAwayAttempts,
      outsidePeriod: inputs.outsidePeriod,
      duplicates: { records: inputs.duplicates, repeatedFiles: ingest.repeatedFiles },
      cohorts: inputs.cohortCount,
    },
    runRates: {
      scale: {
        quarterDays: Number(scale.quarterDays.numerator) / Number(scale.quarterDays.denominator),
        basis: scale.basis,
      },
      current: rate(totals.actual),
      baseline: rate(totals.baseline),
      optimized: rate(optimizedTotal),
      savings: savingsRunRate(rate(totals.actual), rate(optimizedTotal)),
      savingsShareOfCurrent: share(savings, totals.actual),
      savingsShareOfBaseline: share(totals.baseline - optimizedTotal, totals.baseline),
      currentContracted: inputs.rates === undefined ? null : rate(actualContracted),
      optimizedContracted: inputs.rates === undefined ? null : rate(optimizedContracted),
    },
    waterfall: {
      basis: `List prices, totals over the ${observedDays} observed day(s) ${observed.start} to ${observed.end}.`,
      steps: buildWaterfall(totals, { tokenizerConverted: inputs.pricer.convertedTokenizers }),
    },
    requestsByModel: requestsByModel(replayed),
    optimizedRequestsByModel: optimizedRequestsByModel(replayed),
    costByModelWeek: costByModelWeek(replayed),
    qualityByTaskWeek: qualityByTaskWeek(replayed, inputs.verdicts, inPeriod),
    daily,
    forecast,
    commitment,
    tasks: taskTable({ replayed, verdicts: inputs.verdicts, evalResults: inputs.evalResults }),
    dataQuality: {
      badByReason: sortedCounts(ingest.quality.badByReason),
      samples: ingest.quality.samples,
      readErrors: ingest.quality.readErrors,
      skippedByReason: sortedCounts(ingest.quality.skippedByReason),
      unpriced: [...inputs.unpriced.entries()].map(([model, entry]) => ({ model, ...entry })),
      accounting: {
        lines: files.reduce((sum, file) => sum + file.lines, 0),
        records: files.reduce((sum, file) => sum + file.records, 0),
        bad: files.reduce((sum, file) => sum + file.bad, 0),
        skipped: files.reduce((sum, file) => sum + file.skipped, 0),
        blank,
      },
    },
    reconciliation: reconcile({
      replayed,
      costRows: ingest.costRows,
      usageRows: ingest.usageRows,
      rates: inputs.rates,
      inPeriod,
    }),
    charges: chargeRows({ cohorts: inputs.cohorts, pricer: inputs.pricer }),
    assumptions: assumptions(
      inputs,
      `Run-rates scale the ${observedDays} observed day(s) to ${scale.basis}.`,
    ),
    missingFacts: inputs.missingFacts,
  };
}

function savingsRunRate(current: RunRate, after: RunRate): RunRate {
  // Differences of the rounded run-rates, so current − optimized = savings holds to the pico-dollar.
  const minus = (left: { pico: string }, right: { pico: string }) =>
    money(BigInt(left.pico) - BigInt(right.pico));
  return {
    observed: minus(current.observed, after.observed),
    monthly: minus(current.monthly, after.monthly),
    quarterly: minus(current.quarterly, after.quarterly),
  };
}

function sortedCounts(counts: Map<string, number>): Array<{ reason: string; count: number }> {
  return [...counts.entries()]
    .map(([reason, count]) => ({ reason, count }))
    .sort((left, right) => right.count - left.count || (left.reason < right.reason ? -1 : 1));
}

function priceBookFacts(version: string): ReportFigures["priceBook"] {
  return {
    version,
    sources: ["Anthropic pricing page and model documentation (price book data, per-entry sources)"],
    allConfirmed: false,
  };
}

function assumptions(inputs: FigureInputs, runRateBasis: string): string[] {
  return [
    runRateBasis,
    "Current cost is re-priced from recorded token usage with the price book (list prices), per request, exactly.",
    ...(inputs.pricer.convertedTokenizers
      ? [
          `Token counts convert between tokenizer generations with a factor of ${inputs.tokenizerFactor ?? "the price book's default (≈1.3)"} (v1 → v2).`,
        ]
      : []),
    `Caching without observed cache activity assumes a stable prefix of ${DEFAULT_CACHEABLE_SHARE * 100}% of the prompt and a ${DEFAULT_CACHE_HIT_RATE * 100}% hit rate, only where that prefix meets the model's minimum cacheable length.`,
    "Ceilings: output above the policy's max_tokens is capped at it (estimated per output-size bucket); a capped answer may in practice need a retry.",
    "Requests the policy would reject stay on their current model (realtime, uncached) in the optimized figures.",
    "Attempts that escalated away are counted at their actual cost in the optimized figures too (measured, not replayed).",
    `A task's override rate above ${OVERRIDE_FLAG_RATE * 100}% flags its recommendation for review.`,
    ...inputs.pricer.notes,
  ];
}
