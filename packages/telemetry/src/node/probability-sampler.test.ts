import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { context, createTraceState, SamplingDecision, TraceFlags, trace } from "@opentelemetry/api";
import {
  type IdGenerator,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
} from "@opentelemetry/sdk-trace";
import { seededRandom } from "@rightsize/contracts";
import { ATTR_SAMPLE_RATE } from "@rightsize/contracts/semconv";
import { describe, expect, it } from "vitest";
import { TelemetryError } from "../telemetry-error.js";
import { ProbabilitySampler, weightOfThreshold } from "./probability-sampler.js";
import { startTelemetry } from "./start-telemetry.js";

/** Trace ids from a seeded generator, so the kept count is the same on every run. */
function seededIds(seed: number): IdGenerator {
  const random = seededRandom(seed);
  const hex = (digits: number) =>
    Array.from({ length: digits }, () => Math.floor(random() * 16).toString(16)).join("");
  return { generateTraceId: () => hex(32), generateSpanId: () => hex(16) };
}

function providerWith(ratio: number, seed = 7) {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({
    sampler: new ProbabilitySampler({ ratio }),
    idGenerator: seededIds(seed),
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  return { tracer: provider.getTracer("test"), exporter };
}

const rootContext = context.active();
const traceId = (last14: string) => `0123456789abcdef01${last14}`;

describe("ProbabilitySampler", () => {
  it("keeps a root when the trace id's lowest 56 bits reach the threshold (1 - ratio) * 2^56", () => {
    const sampler = new ProbabilitySampler({ ratio: 0.25 }); // T = 0xc0000000000000
    const kept = sampler.shouldSample(rootContext, traceId("c0000000000000"));
    expect(kept.decision).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(kept.attributes).toEqual({ [ATTR_SAMPLE_RATE]: 4 });
    expect(kept.traceState?.get("ot")).toBe("th:c");
    expect(sampler.shouldSample(rootContext, traceId("bfffffffffffff")).decision).toBe(
      SamplingDecision.NOT_RECORD,
    );
    // Deterministic: the same id, the same answer.
    expect(sampler.shouldSample(rootContext, traceId("c0000000000000")).decision).toBe(
      SamplingDecision.RECORD_AND_SAMPLED,
    );
  });

  it("encodes the thresholds the spec lists and reads their weights back", () => {
    const th = (ratio: number) =>
      new ProbabilitySampler({ ratio })
        .shouldSample(rootContext, traceId("ffffffffffffff"))
        .traceState?.get("ot");
    expect(th(1)).toBe("th:0");
    expect(th(0.5)).toBe("th:8");
    expect(th(0.1)).toBe("th:e6666666666666");
    expect(th(0.01)).toBe("th:fd70a3d70a3d71");
    for (const rate of [1, 2, 4, 10, 100, 1000, 1_000_000]) {
      const ot = th(1 / rate);
      expect(ot === undefined ? undefined : weightOfThreshold(ot)).toBe(rate);
    }
    expect(weightOfThreshold("rv:00000000000001")).toBeUndefined();
    expect(weightOfThreshold("th:xyz")).toBeUndefined();
  });

  it("keeps about ratio of traces, every kept span weighted, children following their root", () => {
    const { tracer, exporter } = providerWith(0.1);
    for (let i = 0; i < 5000; i++) {
      const root = tracer.startSpan("root");
      tracer.startSpan("child", {}, trace.setSpan(rootContext, root)).end();
      root.end();
    }
    const spans = exporter.getFinishedSpans();
    const roots = spans.filter((span) => span.name === "root");
    // Binomial(5000, 0.1): mean 500, sd 21; a fixed seed makes the count the same every run.
    expect(roots.length).toBeGreaterThan(500 - 4 * 21);
    expect(roots.length).toBeLessThan(500 + 4 * 21);
    expect(spans.filter((span) => span.name === "child")).toHaveLength(roots.length);
    for (const span of spans) {
      expect(span.attributes[ATTR_SAMPLE_RATE]).toBe(10);
      expect(span.spanContext().traceState?.get("ot")).toBe("th:e6666666666666");
      expect(span.spanContext().traceId.slice(-14) >= "e6666666666666").toBe(true);
    }
  });

  it("drops children of an unsampled parent and weighs others by the parent's threshold", () => {
    const sampler = new ProbabilitySampler({ ratio: 0.5 });
    const parent = (traceFlags: number, traceState?: string) =>
      trace.setSpanContext(rootContext, {
        traceId: traceId("00000000000000"),
        spanId: "0123456789abcdef",
        traceFlags,
        isRemote: true,
        ...(traceState === undefined ? {} : { traceState: createTraceState(traceState) }),
      });
    const id = traceId("00000000000000"); // below every threshold but th:0: a root would be dropped
    expect(sampler.shouldSample(parent(TraceFlags.NONE), id).decision).toBe(SamplingDecision.NOT_RECORD);
    // A sampled upstream parent decided: kept, weighed by its th (upstream kept 1 in 4).
    const weighed = sampler.shouldSample(parent(TraceFlags.SAMPLED, "ot=th:c;rv:ffffffffffffff"), id);
    expect(weighed.decision).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(weighed.attributes).toEqual({ [ATTR_SAMPLE_RATE]: 4 });
    expect(weighed.traceState).toBeUndefined(); // the child inherits the parent's tracestate
    // Without a threshold the weight is unknown: no SampleRate (a reader counts it once).
    const unknown = sampler.shouldSample(parent(TraceFlags.SAMPLED), id);
    expect(unknown.decision).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(unknown.attributes).toBeUndefined();
  });

  it("refuses a ratio outside (0, 1] or whose reciprocal is not whole", () => {
    for (const ratio of [0, -0.5, 1.5, 0.3, Number.NaN]) {
      expect(() => new ProbabilitySampler({ ratio })).toThrow(TelemetryError);
    }
    expect(() => new ProbabilitySampler({ ratio: 0.3 })).toThrow(/samplingRatio 0.3: must be in \(0, 1\]/);
  });
});

describe("startTelemetry samplingRatio", () => {
  it("writes SampleRate on the kept spans of the file it exports", async () => {
    const directory = mkdtempSync(join(tmpdir(), "rightsize-sampling-"));
    try {
      const file = join(directory, "spans.jsonl");
      const started = startTelemetry({ preset: "file", file, samplingRatio: 0.5, env: {} });
      const tracer = trace.getTracer("test");
      for (let i = 0; i < 400; i++) tracer.startSpan("call").end();
      await started.shutdown();
      const spans = readFileSync(file, "utf8")
        .trimEnd()
        .split("\n")
        .flatMap((line) => JSON.parse(line).resourceSpans[0].scopeSpans[0].spans);
      // Binomial(400, 0.5): sd 10; random trace ids, so a loose band.
      expect(spans.length).toBeGreaterThan(140);
      expect(spans.length).toBeLessThan(260);
      for (const span of spans) {
        expect(span.attributes).toContainEqual({ key: ATTR_SAMPLE_RATE, value: { intValue: "2" } });
        expect(span.traceState).toBe("ot=th:8");
      }
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it("refuses a ratio with a fractional reciprocal before opening anything", () => {
    const directory = mkdtempSync(join(tmpdir(), "rightsize-sampling-"));
    try {
      const file = join(directory, "spans.jsonl");
      expect(() => startTelemetry({ preset: "file", file, samplingRatio: 0.3, env: {} })).toThrow(
        TelemetryError,
      );
      expect(() => startTelemetry({ preset: "file", file, samplingRatio: 0, env: {} })).toThrow(
        /samplingRatio/,
      );
      expect(existsSync(file)).toBe(false);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
