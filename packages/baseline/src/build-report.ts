import { decide, defaultPolicy, type Policy, type RequestFacts } from "@rightsize/policy";
import {
  type ContractedRates,
  findModel,
  getModel,
  PricingError,
  priceBookVersion,
  rateCard,
} from "@rightsize/pricing";
import type { Cohort } from "./cohort.js";
import { BaselineError, BaselineErrorCode } from "./errors.js";
import { type EvalEvidence, parseEvalResults } from "./eval-results.js";
import { assembleFigures } from "./figures/assemble-figures.js";
import { DEFAULT_DISCOUNT_SCHEDULE, type DiscountSchedule } from "./forecast/discount-schedule.js";
import { collectUsage } from "./ingest/collect-usage.js";
import type { IngestProgress } from "./ingest/ingest-files.js";
import { withMeasured } from "./measured/with-measured.js";
import { type Period, parsePeriod } from "./period.js";
import { missingFacts } from "./replay/missing-facts.js";
import { cohortFacts, type ReplayedCohort, replayCohort } from "./replay/replay-cohort.js";
import type { Decider } from "./replay/replay-decision.js";
import { ScenarioPricer } from "./replay/scenario-pricer.js";
import type { ReportFigures } from "./report-figures.js";

/** The default risk: the recommended commitment falls short in at most 1 year in 10 (as P90). */
const DEFAULT_MAX_SHORTFALL = 0.1;

/** Options of `buildReport`. */
export interface BuildReportOptions {
  /** Input files: OTLP JSON-lines spans, request logs (JSONL/CSV), Admin usage/cost reports; .gz ok. */
  inputs: readonly string[];
  /** "2026-Q3", "2026-07", "2026" or "2026-07-01..2026-09-30"; default: the observed days. */
  period?: string;
  /** Candidate policy; default: the bundled default policy (@rightsize/policy `defaultPolicy()`). */
  policy?: Policy;
  /** Where the policy came from (a file path), for the methodology section. */
  policySource?: string;
  /** Baseline model id or alias; default: the most expensive model seen in the input. */
  baselineModel?: string;
  rates?: ContractedRates;
  /** Shadow-eval evidence: `rightsize eval`'s summary.json, or the older results list (see `parseEvalResults`). */
  evalResults?: unknown;
  /**
   * What a commitment buys (`parseDiscountSchedule` of a `--discounts` file); default: the
   * built-in schedule, which the report labels an assumption.
   */
  discounts?: DiscountSchedule;
  /** The risk accepted: highest shortfall probability of the recommended commitment (default 0.10). */
  maxShortfallProbability?: number;
  /** Tokenizer conversion factor v1→v2 (default: the price book's, ~1.3). */
  tokenizerFactor?: number;
  /** Clock for `generatedAt` (tests). */
  now?: Date;
  onProgress?: (progress: IngestProgress) => void;
  /** Span files of a run under the policy ("after"): adds the measured comparison (`figures.measured`). */
  measured?: readonly string[];
  /**
   * Parallel ingest: worker threads (0 = read on the calling thread; default: one per core, at
   * most 4, when the input is over 64 MiB) and the size files are cut into. Figures never depend on it.
   */
  ingest?: { workers?: number; chunkBytes?: number };
}

/**
 * Ingest the inputs, aggregate them into cohorts, replay each cohort under the candidate policy
 * and compute every figure of the report (run-rates, waterfall, forecast, commitment, tasks,
 * data quality, reconciliation, FOCUS charges). Bad lines never fail the report; an unreadable
 * path, a bad option, or inputs without any request-level data do (BaselineError).
 * @example
 * const figures = await buildReport({ inputs: ["spans.jsonl.gz"], period: "2026-Q3" });
 * console.log(figures.runRates.optimized.monthly.usd);
 */
export async function buildReport(options: BuildReportOptions): Promise<ReportFigures> {
  const period = options.period === undefined ? undefined : parsePeriod(options.period);
  const evalResults: EvalEvidence | undefined =
    options.evalResults === undefined ? undefined : parseEvalResults(options.evalResults);
  if (options.baselineModel !== undefined) resolveModel(options.baselineModel);
  // Aliases and dated ids of one model become one id (memoized: a handful of distinct strings).
  const canonicalIds = new Map<string, string>();
  const canonical = (model: string) => {
    let id = canonicalIds.get(model);
    if (id === undefined) {
      id = findModel(model)?.id ?? model;
      canonicalIds.set(model, id);
    }
    return id;
  };
  const collected = await collectUsage({
    paths: options.inputs,
    ...(period ? { period: { start: period.start, end: period.end } } : {}),
    canonicalModel: canonical,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...options.ingest,
  });
  const { ingest } = collected;
  const { cohorts, verdicts, outsidePeriod, duplicates, firstDay, lastDay } = collected.usage;
  if (cohorts.length === 0) {
    throw new BaselineError({
      code: BaselineErrorCode.noUsableData,
      message:
        `no usable requests in ${options.inputs.length} input file(s)${period ? ` within ${period.label}` : ""}` +
        ` (${ingest.files.map((file) => `${file.path}: ${file.format}, ${file.records} records, ${file.bad} bad`).join("; ")}).` +
        " Admin usage/cost reports reconcile spans or request logs; they cannot stand in for them.",
    });
  }
  const effectivePeriod: Period = period ?? {
    label: `${firstDay}..${lastDay}`,
    start: firstDay,
    end: lastDay,
    days: 0,
  };
  if (period === undefined) effectivePeriod.days = parsePeriod(`${firstDay}..${lastDay}`).days;
  const baseline = chooseBaseline(options.baselineModel, cohorts, lastDay);
  const policy = options.policy ?? defaultPolicy();
  const pricer = new ScenarioPricer({ rates: options.rates, tokenizerFactor: options.tokenizerFactor });
  const { replayed, unpriced } = replayAll({ cohorts, policy, baselineModel: baseline.model, pricer });
  const discounts = options.discounts ?? DEFAULT_DISCOUNT_SCHEDULE;
  const maxShortfall = options.maxShortfallProbability ?? DEFAULT_MAX_SHORTFALL;
  const figures = assembleFigures({
    ingest,
    cohorts: replayed.map((entry) => entry.cohort),
    replayed,
    unpriced,
    verdicts,
    evalResults,
    period: effectivePeriod,
    observed: { start: firstDay, end: lastDay },
    outsidePeriod,
    duplicates,
    cohortCount: cohorts.length,
    baseline,
    policy: { name: policy.name, version: String(policy.version), source: options.policySource ?? null },
    rates: options.rates,
    pricer,
    tokenizerFactor: options.tokenizerFactor,
    discounts,
    maxShortfall,
    missingFacts: missingFacts({ policy, cohorts }),
    generatedAt: (options.now ?? new Date()).toISOString(),
    priceBookVersion,
  });
  return withMeasured({ figures, measured: options.measured, period, verdicts, discounts, maxShortfall });
}

function resolveModel(model: string): string {
  try {
    return getModel(model).id;
  } catch (error) {
    throw new BaselineError({
      code: BaselineErrorCode.unknownBaselineModel,
      message: `baselineModel: ${error instanceof Error ? error.message : String(error)}`,
      cause: error,
    });
  }
}

/** The given baseline model, or the most expensive model seen (output rate, then input rate). */
function chooseBaseline(
  given: string | undefined,
  cohorts: readonly Cohort[],
  lastDay: string,
): { model: string; chosen: "given" | "most-expensive-seen" } {
  if (given !== undefined) return { model: resolveModel(given), chosen: "given" };
  let best: { model: string; output: number; input: number } | undefined;
  for (const model of new Set(cohorts.map((cohort) => cohort.model))) {
    try {
      const card = rateCard({ model, at: lastDay });
      const id = getModel(model).id;
      if (
        best === undefined ||
        card.output > best.output ||
        (card.output === best.output && card.input > best.input)
      ) {
        best = { model: id, output: card.output, input: card.input };
      }
    } catch {
      // A model missing from the price book cannot be a baseline; it is reported as unpriced.
    }
  }
  if (best === undefined) {
    throw new BaselineError({
      code: BaselineErrorCode.noUsableData,
      message: "no model in the input is in the price book",
    });
  }
  return { model: best.model, chosen: "most-expensive-seen" };
}

function replayAll(options: {
  cohorts: readonly Cohort[];
  policy: Policy;
  baselineModel: string;
  pricer: ScenarioPricer;
}): { replayed: ReplayedCohort[]; unpriced: Map<string, { requests: number; reason: string }> } {
  // No memo here: cohort facts are nearly unique (mean token counts), and decide() is fast.
  const decider: Decider = (facts) => decide({ policy: options.policy, facts: facts as RequestFacts });
  const replayed: ReplayedCohort[] = [];
  const unpriced = new Map<string, { requests: number; reason: string }>();
  for (const cohort of options.cohorts) {
    try {
      const decision = cohort.escalatedAway ? null : decider(cohortFacts(cohort));
      replayed.push(
        replayCohort({ cohort, decision, baselineModel: options.baselineModel, pricer: options.pricer }),
      );
    } catch (error) {
      if (!PricingError.isInstance(error)) throw error;
      const entry = unpriced.get(cohort.model) ?? { requests: 0, reason: error.message };
      entry.requests += cohort.requests;
      unpriced.set(cohort.model, entry);
    }
  }
  return { replayed, unpriced };
}
