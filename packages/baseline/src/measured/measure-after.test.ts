import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildReport } from "../build-report.js";
import { BaselineError } from "../errors.js";
import { daysBetween } from "../period.js";
import { type ReportFigures, reportFiguresSchema } from "../report-figures.js";
import { picoValue } from "./span-ledger.js";

type AttributeValue = string | number | boolean;

/** Lines written so far: every span gets an id of its own (a repeated id is a duplicate). */
let linesWritten = 0;

/** One OTLP JSON line (the telemetry file exporter's shape): 64-bit ints as decimal strings. */
function line(spans: Array<{ name: string; at: string; attributes: Record<string, AttributeValue> }>) {
  linesWritten++;
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: "service.name", value: { stringValue: "support" } }] },
        scopeSpans: [
          {
            scope: { name: "@rightsize/telemetry" },
            spans: spans.map((span, index) => ({
              traceId: "0af7651916cd43dd8448eb211c80319c",
              spanId: `b7ad${String(linesWritten).padStart(8, "0")}${String(index).padStart(4, "0")}`,
              name: span.name,
              kind: 3,
              startTimeUnixNano: `${Date.parse(span.at)}000000`,
              endTimeUnixNano: `${Date.parse(span.at) + 900}000000`,
              attributes: Object.entries(span.attributes).map(([key, value]) => ({
                key,
                value:
                  typeof value === "string"
                    ? { stringValue: value }
                    : typeof value === "boolean"
                      ? { boolValue: value }
                      : { intValue: String(value) },
              })),
              status: { code: 0 },
            })),
          },
        ],
      },
    ],
  });
}

const usage = (input: number, output: number, cacheRead = 0) => ({
  "gen_ai.operation.name": "chat",
  "gen_ai.usage.input_tokens": input + cacheRead,
  "gen_ai.usage.cache_read.input_tokens": cacheRead,
  "rightsize.usage.uncached_input_tokens": input,
  "gen_ai.usage.output_tokens": output,
});
const feedback = (at: string, verdict: "pass" | "fail") => ({
  name: "rightsize.feedback",
  at,
  attributes: { "rightsize.quality.verdict": verdict, "rightsize.task_type": "support" },
});
const parent = (at: string, savings: { routing: number; caching?: number; batch?: number }) => {
  const total = savings.routing + (savings.caching ?? 0) + (savings.batch ?? 0);
  return {
    name: "rightsize.request",
    at,
    attributes: {
      "rightsize.baseline.model": "claude-opus-4-7",
      "rightsize.baseline.cost_pico_usd": 10_000_000_000,
      "rightsize.savings.routing_pico_usd": savings.routing,
      ...(savings.caching ? { "rightsize.savings.caching_pico_usd": savings.caching } : {}),
      ...(savings.batch ? { "rightsize.savings.batch_pico_usd": savings.batch } : {}),
      "rightsize.savings.total_pico_usd": total,
    },
  };
};

/**
 * Two days, 2026-07-01 (Wed, week 27) and 2026-07-06 (Mon, week 28); observed 6 days each.
 * Before, per day: 4 requests on Opus 4.7, 1,000 in + 200 out = 1000 x $5 + 200 x $25 per MTok
 *   = $0.01 each, $0.04 a day, $0.08 in all (re-priced by the main report); 8 verdicts, 7 pass.
 * After, per day (costs in pico-dollars as the spans record them, list prices):
 *   A haiku-4.5 1,000 + 200 = 2e9; B haiku 2e9 escalated away, then sonnet-4.6 1,000 + 200 = 6e9;
 *   C haiku via batch 1e9; D sonnet with 800 cache-read tokens: 200 x 3e6 + 800 x 0.3e6 +
 *   200 x 15e6 = 3.84e9. A day: 14.84e9; in all 29.68e9 ($0.02968). Counterfactual per request
 *   1e10 (Opus); routing 8e9 + 2e9 + 8e9 + 4e9, caching 2.16e9 (D), batch 1e9 (C): total
 *   25.16e9 a day = 1e10 x 4 − 14.84e9. 8 verdicts, all pass. Plus one bad line and one
 *   request outside 2026-Q3.
 */
function writeFiles(directory: string): Promise<[string, string]> {
  const before: string[] = [];
  const after: string[] = [];
  for (const day of ["2026-07-01", "2026-07-06"]) {
    const at = (hour: number) => `${day}T${String(hour).padStart(2, "0")}:00:00Z`;
    for (let index = 0; index < 4; index++) {
      before.push(
        line([
          {
            name: "chat claude-opus-4-7",
            at: at(9 + index),
            attributes: {
              ...usage(1000, 200),
              "gen_ai.request.model": "claude-opus-4-7",
              "rightsize.cost.pico_usd": 10_000_000_000,
              "rightsize.task_type": "support",
            },
          },
          feedback(at(9 + index), day === "2026-07-06" && index === 3 ? "fail" : "pass"),
        ]),
      );
      after.push(line([feedback(at(9 + index), "pass")]));
    }
    const attempt = (
      on: { model: string; tier: string; cost: number },
      extra: Record<string, AttributeValue> = {},
    ) => ({
      name: `chat ${on.model}`,
      at: at(10),
      attributes: {
        ...usage(1000, 200),
        "gen_ai.request.model": on.model,
        "rightsize.tier": on.tier,
        "rightsize.cost.pico_usd": on.cost,
        "rightsize.task_type": "support",
        ...extra,
      },
    });
    after.push(
      line([
        parent(at(10), { routing: 8e9 }),
        attempt({ model: "claude-haiku-4-5", tier: "haiku", cost: 2e9 }),
      ]),
      line([
        parent(at(11), { routing: 2e9 }),
        attempt(
          { model: "claude-haiku-4-5", tier: "haiku", cost: 2e9 },
          {
            "rightsize.escalated_away": true,
            "rightsize.quality.verdict": "fail",
          },
        ),
        attempt({ model: "claude-sonnet-4-6", tier: "sonnet", cost: 6e9 }, { "rightsize.attempt": 2 }),
      ]),
      line([
        parent(at(12), { routing: 8e9, batch: 1e9 }),
        attempt(
          { model: "claude-haiku-4-5", tier: "haiku", cost: 1e9 },
          {
            "rightsize.cost.batch": true,
            "rightsize.mode": "batch",
          },
        ),
      ]),
      line([
        parent(at(13), { routing: 4e9, caching: 2.16e9 }),
        {
          ...attempt({ model: "claude-sonnet-4-6", tier: "sonnet", cost: 3.84e9 }),
          attributes: {
            ...attempt({ model: "claude-sonnet-4-6", tier: "sonnet", cost: 3.84e9 }).attributes,
            ...usage(200, 200, 800),
          },
        },
      ]),
    );
  }
  after.push("{not json");
  after.push(
    line([
      { ...parent("2026-10-05T10:00:00Z", { routing: 8e9 }) },
      {
        name: "chat claude-haiku-4-5",
        at: "2026-10-05T10:00:00Z",
        attributes: { ...usage(1000, 200), "rightsize.cost.pico_usd": 2e9 },
      },
    ]),
  );
  const paths: [string, string] = [join(directory, "before.otlp.jsonl"), join(directory, "after.otlp.jsonl")];
  return Promise.all([
    writeFile(paths[0], `${before.join("\n")}\n`),
    writeFile(paths[1], `${after.join("\n")}\n`),
  ]).then(() => paths);
}

let paths: [string, string];
let figures: ReportFigures;
let plain: ReportFigures;

beforeAll(async () => {
  paths = await writeFiles(await mkdtemp(join(tmpdir(), "rightsize-measured-")));
  const options = { inputs: [paths[0]], period: "2026-Q3", now: new Date("2026-10-02T00:00:00Z") };
  figures = await buildReport({ ...options, measured: [paths[1]] });
  plain = await buildReport(options);
});

describe("buildReport with measured spans", () => {
  it("sums the after run's attempt spans exactly, without the parent spans", () => {
    const measured = figures.measured;
    expect(measured).toBeTruthy();
    if (!measured) return;
    expect(measured.period).toEqual({
      observedStart: "2026-07-01",
      observedEnd: "2026-07-06",
      observedDays: 6,
    });
    expect(measured.requests).toBe(8);
    expect(measured.attempts).toBe(10);
    expect(measured.escalatedAway).toEqual({
      attempts: 2,
      cost: { pico: "4000000000", usd: "$0.00", value: 0.004 },
    });
    expect(measured.runRate.observed.pico).toBe("29680000000");
    // Scaled as the main inputs are, to 2026-Q3's own 92 days: quarterly = total x 92 / 6 days,
    // monthly = a third of it = total x 92 / (3 x 6), rounded half up.
    expect(measured.runRate.monthly.pico).toBe("151697777778");
    expect(measured.runRate.quarterly.pico).toBe("455093333333");
  });

  it("compares with the main inputs' actual spend and the replay's projection", () => {
    const measured = figures.measured;
    if (!measured) throw new Error("no measured section");
    expect(measured.before).toEqual(figures.runRates.current);
    expect(measured.before.observed.pico).toBe("80000000000");
    expect(measured.before.monthly.pico).toBe("408888888889");
    expect(measured.savings.observed.pico).toBe("50320000000");
    expect(measured.savings.monthly.pico).toBe("257191111111");
    expect(measured.savingsShareOfCurrent).toBeCloseTo(257191111111 / 408888888889, 5);
    const projected = BigInt(figures.runRates.optimized.monthly.pico);
    expect(measured.projectedVsMeasured.projected).toEqual(figures.runRates.optimized.monthly);
    expect(BigInt(measured.projectedVsMeasured.difference.pico)).toBe(151697777778n - projected);
  });

  it("sums the counterfactual and the savings by lever from the span attributes", () => {
    const measured = figures.measured;
    if (!measured) throw new Error("no measured section");
    expect(measured.counterfactualBaseline.pico).toBe("80000000000");
    const { routing, caching, batch, total } = measured.leverSavings;
    expect([routing.pico, caching.pico, batch.pico, total.pico]).toEqual([
      "44000000000",
      "4320000000",
      "2000000000",
      "50320000000",
    ]);
    expect(measured.leverSavings.requestsWithoutCounterfactual).toBe(0);
    expect(measured.leverSavings.note).toMatch(/ceilings are not separately attributable/i);
  });

  it("counts requests by model and tier, batch and cache shares, and quality before and after", () => {
    const measured = figures.measured;
    if (!measured) throw new Error("no measured section");
    expect(
      measured.requestsByModel.map((row) => [row.model, row.tier, row.requests, row.attempts, row.cost.pico]),
    ).toEqual([
      ["claude-haiku-4-5-20251001", "haiku", 4, 6, "10000000000"],
      ["claude-sonnet-4-6", "sonnet", 4, 4, "19680000000"],
    ]);
    // B's answer came from its second attempt: 1 of each day's 4 support requests escalated.
    expect(measured.tasks).toEqual([
      { taskType: "support", requests: 8, escalated: 2, escalationRate: 0.25 },
    ]);
    expect(measured.batchShare).toBe(0.25);
    expect(measured.cacheReadShare).toBeCloseTo(1600 / 10_000, 10);
    expect(measured.quality.before).toEqual({ verdicts: 8, passes: 7, passRate: 0.875 });
    expect(measured.quality.after).toEqual({ verdicts: 8, passes: 8, passRate: 1 });
    expect(measured.quality.change).toBeCloseTo(0.125, 10);
  });

  it("gives the weekly before and after costs and the measured file's data quality", () => {
    const measured = figures.measured;
    if (!measured) throw new Error("no measured section");
    expect(measured.weekly.map((week) => [week.week, week.before.pico, week.after.pico])).toEqual([
      ["2026-W27", "40000000000", "14840000000"],
      ["2026-W28", "40000000000", "14840000000"],
    ]);
    expect(measured.dataQuality.outsidePeriod).toBe(1);
    expect(measured.dataQuality.badByReason).toEqual([{ reason: "invalid JSON", count: 1 }]);
    expect(measured.dataQuality.files[0]).toMatchObject({ path: paths[1], format: "otlp-json", bad: 1 });
    expect(measured.dataQuality.attemptsWithoutCost).toBe(0);
    expect(reportFiguresSchema.parse(figures).measured).toEqual(measured);
  });

  it("leaves the report as before without measured files (measured: null), forecast aside", () => {
    expect(plain.measured).toBeNull();
    expect(plain.forecast.levelScale).toBeNull();
    const { measured: _measured, forecast: _forecast, commitment: _commitment, ...rest } = figures;
    const { measured: _none, forecast: _plainForecast, commitment: _plainCommitment, ...plainRest } = plain;
    expect(rest).toEqual(plainRest);
  });

  it("fits the forecast and the commitment at the measured run's level", () => {
    const measured = figures.measured!;
    const observedDays = daysBetween(figures.period.observedStart!, figures.period.observedEnd!);
    const replayedDaily = plain.runRates.optimized.observed.value / observedDays;
    const measuredDaily = measured.runRate.observed.value / measured.period.observedDays;
    const scale = figures.forecast.levelScale!;
    expect(scale.basis).toBe("measured");
    expect(scale.factor).toBeCloseTo(measuredDaily / replayedDaily, 5);
    expect(scale.note).toContain(measured.runRate.observed.usd);
    // A log-linear fit of the series times k has its level moved by log k and nothing else:
    // every simulated figure is the replay-only forecast's times k.
    figures.forecast.quarters.forEach((quarter, index) => {
      const before = plain.forecast.quarters[index]!.optimized.point.value;
      expect(quarter.optimized.point.value / before).toBeCloseTo(scale.factor, 4);
    });
    const at = (report: ReportFigures) =>
      report.commitment.levels.find((level) => level.label === "P90")!.annual.value;
    expect(at(figures) / at(plain)).toBeCloseTo(scale.factor, 4);
    // Today's run-rate is the main inputs' either way; what committing it would forfeit is not.
    expect(figures.commitment.atCurrentRunRate.commitUsd).toBe(plain.commitment.atCurrentRunRate.commitUsd);
    expect(figures.commitment.atCurrentRunRate.runRateUsd).toBe(plain.commitment.atCurrentRunRate.runRateUsd);
  });

  it("fails with a BaselineError when the measured files hold no request", async () => {
    await expect(
      buildReport({ inputs: [paths[0]], measured: [paths[0].replace("before", "missing")] }),
    ).rejects.toSatisfy(BaselineError.isInstance);
    const empty = paths[1].replace("after", "empty");
    await writeFile(empty, `${line([feedback("2026-07-01T09:00:00Z", "pass")])}\n`);
    await expect(buildReport({ inputs: [paths[0]], measured: [empty] })).rejects.toMatchObject({
      code: "no_usable_data",
    });
  });
});

describe("picoValue", () => {
  it("reads 64-bit pico strings exactly and rejects fractions", () => {
    expect(picoValue({ intValue: "123456789012345678901" })).toBe(123456789012345678901n);
    expect(picoValue({ intValue: "-2160000000" })).toBe(-2160000000n);
    expect(picoValue({ intValue: 42 })).toBe(42n);
    expect(picoValue({ doubleValue: 1.5 })).toBeNull();
    expect(picoValue({ stringValue: "12" })).toBeNull();
    expect(picoValue(undefined)).toBeNull();
  });
});
