/**
 * ReportFigures: every figure `rightsize report` shows, in one validated structure. The PDF, the
 * `--json` output and the FOCUS CSV are all rendered from this object, so they cannot disagree.
 *
 * Money is exact: integer pico-dollars (1e-12 USD) serialized as decimal strings, with a USD
 * display string beside it (and a display-only double for chart axes; never sum those).
 */
import { z } from "zod";

/** An integer pico-dollar amount as a decimal string (may be negative for deltas). */
export const picoStringSchema = z.string().regex(/^-?\d+$/, "expected an integer pico-dollar string");

/** An exact amount: `pico` is the truth; `usd` ("$1,234.56") and `value` (USD double) are for display. */
export const moneySchema = z.object({
  pico: picoStringSchema,
  usd: z.string(),
  value: z.number(),
});
export type Money = z.infer<typeof moneySchema>;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected YYYY-MM-DD");
/** ISO week label, e.g. "2026-W27". */
const isoWeek = z.string().regex(/^\d{4}-W\d{2}$/, "expected YYYY-Www");

export const inputFormatSchema = z.enum([
  "otlp-json",
  "usage-report",
  "cost-report",
  "request-log-jsonl",
  "request-log-csv",
  "unknown",
]);
export type InputFormat = z.infer<typeof inputFormatSchema>;

export const inputFileSummarySchema = z.object({
  path: z.string(),
  format: inputFormatSchema,
  gzip: z.boolean(),
  bytes: z.number().int().nonnegative(),
  /** Lines read (for Admin report documents: report rows read, good and bad). */
  lines: z.number().int().nonnegative(),
  /** Usable records: attempt spans, request-log rows, report rows. */
  records: z.number().int().nonnegative(),
  /** Lines that could not be used, each counted by reason in dataQuality. */
  bad: z.number().int().nonnegative(),
  /** Records read but deliberately not counted as requests (e.g. parent request spans). */
  skipped: z.number().int().nonnegative(),
  /** A read error that ended the file early (e.g. truncated gzip); records before it are kept. */
  readError: z.string().nullable(),
});
export type InputFileSummary = z.infer<typeof inputFileSummarySchema>;

export const runRateSchema = z.object({
  /** Total over the observed days of the period. */
  observed: moneySchema,
  monthly: moneySchema,
  quarterly: moneySchema,
});
export type RunRate = z.infer<typeof runRateSchema>;

export const waterfallStepSchema = z.object({
  key: z.enum(["baseline", "routing", "caching", "batch", "ceilings", "escalated_away", "optimized"]),
  label: z.string(),
  /** "total" bars stand on zero; "delta" bars float (negative = saving, positive = added cost). */
  kind: z.enum(["total", "delta"]),
  amount: moneySchema,
  /** Level after this step (for drawing the floating bar). */
  cumulative: moneySchema,
  estimated: z.boolean(),
  method: z.string(),
});
export type WaterfallStep = z.infer<typeof waterfallStepSchema>;

export const forecastValueSchema = z.object({
  point: moneySchema,
  p80Low: moneySchema,
  p80High: moneySchema,
  p95Low: moneySchema,
  p95High: moneySchema,
});
export type ForecastValue = z.infer<typeof forecastValueSchema>;

export const forecastSchema = z.object({
  method: z.string(),
  /** Which daily series the model was fit on. */
  fitOn: z.enum(["optimized", "actual"]),
  fitDays: z.number().int().nonnegative(),
  /** Daily growth of the trend (e.g. 0.002 = +0.2%/day), and the same per quarter. */
  dailyGrowth: z.number(),
  quarterlyGrowth: z.number(),
  /** Multiplicative day-of-week factors, Monday first (1 = average day). */
  dayOfWeekFactors: z.array(z.number()).length(7),
  /** Standard deviation of the log residuals. */
  residualSd: z.number(),
  /** False when the history is too short for a trend: then a flat mean with wide intervals. */
  trendFitted: z.boolean(),
  /**
   * When a measured run exists, the optimized daily series is scaled to the measured run-rate
   * before the fit: the replay's daily shape and growth at the level the policy was measured at
   * (`factor` = measured daily spend / replayed daily spend). Null when there is no measured run.
   */
  levelScale: z.object({ basis: z.literal("measured"), factor: z.number(), note: z.string() }).nullable(),
  quarters: z.array(
    z.object({
      label: z.string(),
      start: isoDate,
      end: isoDate,
      days: z.number().int().positive(),
      optimized: forecastValueSchema,
      current: forecastValueSchema,
    }),
  ),
  /** Daily optimized forecast (for the chart's bands), USD doubles for display only. */
  daily: z.array(
    z.object({
      date: isoDate,
      point: z.number(),
      p80Low: z.number(),
      p80High: z.number(),
      p95Low: z.number(),
      p95High: z.number(),
    }),
  ),
});
export type Forecast = z.infer<typeof forecastSchema>;

export const commitmentLevelSchema = z.object({
  /** "P50", "P70", "P90": the probability that spend reaches the commitment. */
  label: z.string(),
  confidence: z.number(),
  /** Annual commitment (next four quarters) at list prices, and per quarter. */
  annual: moneySchema,
  quarterly: moneySchema,
  /** Probability that spend falls short of the commitment (= 1 - confidence). */
  forfeitProbability: z.number(),
  expectedForfeit: moneySchema,
  expectedOverage: moneySchema,
  /** The same commitment at contracted prices, when contracted rates were given. */
  contractedAnnual: moneySchema.nullable(),
});
export type CommitmentLevel = z.infer<typeof commitmentLevelSchema>;

/** An exact decimal USD amount ("125000.5"): pico-dollars written as dollars, nothing rounded. */
const decimalUsd = z.string().regex(/^-?\d+(\.\d{1,12})?$/, "expected a decimal USD amount");

/** One commitment level priced against the optimized forecast's simulated year. */
export const commitmentScenarioSchema = z.object({
  /** Annual commitment (what is paid at the least), exact decimal USD. */
  commitUsd: decimalUsd,
  /** Discount off list the schedule gives this commitment, percent. */
  discountPct: z.number(),
  /** Expected net annual cost: commitment + expected overage. */
  expectedNetUsd: decimalUsd,
  /** Expected commitment paid but not used. */
  expectedForfeitUsd: decimalUsd,
  /** Expected usage billed above the commitment (at list or at the discount: `discounts.overage`). */
  expectedOverageUsd: decimalUsd,
  /** Probability that usage (at the discount) falls short of the commitment. */
  shortfallProbability: z.number(),
  /** Usage ÷ commitment below which committing costs more than paying list (1 − discount). */
  breakEvenUtilization: z.number(),
});
export type CommitmentScenario = z.infer<typeof commitmentScenarioSchema>;

export const commitmentSchema = z.object({
  method: z.string(),
  /** Forecast annual spend (optimized) and its standard deviation, at list prices. */
  expectedAnnual: moneySchema,
  annualSd: moneySchema,
  levels: z.array(commitmentLevelSchema),
  /** The level the report recommends (its label) and the range shown beside it. */
  recommended: z.string(),
  range: z.object({ low: moneySchema, high: moneySchema }),
  contractedRatesApplied: z.boolean(),
  /** The discount schedule the scenarios are priced with; `assumed` when it is the built-in one. */
  discounts: z.object({
    source: z.string(),
    assumed: z.boolean(),
    overage: z.enum(["list", "discounted"]),
    tiers: z.array(z.object({ minCommitUsd: decimalUsd, discountPct: z.number() })),
  }),
  /** The risk the buyer accepts: the highest shortfall probability a chosen level may have. */
  maxShortfallProbability: z.number(),
  /** Flat annual commitments from pay-as-you-go (0) up, ascending: the expected-cost curve. */
  scenarios: z.array(commitmentScenarioSchema),
  /** The scenario with the lowest expected net cost within the risk: the flat commitment to ask for. */
  optimal: commitmentScenarioSchema,
  /** A commitment that steps with the forecast quarter by quarter, at the same risk per quarter. */
  ramped: commitmentScenarioSchema.extend({
    quarters: z.array(z.object({ label: z.string(), commitUsd: decimalUsd })),
  }),
  /**
   * Committing at today's (unoptimized) run-rate, priced against the optimized forecast: what it
   * would forfeit, and its expected net cost above the optimal level.
   */
  atCurrentRunRate: commitmentScenarioSchema.extend({
    /** Today's actual daily spend over the forecast's four quarters, before rounding to commitUsd. */
    runRateUsd: decimalUsd,
    /** Days of the forecast's four quarters. */
    days: z.number().int().positive(),
    /** Expected net cost above the optimal commitment's: the dollar not taken out before signing. */
    overpayVsOptimalUsd: decimalUsd,
  }),
});
export type Commitment = z.infer<typeof commitmentSchema>;

export const taskRowSchema = z.object({
  taskType: z.string(),
  requests: z.number().int().nonnegative(),
  currentModel: z.string(),
  currentCost: moneySchema,
  recommendedTier: z.string().nullable(),
  recommendedModel: z.string().nullable(),
  /** Share of the task's requests the policy would reject (budget, no eligible model). */
  rejectedShare: z.number(),
  optimizedCost: moneySchema,
  savings: moneySchema,
  evidence: z.object({
    evalPassRate: z.number().nullable(),
    evalSamples: z.number().int().nonnegative(),
    /** Wilson score interval lower bound at 95% for the eval pass rate. */
    evalWilsonLower: z.number().nullable(),
    /** Its upper bound; present only when the report was given eval evidence (`--evals`). */
    evalWilsonUpper: z.number().nullable().optional(),
    /**
     * What the eval itself recommended for the task (from `rightsize eval`'s summary): the bar,
     * the tier/model and whether it cleared the bar; null without a summary for the task.
     * Present only when the report was given eval evidence (`--evals`).
     */
    evalRecommendation: z
      .object({ bar: z.number(), tier: z.string().nullable(), model: z.string(), cleared: z.boolean() })
      .nullable()
      .optional(),
    qualityVerdicts: z.number().int().nonnegative(),
    qualityFlagRate: z.number().nullable(),
    escalationRate: z.number(),
    overrideRate: z.number(),
    /** The override rate is above 5%: the recommendation needs review. */
    overrideFlag: z.boolean(),
  }),
});
export type TaskRow = z.infer<typeof taskRowSchema>;

export const badLineSampleSchema = z.object({
  file: z.string(),
  line: z.number().int().nonnegative(),
  reason: z.string(),
  excerpt: z.string(),
});

export const reconciliationSchema = z.object({
  source: z.enum(["cost-report", "usage-report"]),
  rows: z.array(
    z.object({
      date: isoDate,
      model: z.string(),
      derived: moneySchema,
      reported: moneySchema,
      /** derived - reported. */
      difference: moneySchema,
      /** difference / reported, null when nothing was reported. */
      differenceShare: z.number().nullable(),
    }),
  ),
  totals: z.object({ derived: moneySchema, reported: moneySchema, difference: moneySchema }),
  note: z.string(),
});
export type Reconciliation = z.infer<typeof reconciliationSchema>;

export const chargeSchema = z.object({
  date: isoDate,
  model: z.string(),
  item: z.enum(["input", "cache_write_5m", "cache_write_1h", "cache_read", "output", "web_search"]),
  serviceTier: z.string(),
  taskType: z.string(),
  tier: z.string(),
  /** Tokens (or web searches for item web_search). */
  quantity: z.number().int().nonnegative(),
  listUnitPrice: picoStringSchema,
  contractedUnitPrice: picoStringSchema,
  listCost: moneySchema,
  contractedCost: moneySchema,
});
export type Charge = z.infer<typeof chargeSchema>;

const countedReasonSchema = z.array(z.object({ reason: z.string(), count: z.number().int() }));

/** A pass rate from quality verdicts (feedback spans or log rows), with its counts. */
export const passRateSchema = z.object({
  verdicts: z.number().int().nonnegative(),
  passes: z.number().int().nonnegative(),
  /** passes / verdicts; null when there were no verdicts. */
  passRate: z.number().nullable(),
});

/** What the ingest counted once although it was read more than once. */
const duplicatesSchema = z.object({
  /** Records (spans, log rows, feedback verdicts) whose identity had been read already: counted once. */
  records: z.number().int().nonnegative(),
  /** Input paths naming a file already given (under this or another path): not read again. */
  repeatedFiles: z.array(z.string()),
});

/**
 * The measured "after" run (`--measured`): what the optimized traffic actually cost, summed
 * from its own spans, beside the main inputs ("before") and the replay's projection.
 */
export const measuredFiguresSchema = z.object({
  files: z.array(z.string()),
  /** First and last day of the measured run inside the report period, and the days between. */
  period: z.object({
    observedStart: isoDate,
    observedEnd: isoDate,
    observedDays: z.number().int().positive(),
  }),
  /** Requests (final attempts) and all paid attempts, counted as `inputs.requests` is. */
  requests: z.number().int().nonnegative(),
  attempts: z.number().int().nonnegative(),
  escalatedAway: z.object({ attempts: z.number().int().nonnegative(), cost: moneySchema }),
  /**
   * The after run's actual cost: the exact sum of its attempt spans' recorded costs (parent spans
   * not added again) and of its continuous shadow eval's spend (`qualityAssurance.cost`).
   */
  runRate: runRateSchema,
  /** The main inputs' actual spend (= runRates.current), repeated here for the comparison. */
  before: runRateSchema,
  /** before − runRate: observed totals, and the difference of the rounded run-rates. */
  savings: runRateSchema,
  /** savings.monthly / before.monthly (run-rates, so runs of different lengths compare). */
  savingsShareOfCurrent: z.number(),
  /** What the same requests would have cost on the baseline, summed from the spans' counterfactuals. */
  counterfactualBaseline: moneySchema,
  /** Savings against that counterfactual by lever, summed from span attributes (routing + caching + batch = total). */
  leverSavings: z.object({
    routing: moneySchema,
    caching: moneySchema,
    batch: moneySchema,
    total: moneySchema,
    /** Requests whose spans carried no counterfactual (not in the sums above). */
    requestsWithoutCounterfactual: z.number().int().nonnegative(),
    note: z.string(),
  }),
  /** Requests by the model (and policy tier) that answered them; cost of every attempt on that model. */
  requestsByModel: z.array(
    z.object({
      model: z.string(),
      tier: z.string(),
      requests: z.number().int().nonnegative(),
      share: z.number(),
      attempts: z.number().int().nonnegative(),
      cost: moneySchema,
    }),
  ),
  /** Requests per task type under the policy, and the share that needed an escalation to be answered. */
  tasks: z.array(
    z.object({
      taskType: z.string(),
      requests: z.number().int().nonnegative(),
      escalated: z.number().int().nonnegative(),
      escalationRate: z.number(),
    }),
  ),
  /**
   * The continuous shadow eval of the after run (`rightsize.shadow_eval` spans): its spend, the
   * "quality assurance" lever line (a cost, in the run-rate above), and its quality over time.
   * Absent when the run had none.
   */
  qualityAssurance: z
    .object({
      cost: moneySchema,
      verdicts: z.number().int().nonnegative(),
      passes: z.number().int().nonnegative(),
      passRate: z.number().nullable(),
      /** Regression alerts raised (span events). */
      regressions: z.number().int().nonnegative(),
      /** Pass rate against the tier above, per task type (and the tier it ran on) per ISO week. */
      byTaskWeek: z.array(
        z.object({
          week: isoWeek,
          weekStart: isoDate,
          taskType: z.string(),
          tier: z.string(),
          verdicts: z.number().int().nonnegative(),
          passRate: z.number().nullable(),
        }),
      ),
      note: z.string(),
    })
    .optional(),
  /** Share of requests answered through the Batch API. */
  batchShare: z.number(),
  /** Cache-read tokens / prompt tokens (uncached input + cache writes + cache reads), all attempts. */
  cacheReadShare: z.number(),
  quality: z.object({
    before: passRateSchema,
    after: passRateSchema,
    /** after.passRate − before.passRate; null unless both have verdicts. */
    change: z.number().nullable(),
    source: z.string(),
  }),
  /** The replay's projection (runRates.optimized) against what the after run measured, monthly. */
  projectedVsMeasured: z.object({
    projected: moneySchema,
    measured: moneySchema,
    /** measured − projected (positive: the run cost more than projected). */
    difference: moneySchema,
    /** difference / projected; null when nothing was projected. */
    differenceShare: z.number().nullable(),
  }),
  /** Actual cost per ISO week: main inputs (before) and the measured run (after). */
  weekly: z.array(z.object({ week: isoWeek, weekStart: isoDate, before: moneySchema, after: moneySchema })),
  dataQuality: z.object({
    files: z.array(inputFileSummarySchema),
    badByReason: countedReasonSchema,
    skippedByReason: countedReasonSchema,
    samples: z.array(badLineSampleSchema),
    /** Attempt spans with usage but no recorded cost (unpriced when recorded): not in `actual`. */
    attemptsWithoutCost: z.number().int().nonnegative(),
    /** Valid records outside the report period (read, not counted). */
    outsidePeriod: z.number().int().nonnegative(),
    /** Records dropped as duplicates of one read before (same span id; repeated files). */
    duplicates: duplicatesSchema,
  }),
  notes: z.array(z.string()),
});
export type MeasuredFigures = z.infer<typeof measuredFiguresSchema>;

export const reportFiguresSchema = z.object({
  schemaVersion: z.literal(1),
  period: z.object({
    label: z.string(),
    start: isoDate,
    end: isoDate,
    days: z.number().int().positive(),
    /** First and last day with data inside the period; run-rates scale from these. */
    observedStart: isoDate.nullable(),
    observedEnd: isoDate.nullable(),
    observedDays: z.number().int().nonnegative(),
  }),
  generatedAt: z.string(),
  priceBook: z.object({ version: z.string(), sources: z.array(z.string()), allConfirmed: z.boolean() }),
  policy: z.object({ name: z.string(), version: z.string(), source: z.string().nullable() }),
  baseline: z.object({
    model: z.string(),
    mode: z.literal("realtime"),
    cached: z.literal(false),
    /** How the baseline model was chosen: given, or the most expensive model seen. */
    chosen: z.enum(["given", "most-expensive-seen"]),
    tokenizerFactor: z.number(),
    /**
     * True when some token count was converted between tokenizer generations (the factor applied);
     * false when every model priced shares one tokenizer.
     */
    tokenizerConverted: z.boolean(),
    definition: z.string(),
  }),
  inputs: z.object({
    files: z.array(inputFileSummarySchema),
    formats: z.array(inputFormatSchema),
    lines: z.number().int().nonnegative(),
    records: z.number().int().nonnegative(),
    good: z.number().int().nonnegative(),
    bad: z.number().int().nonnegative(),
    /** Requests (final attempts) and attempts that escalated away, within the period. */
    requests: z.number().int().nonnegative(),
    escalatedAwayAttempts: z.number().int().nonnegative(),
    /** Records outside the period (read, valid, not counted). */
    outsidePeriod: z.number().int().nonnegative(),
    /** Records dropped as duplicates of one read before (same span id; repeated files). */
    duplicates: duplicatesSchema,
    cohorts: z.number().int().nonnegative(),
  }),
  runRates: z.object({
    /**
     * What the run-rates scale the observed days to: a quarter of `quarterDays` days (the
     * period's own when it is a calendar quarter) and a month of a third of it.
     */
    scale: z.object({ quarterDays: z.number().positive(), basis: z.string() }),
    current: runRateSchema,
    baseline: runRateSchema,
    optimized: runRateSchema,
    savings: runRateSchema,
    /** Savings / current (what the buyer saves against today's spend). */
    savingsShareOfCurrent: z.number(),
    /** Savings against the baseline (optimized vs all-on-baseline). */
    savingsShareOfBaseline: z.number(),
    /** Current spend at contracted prices, when contracted rates were given. */
    currentContracted: runRateSchema.nullable(),
    optimizedContracted: runRateSchema.nullable(),
  }),
  waterfall: z.object({ basis: z.string(), steps: z.array(waterfallStepSchema) }),
  requestsByModel: z.array(
    z.object({ model: z.string(), requests: z.number().int(), share: z.number(), cost: moneySchema }),
  ),
  /**
   * The replay's routed mix: requests by the model the policy sends them to (rejected ones stay
   * on their own), with their optimized cost; attempts that escalated away keep their model and
   * actual cost (0 requests). Beside requestsByModel, the before and after model mix.
   */
  optimizedRequestsByModel: z.array(
    z.object({ model: z.string(), requests: z.number().int(), share: z.number(), cost: moneySchema }),
  ),
  costByModelWeek: z.array(
    z.object({
      week: isoWeek,
      weekStart: isoDate,
      model: z.string(),
      requests: z.number().int(),
      cost: moneySchema,
    }),
  ),
  qualityByTaskWeek: z.array(
    z.object({
      week: isoWeek,
      weekStart: isoDate,
      taskType: z.string(),
      requests: z.number().int(),
      verdicts: z.number().int(),
      passRate: z.number().nullable(),
      flags: z.number().int(),
      escalationRate: z.number(),
    }),
  ),
  daily: z.array(
    z.object({
      date: isoDate,
      requests: z.number().int(),
      actual: moneySchema,
      baseline: moneySchema,
      optimized: moneySchema,
    }),
  ),
  forecast: forecastSchema,
  commitment: commitmentSchema,
  tasks: z.array(taskRowSchema),
  dataQuality: z.object({
    badByReason: z.array(z.object({ reason: z.string(), count: z.number().int() })),
    samples: z.array(badLineSampleSchema),
    readErrors: z.array(
      z.object({ file: z.string(), message: z.string(), recordsRecovered: z.number().int() }),
    ),
    /** Valid items deliberately not counted as requests, by reason (parent spans, CSV header...). */
    skippedByReason: z.array(z.object({ reason: z.string(), count: z.number().int() })),
    /** Requests that could not be priced (e.g. a model missing from the price book). */
    unpriced: z.array(z.object({ model: z.string(), requests: z.number().int(), reason: z.string() })),
    /**
     * Every line read is accounted for: in the line formats lines = records + bad + skipped +
     * blank; an OTLP line carries many spans (records), and its blank lines count as none.
     */
    accounting: z.object({
      lines: z.number().int(),
      records: z.number().int(),
      bad: z.number().int(),
      skipped: z.number().int(),
      blank: z.number().int(),
    }),
  }),
  reconciliation: z.array(reconciliationSchema),
  /** Actual charges per (day, model, token type, service tier, task type, tier): the FOCUS CSV rows. */
  charges: z.array(chargeSchema),
  assumptions: z.array(z.string()),
  /**
   * Facts the candidate policy tests that the input did not carry, with the requests affected
   * and what the replay assumed: a what-if built on them is not evidence.
   */
  missingFacts: z.array(
    z.object({
      fact: z.string(),
      requests: z.number().int().nonnegative(),
      share: z.number(),
      assumed: z.string(),
    }),
  ),
  /** The measured "after" run, when `--measured` files were given; null (or absent) otherwise. */
  measured: measuredFiguresSchema.nullable().optional(),
});

/** Everything `rightsize report` shows (PDF, `--json`, FOCUS CSV come from this one object). */
export type ReportFigures = z.infer<typeof reportFiguresSchema>;
