import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { priceUsageReportRow, type UsageReportRow } from "@rightsize/pricing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DemoResult, runDemo } from "../src/commands/demo.js";

// The main job end to end at small scale: a simulated fortnight before, the method (audit, shadow
// eval, recommended policy), the fortnight after under it with the continuous shadow eval on,
// through the real packages against the emulator, then the report from the spans.
let directory: string;
let demo: DemoResult;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "rightsize-demo-"));
  const stderr = process.stderr.write;
  process.stderr.write = () => true; // progress lines
  try {
    demo = await runDemo({ out: directory, days: 14, requestsPerDay: 50 });
  } finally {
    process.stderr.write = stderr;
  }
}, 240_000);

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

/** Attempt spans (`chat {model}`) of an OTLP JSON-lines file, with their attributes flattened. */
function attemptSpans(path: string): Array<Record<string, string | number | boolean>> {
  return spansNamed(path, (name) => name.startsWith("chat "));
}

/** Spans of an OTLP JSON-lines file whose name passes `wanted`, with their attributes flattened. */
function spansNamed(
  path: string,
  wanted: (name: string) => boolean,
): Array<Record<string, string | number | boolean>> {
  const spans: Array<Record<string, string | number | boolean>> = [];
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (line.trim() === "") continue;
    const document = JSON.parse(line) as {
      resourceSpans: Array<{
        scopeSpans: Array<{
          spans: Array<{ name: string; attributes: Array<{ key: string; value: Record<string, unknown> }> }>;
        }>;
      }>;
    };
    for (const resource of document.resourceSpans)
      for (const scope of resource.scopeSpans)
        for (const span of scope.spans) {
          if (!wanted(span.name)) continue;
          const attributes: Record<string, string | number | boolean> = {};
          for (const { key, value } of span.attributes) {
            const raw = value.intValue ?? value.stringValue ?? value.doubleValue ?? value.boolValue;
            if (raw !== undefined) attributes[key] = raw as string | number | boolean;
          }
          spans.push(attributes);
        }
  }
  return spans;
}

/** The provider's bill: every row of the saved Admin usage report (scaled by the sample rate), priced by the price book. */
function billedPico(path: string): bigint {
  const pages = JSON.parse(readFileSync(path, "utf8")) as Array<{
    data: Array<{ starting_at: string; results: UsageReportRow[] }>;
  }>;
  let total = 0n;
  for (const page of pages)
    for (const bucket of page.data)
      for (const row of bucket.results) total += priceUsageReportRow({ row, at: bucket.starting_at }).list;
  return total;
}

/** What a span's recorded cost stands for: its cost times the requests it stands for (SampleRate). */
const weighedCost = (span: Record<string, string | number | boolean>) =>
  BigInt(span["rightsize.cost.pico_usd"] ?? 0) * BigInt(span.SampleRate ?? 1);

describe("rightsize demo (simulate + report)", () => {
  it("runs a labelled sample: every span stands for the workload's SampleRate", () => {
    expect(demo.simulation.sampleRate).toBe(160);
    const spans = attemptSpans(demo.files.spans.before);
    expect(spans.every((span) => Number(span.SampleRate) === 160)).toBe(true);
    // The report weighs the sample to the traffic it stands for.
    expect(demo.figures.inputs.requests).toBe(demo.simulation.before.requests * 160);
    expect(demo.figures.measured?.requests).toBe(demo.simulation.after.requests * 160);
  });

  it("bills the after run exactly what its spans say it cost", () => {
    const spans = attemptSpans(demo.files.spans.after);
    const spanTotal = spans.reduce((sum, span) => sum + weighedCost(span), 0n);
    expect(spans.length).toBeGreaterThanOrEqual(demo.simulation.after.requests);
    expect(spans.every((span) => span["rightsize.cost.pico_usd"] !== undefined)).toBe(true);
    // The continuous shadow eval's own calls (re-runs and judges in batches) are on its verdict spans,
    // each standing for SampleRate verdicts like every other span of the labelled sample.
    const qaTotal = spansNamed(demo.files.spans.after, (name) => name === "rightsize.shadow_eval").reduce(
      (sum, span) => sum + BigInt(span["rightsize.qa.cost_pico_usd"] ?? 0) * BigInt(span.SampleRate ?? 1),
      0n,
    );
    expect(BigInt(demo.figures.measured!.qualityAssurance?.cost.pico ?? "0")).toBe(qaTotal);
    // Independent of telemetry: the emulator's own ledger, priced from the usage report.
    expect(spanTotal + qaTotal).toBe(billedPico(demo.simulation.files.afterUsage));
    // And the report's measured actual is that same sum.
    expect(BigInt(demo.figures.measured!.runRate.observed.pico)).toBe(spanTotal + qaTotal);
    // The before run likewise: the report's current spend is its spans' sum and the provider's bill.
    const beforeTotal = attemptSpans(demo.files.spans.before).reduce(
      (sum, span) => sum + weighedCost(span),
      0n,
    );
    expect(BigInt(demo.figures.runRates.current.observed.pico)).toBe(beforeTotal);
    expect(beforeTotal).toBe(billedPico(demo.simulation.files.beforeUsage));
  });

  it("saves money through the policy's levers, computed from the runs", () => {
    const { simulation, figures } = demo;
    expect(Object.keys(simulation.before.answersByModel)).toEqual(["claude-opus-4-7"]);
    // The after run used cheaper tiers, the Batch API and the cache.
    expect(Object.keys(simulation.after.answersByModel).length).toBeGreaterThan(1);
    expect(simulation.after.routing.batch).toBeGreaterThan(0);
    expect(simulation.after.tokens.cacheRead).toBeGreaterThan(0);
    const measured = figures.measured!;
    expect(BigInt(measured.runRate.observed.pico)).toBeLessThan(
      BigInt(figures.runRates.current.observed.pico),
    );
    const levers = measured.leverSavings;
    expect(BigInt(levers.routing.pico) + BigInt(levers.caching.pico) + BigInt(levers.batch.pico)).toBe(
      BigInt(levers.total.pico),
    );
    expect(BigInt(levers.routing.pico)).toBeGreaterThan(0n);
    expect(BigInt(levers.batch.pico)).toBeGreaterThan(0n);
    // The report reconciles the spans against the provider's usage report to the cent.
    const reconciliation = figures.reconciliation.find((entry) => entry.source === "usage-report");
    expect(reconciliation).toBeDefined();
    expect(reconciliation!.totals.difference.pico).toBe("0");
  });

  it("holds the quality bar the policy states", () => {
    const { before, after, policy } = demo.simulation;
    const share = (run: typeof before) => run.quality.correct / run.quality.judged;
    expect(before.quality.judged).toBe(before.requests);
    expect(after.quality.judged).toBe(after.requests);
    expect(share(before) - share(after)).toBeLessThanOrEqual(policy.qualityTolerance);
    expect(demo.simulation.quality.held).toBe(true);
  });

  it("writes a PDF whose figures are the JSON's", () => {
    const json = JSON.parse(readFileSync(demo.files.json, "utf8")) as typeof demo.figures;
    expect(json.runRates.current.monthly.pico).toBe(demo.figures.runRates.current.monthly.pico);
    const text = execFileSync("pdftotext", ["-layout", demo.files.pdf, "-"], { encoding: "utf8" });
    const recommended = json.commitment.levels.find((level) => level.label === json.commitment.recommended)!;
    const figures = [
      json.runRates.current.monthly.usd,
      json.runRates.optimized.monthly.usd,
      json.runRates.savings.monthly.usd,
      recommended.annual.usd,
      json.measured!.runRate.monthly.usd,
      json.measured!.savings.monthly.usd,
      json.measured!.leverSavings.routing.usd,
      ...json.waterfall.steps.map((step) => step.amount.usd.replace(/^-/, "")),
    ];
    for (const figure of figures) expect(text).toContain(figure);
    // Every page renders.
    execFileSync("pdftoppm", ["-r", "20", "-png", demo.files.pdf, join(directory, "page")], {
      stdio: "pipe",
    });
    const csv = readFileSync(demo.files.focus, "utf8").split("\n");
    expect(csv[0]).toContain("BilledCost");
    expect(csv.length).toBeGreaterThan(2);
  });
});
