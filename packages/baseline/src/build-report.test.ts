import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parsePolicy } from "@rightsize/policy";
import { describe, expect, it } from "vitest";
import { buildReport } from "./build-report.js";
import { toFocusCsv } from "./focus-csv.js";
import { reportFiguresSchema } from "./report-figures.js";

/** A small policy on v1-tokenizer models only, so no token conversion enters the hand computation. */
const policy = (() => {
  const parsed = parsePolicy({
    source: {
      name: "golden",
      version: "7",
      tiers: { haiku: "claude-haiku-4-5", sonnet: "claude-sonnet-4-6", opus: "claude-opus-4-6" },
      defaultTier: "sonnet",
      fallbackTier: "sonnet",
      routing: [
        {
          name: "classify-on-haiku",
          reason: "labels hold on haiku",
          when: { all: [{ fact: "taskType", operator: "equal", value: "classification" }] },
          tier: "haiku",
        },
      ],
      ceilings: [
        {
          name: "short-labels",
          reason: "a label fits in 100 tokens",
          when: { all: [{ fact: "taskType", operator: "equal", value: "classification" }] },
          maxTokens: 100,
        },
      ],
      batch: [
        {
          name: "async-to-batch",
          reason: "async can wait",
          when: { all: [{ fact: "latencyClass", operator: "equal", value: "async" }] },
        },
      ],
      caching: { enabled: false },
    },
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.policy;
})();

/** Ten days; each day: one classification on Sonnet 4.6 (plus a cheap Haiku attempt escalated away), one async analysis. */
function goldenLines(): string[] {
  const lines: string[] = [];
  for (let day = 1; day <= 10; day++) {
    const date = `2026-07-${String(day).padStart(2, "0")}`;
    lines.push(
      JSON.stringify({
        timestamp: `${date}T09:00:00Z`,
        model: "claude-sonnet-4-6",
        usage: { input_tokens: 1000, output_tokens: 200 },
        task_type: "classification",
        max_tokens: 1024,
        override: day === 1,
        verdict: day <= 8 ? "pass" : "fail",
      }),
      JSON.stringify({
        timestamp: `${date}T08:59:00Z`,
        model: "claude-haiku-4-5",
        usage: { input_tokens: 1000, output_tokens: 50 },
        task_type: "classification",
        escalated_away: true,
      }),
      JSON.stringify({
        timestamp: `${date}T10:00:00Z`,
        model: "claude-sonnet-4-6",
        usage: { input_tokens: 2000, output_tokens: 500 },
        metadata: { task_type: "analysis", latency_class: "async" },
        max_tokens: 4096,
      }),
    );
  }
  return lines;
}

async function writeInput(name: string, lines: string[]): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), "baseline-golden-"));
  const path = join(directory, name);
  await writeFile(path, `${lines.join("\n")}\n`);
  return path;
}

// $1 per million tokens = 1,000,000 pico-dollars per token.
const PER_MTOK = 1_000_000n;
const roundedDivide = (numerator: bigint, denominator: bigint) =>
  (numerator * 2n + denominator) / (2n * denominator);

describe("buildReport golden figures (computed by hand)", () => {
  it("reproduces run-rates, the waterfall, the forecast and the commitment", async () => {
    const input = await writeInput("golden.jsonl", goldenLines());
    const figures = await buildReport({
      inputs: [input],
      period: "2026-Q3",
      policy,
      baselineModel: "claude-opus-4-6",
      evalResults: [{ taskType: "classification", model: "claude-haiku-4-5", passed: 95, total: 100 }],
      now: new Date("2026-10-01T00:00:00Z"),
    });
    reportFiguresSchema.parse(figures);
    // Per-request list prices (Sonnet 4.6 $3/$15, Haiku 4.5 $1/$5, Opus 4.6 $5/$25 per MTok).
    const classifySonnet = 1000n * 3n * PER_MTOK + 200n * 15n * PER_MTOK; // $0.006
    const analysisSonnet = 2000n * 3n * PER_MTOK + 500n * 15n * PER_MTOK; // $0.0135
    const attemptHaiku = 1000n * 1n * PER_MTOK + 50n * 5n * PER_MTOK; // $0.00125
    const actual = 10n * (classifySonnet + analysisSonnet + attemptHaiku);
    const baseline =
      10n * (1000n * 5n * PER_MTOK + 200n * 25n * PER_MTOK + 2000n * 5n * PER_MTOK + 500n * 25n * PER_MTOK);
    const routedClassify = 1000n * 1n * PER_MTOK + 200n * 5n * PER_MTOK; // on Haiku 4.5
    const routed = 10n * (routedClassify + analysisSonnet);
    const batch = -10n * (analysisSonnet / 2n); // async analysis goes to the Batch API
    const cappedClassify = 1000n * 1n * PER_MTOK + 100n * 5n * PER_MTOK; // output capped at 100
    const ceilings = 10n * (cappedClassify - routedClassify);
    const escalated = 10n * attemptHaiku;
    const optimized = baseline + (routed - baseline) + 0n + batch + ceilings + escalated;
    expect(optimized).toBe(10n * (cappedClassify + analysisSonnet / 2n + attemptHaiku));

    expect(figures.runRates.current.observed.pico).toBe(String(actual));
    expect(figures.runRates.baseline.observed.pico).toBe(String(baseline));
    expect(figures.runRates.optimized.observed.pico).toBe(String(optimized));
    // 10 observed days scaled to 2026-Q3's own 92 days a quarter, and a month of a third of it.
    expect(figures.runRates.current.monthly.pico).toBe(String(roundedDivide(actual * 92n, 30n)));
    expect(figures.runRates.optimized.quarterly.pico).toBe(String(roundedDivide(optimized * 92n, 10n)));
    expect(figures.runRates.savings.observed.pico).toBe(String(actual - optimized));

    const steps = Object.fromEntries(figures.waterfall.steps.map((step) => [step.key, step.amount.pico]));
    expect(steps).toEqual({
      baseline: String(baseline),
      routing: String(routed - baseline),
      caching: "0",
      batch: String(batch),
      ceilings: String(ceilings),
      escalated_away: String(escalated),
      optimized: String(optimized),
    });
    // The routed mix: classification moves to Haiku 4.5 (capped), analysis stays on Sonnet 4.6 (batched);
    // the escalated-away Haiku attempts keep their actual cost and count no request.
    expect(
      figures.optimizedRequestsByModel.map((row) => [row.model, row.requests, row.share, row.cost.pico]),
    ).toEqual([
      ["claude-sonnet-4-6", 10, 0.5, String(10n * (analysisSonnet / 2n))],
      // Haiku 4.5 by its canonical id (the price book's snapshot), as the cohorts name it.
      ["claude-haiku-4-5-20251001", 10, 0.5, String(10n * (cappedClassify + attemptHaiku))],
    ]);
    const mixTotal = figures.optimizedRequestsByModel.reduce((sum, row) => sum + BigInt(row.cost.pico), 0n);
    expect(mixTotal).toBe(optimized);
    // Sonnet 4.6, Haiku 4.5 and Opus 4.6 share the v1 tokenizer: no count is converted, no factor is stated.
    expect(figures.baseline.tokenizerConverted).toBe(false);
    expect(figures.assumptions.join(" ")).not.toMatch(/tokenizer/i);
    expect(figures.baseline.definition).not.toMatch(/tokenizer/i);
    expect(figures.waterfall.steps.find((step) => step.key === "ceilings")?.estimated).toBe(true);
    expect(figures.waterfall.steps.find((step) => step.key === "batch")?.estimated).toBe(false);

    // A flat daily series: every simulated day equals the observed optimized day.
    const optimizedPerDayUsd = Number(optimized / 10n) / 1e12;
    expect(figures.forecast.quarters.map((quarter) => quarter.label)).toEqual([
      "2026-Q4",
      "2027-Q1",
      "2027-Q2",
      "2027-Q3",
    ]);
    expect(figures.forecast.quarters[0]?.optimized.point.usd).toBe(
      `$${(optimizedPerDayUsd * 92).toFixed(2)}`,
    );
    const annual = optimizedPerDayUsd * 365; // 92 + 90 + 91 + 92 days
    for (const level of figures.commitment.levels) {
      expect(level.annual.value).toBeCloseTo(annual, 6);
      expect(level.forfeitProbability).toBe(0);
      expect(level.expectedForfeit.value).toBeCloseTo(0, 6);
      expect(level.expectedOverage.value).toBeCloseTo(0, 6);
    }
    expect(figures.commitment.recommended).toBe("P90");

    expect(figures.inputs).toMatchObject({ requests: 20, escalatedAwayAttempts: 10, bad: 0, records: 30 });
    const classification = figures.tasks.find((task) => task.taskType === "classification");
    expect(classification).toMatchObject({
      requests: 10,
      currentModel: "claude-sonnet-4-6",
      recommendedTier: "haiku",
      recommendedModel: "claude-haiku-4-5-20251001",
    });
    expect(classification?.evidence).toMatchObject({
      evalPassRate: 0.95,
      evalSamples: 100,
      qualityVerdicts: 10,
      qualityFlagRate: 0.2,
      overrideRate: 0.1,
      overrideFlag: true,
    });
    expect(classification?.evidence.evalWilsonLower).toBeCloseTo(0.8882, 4);
    // The older list carries no recommendation of its own; the upper bound is still computed.
    expect(classification?.evidence.evalWilsonUpper).toBeCloseTo(0.97846, 4);
    expect(classification?.evidence.evalRecommendation).toBeNull();
    expect(figures.policy).toEqual({ name: "golden", version: "7", source: null });
  });

  it("without eval evidence writes the figures it always did (no upper bound or eval recommendation keys)", async () => {
    const input = await writeInput("golden-no-evals.jsonl", goldenLines());
    const figures = await buildReport({ inputs: [input], period: "2026-Q3", policy });
    reportFiguresSchema.parse(figures);
    expect(figures.tasks.length).toBeGreaterThan(0);
    for (const task of figures.tasks) {
      expect(task.evidence).toMatchObject({ evalSamples: 0, evalPassRate: null, evalWilsonLower: null });
      expect(Object.keys(task.evidence)).not.toContain("evalWilsonUpper");
      expect(Object.keys(task.evidence)).not.toContain("evalRecommendation");
    }
  });

  it("reads the evidence from rightsize eval's summary.json: counts, both Wilson bounds, the eval's own recommendation", async () => {
    const input = await writeInput("golden-summary.jsonl", goldenLines());
    const summary = {
      tasks: [
        {
          taskType: "classification",
          bar: 0.9,
          barSource: "graders",
          models: [
            {
              tier: "haiku",
              model: "claude-haiku-4-5",
              n: 100,
              passes: 95,
              passRate: 0.95,
              lower: 0.888,
              upper: 0.978,
            },
            {
              tier: "sonnet",
              model: "claude-sonnet-4-6",
              n: 100,
              passes: 99,
              passRate: 0.99,
              lower: 0.946,
              upper: 0.998,
            },
          ],
          recommended: { tier: "haiku", model: "claude-haiku-4-5", cleared: true },
        },
      ],
      evalCost: { usd: "0.01", pico: "10000000000", calls: 200, judgeCalls: 0 },
    };
    const figures = await buildReport({
      inputs: [input],
      period: "2026-Q3",
      policy,
      baselineModel: "claude-opus-4-6",
      evalResults: summary,
      now: new Date("2026-10-01T00:00:00Z"),
    });
    reportFiguresSchema.parse(figures);
    const evidence = figures.tasks.find((task) => task.taskType === "classification")!.evidence;
    // The replayed policy routes classification to haiku: the haiku row's 95 of 100 is the evidence.
    expect(evidence).toMatchObject({
      evalPassRate: 0.95,
      evalSamples: 100,
      evalRecommendation: { bar: 0.9, tier: "haiku", model: "claude-haiku-4-5", cleared: true },
    });
    expect(evidence.evalWilsonLower).toBeCloseTo(0.88822, 4);
    expect(evidence.evalWilsonUpper).toBeCloseTo(0.97843, 4);
    const analysis = figures.tasks.find((task) => task.taskType === "analysis")!.evidence;
    expect(analysis).toMatchObject({ evalSamples: 0, evalPassRate: null, evalRecommendation: null });
    await expect(
      buildReport({ inputs: [input], policy, evalResults: { tasks: [{ taskType: "x", bar: 2 }] } }),
    ).rejects.toThrow(/evalResults\.tasks\[0\]\.bar/);
  });

  it("states the tokenizer factor only where counts crossed tokenizer generations", async () => {
    const input = await writeInput("golden.jsonl", goldenLines());
    // Sonnet 4.6 (v1 tokenizer) priced on Opus 4.7 (v2): the baseline converts every count.
    const figures = await buildReport({
      inputs: [input],
      period: "2026-Q3",
      policy,
      baselineModel: "claude-opus-4-7",
      now: new Date("2026-10-01T00:00:00Z"),
    });
    expect(figures.baseline.tokenizerConverted).toBe(true);
    expect(figures.assumptions).toContain(
      "Token counts convert between tokenizer generations with a factor of the price book's default (≈1.3) (v1 → v2).",
    );
    expect(figures.baseline.definition).toMatch(/converted between tokenizer generations/);
  });

  it("writes the actual charges as a FOCUS CSV whose costs sum to the current spend", async () => {
    const input = await writeInput("golden.jsonl", goldenLines());
    const figures = await buildReport({
      inputs: [input],
      period: "2026-Q3",
      policy,
      baselineModel: "claude-opus-4-6",
    });
    const csv = toFocusCsv({ figures });
    const [header, ...rows] = csv.trim().split("\n");
    expect(header?.split(",").slice(0, 4)).toEqual([
      "BilledCost",
      "EffectiveCost",
      "ListCost",
      "ContractedCost",
    ]);
    // Per day: input and output rows for Sonnet classification, Haiku classification, Sonnet analysis.
    expect(rows).toHaveLength(10 * 6);
    const picoOf = (decimal: string) => {
      const [whole = "0", fraction = ""] = decimal.split(".");
      return BigInt(whole) * 1_000_000_000_000n + BigInt(fraction.padEnd(12, "0"));
    };
    const total = rows.reduce((sum, row) => sum + picoOf(row.split(",")[2] ?? "0"), 0n);
    expect(String(total)).toBe(figures.runRates.current.observed.pico);
    expect(rows[0]).toContain("AI and Machine Learning");
  });

  it("shows contracted prices beside list when contracted rates are given", async () => {
    const input = await writeInput("golden.jsonl", goldenLines());
    const figures = await buildReport({
      inputs: [input],
      period: "2026-Q3",
      policy,
      baselineModel: "claude-opus-4-6",
      rates: { discounts: [{ percent: 10 }] },
    });
    const list = BigInt(figures.runRates.current.observed.pico);
    // Every unit price here is a multiple of 10, so 10% off is exact: contracted = 0.9 × list.
    expect(BigInt(figures.runRates.currentContracted?.observed.pico ?? "0")).toBe((list * 9n) / 10n);
    const optimized = BigInt(figures.runRates.optimized.observed.pico);
    expect(BigInt(figures.runRates.optimizedContracted?.observed.pico ?? "0")).toBe((optimized * 9n) / 10n);
    expect(figures.commitment.contractedRatesApplied).toBe(true);
    const p90 = figures.commitment.levels.find((level) => level.label === "P90");
    expect(p90?.contractedAnnual?.value).toBeCloseTo((p90?.annual.value ?? 0) * 0.9, 6);
    expect(
      figures.charges.every(
        (charge) => BigInt(charge.contractedCost.pico) * 10n === BigInt(charge.listCost.pico) * 9n,
      ),
    ).toBe(true);
  });
});
