import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { describe, expect, it } from "vitest";
import { qualityTelemetry } from "./quality-telemetry.js";

describe("quality telemetry", () => {
  it("makes each verdict a span with its quality-assurance cost, window and, on a regression, an event", () => {
    const exporter = new InMemorySpanExporter();
    const tracerProvider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
    const at = Date.parse("2026-07-01T10:00:00Z");
    const telemetry = qualityTelemetry({ tracerProvider, now: () => at });
    const series = { n: 24, passRate: 0.5, upper: 0.69, bar: 0.85 };
    telemetry.report({
      taskType: "classification",
      tier: "haiku",
      shadowTier: "sonnet",
      pass: true,
      costPico: 300n,
      series,
      regression: false,
    });
    telemetry.report({
      taskType: "classification",
      tier: "haiku",
      shadowTier: "sonnet",
      pass: false,
      costPico: 250n,
      series,
      regression: true,
    });
    telemetry.report({
      taskType: "classification",
      tier: "haiku",
      shadowTier: "sonnet",
      pass: undefined,
      costPico: 0n,
      series: undefined,
      regression: false,
      error: new Error("batch expired"),
    });
    const spans = exporter.getFinishedSpans();
    expect(spans.map((span) => span.name)).toEqual(Array(3).fill("rightsize.shadow_eval"));
    expect(spans.map((span) => span.attributes["rightsize.quality.verdict"])).toEqual([
      "pass",
      "fail",
      undefined,
    ]);
    expect(spans.map((span) => span.attributes["rightsize.qa.cost_pico_usd"])).toEqual([300, 250, 0]);
    expect(spans[1]?.attributes).toMatchObject({
      "rightsize.task_type": "classification",
      "rightsize.tier": "haiku",
      "rightsize.qa.shadow_tier": "sonnet",
      "rightsize.qa.samples": 24,
      "rightsize.qa.upper_bound": 0.69,
      "rightsize.qa.bar": 0.85,
    });
    expect(spans[0]?.events).toEqual([]);
    expect(spans[1]?.events.map((event) => event.name)).toEqual(["rightsize.quality.regression"]);
    expect(spans[2]?.status.code).toBe(2); // ERROR
    // Simulated time: the spans carry the clock they were given.
    expect(spans[0]?.startTime[0]).toBe(at / 1000);
  });
});
