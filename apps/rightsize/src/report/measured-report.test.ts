import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ReportFigures } from "@rightsize/baseline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCliCaptured } from "../test-support/run-cli-captured.js";
import { MEASURED_SECTION_TITLE } from "./sections/measured-section.js";
import { testRequests, writeMeasuredRuns } from "./test-support/measured-runs.js";
import { pdfText } from "./test-support/poppler.js";

const directory = mkdtempSync(join(tmpdir(), "rightsize-measured-report-"));
const pdf = join(directory, "measured.pdf");
let files: { before: string; after: string };
let figures: ReportFigures;
let stdoutWithoutJson = "";

const run = (argv: string[]) => runCliCaptured(["report", ...argv]);

/** Independent of the report: every span of a file with its name and attributes. */
function spansOf(path: string): Array<{ name: string; attributes: Map<string, unknown> }> {
  const spans: Array<{ name: string; attributes: Map<string, unknown> }> = [];
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (line.trim() === "") continue;
    for (const resource of JSON.parse(line).resourceSpans)
      for (const scope of resource.scopeSpans)
        for (const span of scope.spans)
          spans.push({
            name: span.name,
            attributes: new Map(
              span.attributes.map((entry: { key: string; value: Record<string, unknown> }) => [
                entry.key,
                Object.values(entry.value)[0],
              ]),
            ),
          });
  }
  return spans;
}

function sum(path: string, attribute: string, filter: (name: string) => boolean = () => true): bigint {
  return spansOf(path)
    .filter((span) => filter(span.name) && span.attributes.has(attribute))
    .reduce((total, span) => total + BigInt(String(span.attributes.get(attribute))), 0n);
}

beforeAll(async () => {
  // The real telemetry package against the emulator: plain client before, routed client after.
  files = await writeMeasuredRuns(directory);
  const argv = ["--input", files.before, "--measured", files.after, "--period", "2026-Q3"];
  const result = await run([...argv, "--out", pdf, "--json"]);
  expect(result.code, result.stderr).toBe(0);
  figures = JSON.parse(result.stdout) as ReportFigures;
  const table = await run(argv.concat(["--out", join(directory, "second.pdf")]));
  stdoutWithoutJson = table.stdout;
}, 240_000); // two simulated runs against the emulator: generous for a loaded machine

afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe("rightsize report --measured (real spans from the emulator)", () => {
  it("costs the after run at exactly the sum of its attempt spans' costs", () => {
    const measured = figures.measured;
    if (!measured) throw new Error("no measured section");
    const isAttempt = (name: string) => name.startsWith("chat ");
    const attemptSum = sum(files.after, "rightsize.cost.pico_usd", isAttempt);
    expect(attemptSum).toBeGreaterThan(0n);
    expect(BigInt(measured.runRate.observed.pico)).toBe(attemptSum);
    // Parent spans repeat the cost as a total: counting them too would double it.
    expect(sum(files.after, "rightsize.request.total_cost_pico_usd")).toBe(attemptSum);
    // The before run re-priced from tokens equals what its spans recorded (one price book).
    expect(BigInt(measured.before.observed.pico)).toBe(
      sum(files.before, "rightsize.cost.pico_usd", isAttempt),
    );
    expect(BigInt(measured.savings.observed.pico)).toBe(BigInt(measured.before.observed.pico) - attemptSum);
  });

  it("sums the counterfactual and the levers from the spans, routing + caching + batch = total", () => {
    const measured = figures.measured;
    if (!measured) throw new Error("no measured section");
    const baseline = sum(files.after, "rightsize.baseline.cost_pico_usd");
    expect(BigInt(measured.counterfactualBaseline.pico)).toBe(baseline);
    const { routing, caching, batch, total } = measured.leverSavings;
    expect(BigInt(total.pico)).toBe(baseline - BigInt(measured.runRate.observed.pico));
    expect(BigInt(routing.pico) + BigInt(caching.pico) + BigInt(batch.pico)).toBe(BigInt(total.pico));
    expect(BigInt(batch.pico)).toBeGreaterThan(0n);
    expect(measured.leverSavings.requestsWithoutCounterfactual).toBe(0);
  });

  it("counts requests, batch share and the quality before and after", () => {
    const measured = figures.measured;
    if (!measured) throw new Error("no measured section");
    const requests = testRequests("after");
    expect(measured.requests).toBe(requests.length);
    expect(figures.inputs.requests).toBe(requests.length);
    const asyncShare =
      requests.filter((request) => request.latencyClass === "async").length / requests.length;
    expect(measured.batchShare).toBeCloseTo(asyncShare, 10);
    expect(measured.quality.before).toEqual({ verdicts: 12, passes: 10, passRate: 10 / 12 });
    expect(measured.quality.after).toEqual({ verdicts: 12, passes: 11, passRate: 11 / 12 });
    expect(measured.period).toEqual({
      observedStart: "2026-07-06",
      observedEnd: "2026-07-14",
      observedDays: 9,
    });
    expect(measured.requestsByModel.reduce((total, row) => total + row.requests, 0)).toBe(requests.length);
    expect(measured.dataQuality.badByReason).toEqual([]);
  });

  it("prints in the PDF exactly the amounts of the JSON", () => {
    const measured = figures.measured;
    if (!measured) throw new Error("no measured section");
    const text = pdfText(pdf);
    const sectionStart = text.lastIndexOf(MEASURED_SECTION_TITLE);
    expect(sectionStart).toBeGreaterThan(0);
    const section = text.slice(sectionStart, text.indexOf("Where the savings come from", sectionStart));
    const row = (label: string) =>
      section.split("\n").find((line) => line.trimStart().startsWith(label)) ?? "";
    for (const [label, rate] of [
      ["Before: actual", measured.before],
      ["After: measured", measured.runRate],
      ["Savings (", measured.savings],
    ] as const) {
      expect(row(label).replace(/\s+/g, " ")).toContain(
        `${rate.observed.usd} ${rate.monthly.usd} ${rate.quarterly.usd}`,
      );
    }
    expect(row("Routing to cheaper models")).toContain(measured.leverSavings.routing.usd);
    expect(row("Prompt caching")).toContain(measured.leverSavings.caching.usd);
    expect(row("Batch API")).toContain(measured.leverSavings.batch.usd);
    expect(row("Total measured savings")).toContain(measured.leverSavings.total.usd);
    expect(row("Counterfactual baseline")).toContain(measured.counterfactualBaseline.usd);
    expect(row("Escalated-away attempts")).toContain(measured.escalatedAway.cost.usd);
    expect(row("Projected optimized run-rate")).toContain(measured.projectedVsMeasured.projected.usd);
    expect(row("Measured minus projected")).toContain(measured.projectedVsMeasured.difference.usd);
    expect(row("Quality before")).toContain("83.3% (10 of 12)");
    expect(row("Quality after")).toContain("91.7% (11 of 12)");
    const summary = pdfText(pdf, 1).replace(/\s+/g, " ");
    expect(summary).toContain(`a run-rate of ${measured.runRate.monthly.usd} a month`);
    expect(pdfText(pdf, 2)).toContain(MEASURED_SECTION_TITLE);
  });

  it("adds the measured run-rates to the summary table", () => {
    const measured = figures.measured;
    if (!measured) throw new Error("no measured section");
    expect(stdoutWithoutJson).toContain("Measured after run: 12 requests over 9 days");
    expect(stdoutWithoutJson).toMatch(
      new RegExp(`After \\(measured\\)\\s+\\${measured.runRate.monthly.usd}`),
    );
  });

  it("leaves the report without a measured section when --measured is absent", async () => {
    const result = await run(["--input", files.before, "--period", "2026-Q3", "--json"]);
    expect(result.code, result.stderr).toBe(0);
    const plain = JSON.parse(result.stdout) as ReportFigures;
    expect(plain.measured).toBeNull();
    expect(plain.runRates).toEqual(figures.runRates);
  });

  it("is a usage error when a measured file cannot be read", async () => {
    const result = await run([
      "--input",
      files.before,
      "--measured",
      join(directory, "missing.jsonl"),
      "--json",
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("missing.jsonl");
  });
});
