import { type ReportFigures, reportFiguresSchema } from "@rightsize/baseline";

/**
 * A synthetic but internally consistent ReportFigures for renderer tests (layout, page
 * breaks, charts). Not used for any figure a user sees: the command renders buildReport's.
 */
type Money = ReportFigures["runRates"]["current"]["monthly"];

const USD = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });

export function sampleMoney(usd: number): Money {
  const cents = Math.round(usd * 100);
  return {
    pico: (BigInt(cents) * 10_000_000_000n).toString(),
    usd: USD.format(cents / 100),
    value: cents / 100,
  };
}

function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

const MODELS = ["claude-opus-4-7", "claude-sonnet-5", "claude-haiku-5-5", "claude-sonnet-4-6"];

function runRate(monthly: number): ReportFigures["runRates"]["current"] {
  return {
    observed: sampleMoney(monthly * 3),
    monthly: sampleMoney(monthly),
    quarterly: sampleMoney(monthly * 3),
  };
}

export function sampleFigures(
  options: { taskCount?: number; reconciliationRows?: number } = {},
): ReportFigures {
  const taskCount = options.taskCount ?? 8;
  const start = "2026-07-01";
  const daily = Array.from({ length: 92 }, (_, index) => {
    const weekday = (index + 2) % 7;
    const season = weekday >= 5 ? 0.55 : 1.1;
    const actual = 2400 * (1 + index * 0.003) * season;
    return {
      date: addDays(start, index),
      requests: Math.round(actual * 4.6),
      actual: sampleMoney(actual),
      baseline: sampleMoney(actual * 1.9),
      optimized: sampleMoney(actual * 0.58),
    };
  });
  const forecastDaily = Array.from({ length: 365 }, (_, index) => {
    const point = 1500 * (1 + index * 0.0025) * ((index + 5) % 7 >= 5 ? 0.6 : 1.1);
    const spread = 0.08 + index * 0.0006;
    return {
      date: addDays("2026-10-01", index),
      point,
      p80Low: point * (1 - spread),
      p80High: point * (1 + spread),
      p95Low: point * (1 - spread * 1.6),
      p95High: point * (1 + spread * 1.6),
    };
  });
  const forecastValue = (point: number) => ({
    point: sampleMoney(point),
    p80Low: sampleMoney(point * 0.9),
    p80High: sampleMoney(point * 1.1),
    p95Low: sampleMoney(point * 0.85),
    p95High: sampleMoney(point * 1.15),
  });
  const weeks = Array.from({ length: 13 }, (_, index) => ({
    week: `2026-W${String(27 + index).padStart(2, "0")}`,
    weekStart: addDays("2026-06-29", index * 7),
  }));
  const tasks = Array.from({ length: taskCount }, (_, index) => ({
    taskType:
      ["summarize", "classify", "extract", "code-review", "chat", "translate", "draft-email", "qa"][
        index % 8
      ] + (index >= 8 ? `-${Math.floor(index / 8)}` : ""),
    requests: 90_000 - index * 700,
    currentModel: MODELS[index % 2] ?? "claude-opus-4-7",
    currentCost: sampleMoney(30_000 - index * 200),
    recommendedTier: index % 3 === 0 ? "haiku" : "sonnet",
    recommendedModel: index % 3 === 0 ? "claude-haiku-5-5" : "claude-sonnet-5",
    rejectedShare: 0,
    optimizedCost: sampleMoney(12_000 - index * 90),
    savings: sampleMoney(18_000 - index * 110),
    evidence: {
      evalPassRate: index % 4 === 3 ? null : 0.96 - index * 0.002,
      evalSamples: index % 4 === 3 ? 0 : 150,
      evalWilsonLower: index % 4 === 3 ? null : 0.91 - index * 0.002,
      evalWilsonUpper: index % 4 === 3 ? null : 0.985 - index * 0.002,
      evalRecommendation:
        index % 4 === 3
          ? null
          : {
              bar: 0.9,
              tier: index % 3 === 0 ? "haiku" : "sonnet",
              model: "claude-haiku-5-5",
              cleared: true,
            },
      qualityVerdicts: 1200,
      qualityFlagRate: 0.02,
      escalationRate: 0.04,
      overrideRate: index === 2 ? 0.071 : 0.012,
      overrideFlag: index === 2,
    },
  }));
  const figures = {
    schemaVersion: 1,
    period: {
      label: "2026-Q3",
      start,
      end: "2026-09-30",
      days: 92,
      observedStart: start,
      observedEnd: "2026-09-30",
      observedDays: 92,
    },
    generatedAt: "2026-10-02T09:00:00.000Z",
    priceBook: {
      version: "2026-11-01",
      sources: ["https://docs.anthropic.com/en/docs/about-claude/pricing (2026-11)"],
      allConfirmed: true,
    },
    policy: { name: "default", version: "1.0.0", source: null },
    baseline: {
      model: "claude-opus-4-7",
      mode: "realtime",
      cached: false,
      chosen: "most-expensive-seen",
      tokenizerFactor: 1,
      tokenizerConverted: false,
      definition: "Every request on claude-opus-4-7, realtime, no prompt caching, requested max_tokens.",
    },
    inputs: {
      files: [
        {
          path: "spans-2026-07.jsonl.gz",
          format: "otlp-json",
          gzip: true,
          bytes: 123_456_789,
          lines: 1_000_003,
          records: 1_000_000,
          bad: 3,
          skipped: 0,
          readError: null,
        },
      ],
      formats: ["otlp-json"],
      lines: 1_000_003,
      records: 1_000_000,
      good: 1_000_000,
      bad: 3,
      requests: 980_000,
      escalatedAwayAttempts: 20_000,
      outsidePeriod: 0,
      duplicates: { records: 0, repeatedFiles: [] },
      cohorts: 41_200,
    },
    runRates: {
      scale: {
        quarterDays: 92,
        basis: "a quarter of 92 days (2026-Q3's own) and a month of a third of it (30.67 days)",
      },
      current: runRate(72_000),
      baseline: runRate(136_800),
      optimized: runRate(41_760),
      savings: runRate(30_240),
      savingsShareOfCurrent: 0.42,
      savingsShareOfBaseline: 0.6947,
      currentContracted: null,
      optimizedContracted: null,
    },
    waterfall: {
      basis: "monthly run-rate",
      steps: [
        ["baseline", "Baseline", "total", 136_800, 136_800, false],
        ["routing", "Routing", "delta", -70_000, 66_800, false],
        ["caching", "Caching", "delta", -16_000, 50_800, false],
        ["batch", "Batch", "delta", -7_000, 43_800, false],
        ["ceilings", "Ceilings", "delta", -3_240, 40_560, true],
        ["escalated_away", "Escalated-away attempts", "delta", 1_200, 41_760, false],
        ["optimized", "Optimized", "total", 41_760, 41_760, false],
      ].map(([key, label, kind, amount, cumulative, estimated]) => ({
        key,
        label,
        kind,
        amount: sampleMoney(amount as number),
        cumulative: sampleMoney(cumulative as number),
        estimated,
        method: estimated ? "estimated from output-token distribution" : "replayed per cohort",
      })),
    },
    requestsByModel: MODELS.map((model, index) => ({
      model,
      requests: [400_000, 350_000, 200_000, 30_000][index] ?? 0,
      share: ([400_000, 350_000, 200_000, 30_000][index] ?? 0) / 980_000,
      cost: sampleMoney([150_000, 50_000, 12_000, 4_000][index] ?? 0),
    })),
    optimizedRequestsByModel: MODELS.map((model, index) => ({
      model,
      requests: [60_000, 300_000, 600_000, 20_000][index] ?? 0,
      share: ([60_000, 300_000, 600_000, 20_000][index] ?? 0) / 980_000,
      cost: sampleMoney([40_000, 50_000, 30_000, 5_280][index] ?? 0),
    })),
    costByModelWeek: weeks.flatMap((week, weekIndex) =>
      MODELS.map((model, index) => ({
        ...week,
        model,
        requests: 1000,
        cost: sampleMoney(([11_000, 4_000, 900, 300][index] ?? 0) * (1 + weekIndex * 0.02)),
      })),
    ),
    qualityByTaskWeek: weeks.flatMap((week, weekIndex) =>
      tasks.slice(0, 5).map((task, index) => ({
        ...week,
        taskType: task.taskType,
        requests: 500,
        verdicts: 100,
        passRate: 0.9 + index * 0.015 - (weekIndex % 3) * 0.01,
        flags: 3,
        escalationRate: 0.03,
      })),
    ),
    daily,
    forecast: {
      method: "log-linear trend with day-of-week factors, fit by least squares",
      fitOn: "optimized",
      fitDays: 92,
      dailyGrowth: 0.0025,
      quarterlyGrowth: 0.258,
      dayOfWeekFactors: [1.1, 1.1, 1.1, 1.1, 1.1, 0.6, 0.6],
      residualSd: 0.07,
      trendFitted: true,
      levelScale: null,
      quarters: ["2026-Q4", "2027-Q1", "2027-Q2", "2027-Q3"].map((label, index) => ({
        label,
        start: addDays("2026-10-01", index * 91),
        end: addDays("2026-10-01", index * 91 + 90),
        days: 91,
        optimized: forecastValue(130_000 * (1 + index * 0.25)),
        current: forecastValue(224_000 * (1 + index * 0.25)),
      })),
      daily: forecastDaily,
    },
    commitment: {
      method: "normal approximation of annual optimized spend",
      expectedAnnual: sampleMoney(715_000),
      annualSd: sampleMoney(60_000),
      levels: [
        ["P50", 0.5, 715_000],
        ["P70", 0.7, 683_500],
        ["P90", 0.9, 638_100],
      ].map(([label, confidence, annual]) => ({
        label: label as string,
        confidence: confidence as number,
        annual: sampleMoney(annual as number),
        quarterly: sampleMoney((annual as number) / 4),
        forfeitProbability: 1 - (confidence as number),
        expectedForfeit: sampleMoney(((annual as number) * (1 - (confidence as number))) / 20),
        expectedOverage: sampleMoney(((annual as number) * (confidence as number)) / 15),
        contractedAnnual: null,
      })),
      recommended: "P70",
      range: { low: sampleMoney(638_100), high: sampleMoney(715_000) },
      contractedRatesApplied: false,
      discounts: {
        source: "assumed illustrative schedule",
        assumed: true,
        overage: "list",
        tiers: [
          { minCommitUsd: "0", discountPct: 0 },
          { minCommitUsd: "250000", discountPct: 10 },
        ],
      },
      maxShortfallProbability: 0.1,
      scenarios: [
        ["0", 0, "715000", "0", "715000", 0],
        ["320000", 10, "648500", "0", "328500", 0],
        ["640000", 10, "656000", "3100", "16000", 0.09],
        ["715000", 10, "718400", "27500", "3400", 0.52],
      ].map(([commit, discount, net, forfeit, overage, shortfall]) => ({
        commitUsd: commit as string,
        discountPct: discount as number,
        expectedNetUsd: net as string,
        expectedForfeitUsd: forfeit as string,
        expectedOverageUsd: overage as string,
        shortfallProbability: shortfall as number,
        breakEvenUtilization: 1 - (discount as number) / 100,
      })),
      optimal: {
        commitUsd: "320000",
        discountPct: 10,
        expectedNetUsd: "648500",
        expectedForfeitUsd: "0",
        expectedOverageUsd: "328500",
        shortfallProbability: 0,
        breakEvenUtilization: 0.9,
      },
      ramped: {
        commitUsd: "600000",
        discountPct: 10,
        expectedNetUsd: "652000",
        expectedForfeitUsd: "4000",
        expectedOverageUsd: "52000",
        shortfallProbability: 0.1,
        breakEvenUtilization: 0.9,
        quarters: ["2026-Q4", "2027-Q1", "2027-Q2", "2027-Q3"].map((label, index) => ({
          label,
          commitUsd: String(140_000 + index * 6_667),
        })),
      },
      atCurrentRunRate: {
        commitUsd: "3400000",
        runRateUsd: "3398765.43",
        days: 365,
        expectedForfeitUsd: "2680000",
        discountPct: 15,
        expectedNetUsd: "3400000",
        expectedOverageUsd: "0",
        shortfallProbability: 1,
        breakEvenUtilization: 0.85,
        overpayVsOptimalUsd: "2751500",
      },
    },
    tasks,
    missingFacts: [],
    dataQuality: {
      badByReason: [{ reason: "invalid JSON", count: 3 }],
      samples: [
        { file: "spans-2026-07.jsonl.gz", line: 17, reason: "invalid JSON", excerpt: '{"resourceSpans":[{' },
      ],
      readErrors: [],
      skippedByReason: [],
      unpriced: [],
      accounting: { lines: 1_000_003, records: 1_000_000, bad: 3, skipped: 0, blank: 0 },
    },
    reconciliation: [
      {
        source: "cost-report",
        rows: Array.from({ length: options.reconciliationRows ?? 6 }, (_, index) => ({
          date: addDays(start, Math.floor(index / 2)),
          model: MODELS[index % 2] ?? "claude-opus-4-7",
          derived: sampleMoney(1000 + index),
          reported: sampleMoney(1000 + index - (index % 3)),
          difference: sampleMoney(index % 3),
          differenceShare: (index % 3) / (1000 + index),
        })),
        totals: { derived: sampleMoney(6015), reported: sampleMoney(6009), difference: sampleMoney(6) },
        note: "Derived from spans at list prices; reported by the Admin cost report.",
      },
    ],
    charges: [],
    assumptions: ["Token counts converted between tokenizer generations with a factor of 1.3."],
  };
  return reportFiguresSchema.parse(figures);
}
