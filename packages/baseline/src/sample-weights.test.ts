import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildReport } from "./build-report.js";
import { CohortAccumulator } from "./cohort.js";
import { otThreshold, sampleWeight, thresholdWeight } from "./ingest/sample-weight.js";
import type { ReportFigures } from "./report-figures.js";
import { emptyUsageRecord, type UsageRecord } from "./usage-record.js";

const now = new Date("2026-10-01T00:00:00Z");
const MODELS = ["claude-sonnet-4-6", "claude-opus-4-7", "claude-haiku-5-5"];
const DAY = Date.parse("2026-07-01T00:00:00Z");

/** A span as the property draws it: what a request used, and how many requests it stands for. */
interface DrawnSpan {
  model: number;
  day: number;
  input: number;
  output: number;
  cacheRead: number;
  weight: number;
}

const drawnSpan = fc.record({
  model: fc.integer({ min: 0, max: 2 }),
  day: fc.integer({ min: 0, max: 13 }),
  input: fc.integer({ min: 1, max: 50_000 }),
  output: fc.integer({ min: 0, max: 8_000 }),
  cacheRead: fc.integer({ min: 0, max: 4_096 }),
  weight: fc.integer({ min: 1, max: 300 }),
});

/** One OTLP line per span; `sampling` says how its weight is written (or copies stand for it). */
function spanLines(spans: readonly DrawnSpan[], sampling: "SampleRate" | "copies"): string[] {
  const lines: string[] = [];
  let id = 0;
  for (const span of spans) {
    const copies = sampling === "copies" ? span.weight : 1;
    for (let copy = 0; copy < copies; copy++) {
      const attributes: Array<{ key: string; value: object }> = [
        { key: "gen_ai.response.model", value: { stringValue: MODELS[span.model] ?? "" } },
        { key: "gen_ai.usage.input_tokens", value: { intValue: String(span.input + span.cacheRead) } },
        { key: "gen_ai.usage.cache_read.input_tokens", value: { intValue: String(span.cacheRead) } },
        { key: "gen_ai.usage.output_tokens", value: { intValue: String(span.output) } },
        { key: "rightsize.task_type", value: { stringValue: ["summarize", "classify"][span.day % 2] ?? "" } },
        // What the telemetry recorded it cost (read by the measured comparison), any exact integer.
        { key: "rightsize.cost.pico_usd", value: { intValue: String(span.input * 3_000_000 + span.output) } },
      ];
      if (sampling === "SampleRate")
        attributes.push({ key: "SampleRate", value: { intValue: String(span.weight) } });
      const spanRecord = {
        traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
        spanId: (++id).toString(16).padStart(16, "0"),
        name: `chat ${MODELS[span.model]}`,
        startTimeUnixNano: `${DAY + span.day * 86_400_000 + 3_600_000}000000`,
        attributes,
      };
      lines.push(JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [spanRecord] }] }] }));
    }
  }
  return lines;
}

/** Every money figure and count the report derives from requests (not from lines read). */
function weighedFigures(figures: ReportFigures) {
  return {
    runRates: figures.runRates,
    waterfall: figures.waterfall,
    requests: figures.inputs.requests,
    requestsByModel: figures.requestsByModel,
    daily: figures.daily,
    tasks: figures.tasks,
    charges: figures.charges,
  };
}

describe("sampled spans are weighed exactly", () => {
  it("a span with SampleRate N gives the figures of N copies of it, to the pico-dollar", async () => {
    const directory = await mkdtemp(join(tmpdir(), "baseline-weights-"));
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(drawnSpan, { minLength: 1, maxLength: 6 }), async (spans) => {
        run++;
        const sampled = join(directory, `sampled-${run}.jsonl`);
        const copied = join(directory, `copied-${run}.jsonl`);
        await writeFile(sampled, `${spanLines(spans, "SampleRate").join("\n")}\n`);
        await writeFile(copied, `${spanLines(spans, "copies").join("\n")}\n`);
        const options = { period: "2026-07-01..2026-07-14", now };
        // The same spans as the main input and as a measured "after" run.
        const fromSampled = await buildReport({ inputs: [sampled], measured: [sampled], ...options });
        const fromCopies = await buildReport({ inputs: [copied], measured: [copied], ...options });
        expect(weighedFigures(fromSampled)).toEqual(weighedFigures(fromCopies));
        const {
          files: _sampledFiles,
          dataQuality: _sampledQuality,
          ...measuredSampled
        } = fromSampled.measured ?? {};
        const {
          files: _copiedFiles,
          dataQuality: _copiedQuality,
          ...measuredCopies
        } = fromCopies.measured ?? {};
        expect(measuredSampled).toEqual(measuredCopies);
        expect(fromSampled.inputs.requests).toBe(spans.reduce((sum, span) => sum + span.weight, 0));
      }),
      { numRuns: 5 },
    );
  }, 60_000);

  it("a cohort of weighted records sums exactly as the records repeated", () => {
    fc.assert(
      fc.property(fc.array(drawnSpan, { minLength: 1, maxLength: 40 }), (spans) => {
        const weighted = new CohortAccumulator();
        const repeated = new CohortAccumulator();
        for (const span of spans) {
          const record: UsageRecord = {
            ...emptyUsageRecord(),
            timeMs: DAY + span.day * 86_400_000,
            model: MODELS[span.model] ?? "",
            uncachedInput: span.input,
            output: span.output,
            cacheRead: span.cacheRead,
            complexity: (span.input % 1000) / 1000,
            requestedMaxTokens: 4096,
            weight: span.weight,
          };
          weighted.add(record);
          for (let copy = 0; copy < span.weight; copy++) repeated.add({ ...record, weight: 1 });
        }
        expect(weighted.list()).toEqual(repeated.list());
      }),
      { numRuns: 50 },
    );
  });
});

describe("sampleWeight", () => {
  it("reads SampleRate as the integer it must be", () => {
    expect(sampleWeight(Number.NaN, undefined)).toEqual({ ok: true, weight: 1 });
    expect(sampleWeight(20, "ot=th:c")).toEqual({ ok: true, weight: 20 });
    expect(sampleWeight(2.5, undefined)).toMatchObject({ ok: false });
    expect(sampleWeight(0, undefined)).toMatchObject({ ok: false });
  });

  it("reads the ot=th: threshold of OpenTelemetry's probability sampling", () => {
    // Spec examples: th:0 keeps everything; th:8 keeps 1/2; th:c keeps 1/4; th:fd70a3d70a3d71 keeps 1/100.
    expect(sampleWeight(Number.NaN, "ot=th:0")).toEqual({ ok: true, weight: 1 });
    expect(sampleWeight(Number.NaN, "vendor=x,ot=rv:0123456789abcd;th:8")).toEqual({ ok: true, weight: 2 });
    expect(sampleWeight(Number.NaN, "ot=th:c")).toEqual({ ok: true, weight: 4 });
    expect(sampleWeight(Number.NaN, "ot=th:fd70a3d70a3d71")).toEqual({ ok: true, weight: 100 });
    expect(sampleWeight(Number.NaN, "ot=rv:0123456789abcd")).toEqual({ ok: true, weight: 1 });
    expect(sampleWeight(Number.NaN, "ot=th:xyz")).toMatchObject({ ok: false });
  });

  it("gives N for the threshold a 1/N sampler writes, for every N up to 100,000", () => {
    const span = 2n ** 56n;
    for (let rate = 1; rate <= 100_000; rate++) {
      // The telemetry sampler's threshold: T = 2^56 − round(2^56 / N).
      const kept = (span + BigInt(rate) / 2n) / BigInt(rate);
      const threshold = span - kept;
      const hex = threshold.toString(16).padStart(14, "0").replace(/0+$/, "") || "0";
      const parsed = otThreshold(`ot=th:${hex}`);
      expect(parsed).toBe(threshold);
      if (thresholdWeight(threshold) !== rate) expect.fail(`1/${rate}: weight ${thresholdWeight(threshold)}`);
    }
  });
});
