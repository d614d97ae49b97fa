import { metrics } from "@opentelemetry/api";
import type { CollectionResult } from "@opentelemetry/sdk-metrics";
import type { RequestStartInfo } from "@rightsize/contracts";
import { afterEach, describe, expect, it } from "vitest";
import { createRightsizeTelemetry, type RightsizeTelemetry } from "../create-rightsize-telemetry.js";
import { RightsizeMetrics } from "../metrics/rightsize-metrics.js";
import { type StartedTelemetry, startTelemetry } from "./start-telemetry.js";

let started: StartedTelemetry | undefined;
afterEach(async () => {
  await started?.shutdown();
  started = undefined;
});

const rejected: RequestStartInfo = {
  requestId: "req-1",
  requested: { model: "claude-opus-4-7", maxTokens: 100 },
  facts: {},
  streaming: false,
  decision: {
    kind: "reject",
    code: "budget_exhausted",
    reason: "team budget spent",
    matchedRules: [],
    policy: { name: "support", version: "7" },
  },
};

function rejectOne(telemetry: RightsizeTelemetry) {
  telemetry
    .startRequest(rejected)
    .end({ outcome: "rejected", attempts: 0, escalations: 0, finalTier: null, finalModel: null });
}

async function requestCount(store: RightsizeMetrics | undefined): Promise<number> {
  const result: CollectionResult | undefined = await store?.producer().collect();
  return (result?.resourceMetrics.scopeMetrics ?? [])
    .flatMap((scope) => scope.metrics)
    .filter((metric) => metric.descriptor.name === "rightsize.requests")
    .flatMap((metric) => metric.dataPoints.map((point) => point.value as number))
    .reduce((sum, value) => sum + value, 0);
}

// Nothing listens on the discard port; exports fail quietly and are not what these tests read.
const otlp = { preset: "otlp", endpoint: "http://127.0.0.1:9", env: {}, exportTimeoutMillis: 200 } as const;

describe("startTelemetry's metrics store", () => {
  it("is found by telemetry given no meter options, the global provider, or started.meterProvider", async () => {
    const createdBefore = createRightsizeTelemetry(); // resolves its metrics at first use
    started = startTelemetry(otlp);
    expect(started.metrics).toBeInstanceOf(RightsizeMetrics);
    expect(metrics.getMeterProvider()).toBe(started.meterProvider);
    rejectOne(createdBefore);
    rejectOne(createRightsizeTelemetry());
    rejectOne(createRightsizeTelemetry({ meterProvider: started.meterProvider }));
    expect(await requestCount(started.metrics)).toBe(3);
  });

  it("gives way to an explicit store, and is forgotten at shutdown", async () => {
    started = startTelemetry(otlp);
    const own = new RightsizeMetrics();
    rejectOne(createRightsizeTelemetry({ metrics: own }));
    expect(await requestCount(own)).toBe(1);
    expect(await requestCount(started.metrics)).toBe(0);
    const store = started.metrics;
    const meterProvider = started.meterProvider;
    await started.shutdown();
    started = undefined;
    rejectOne(createRightsizeTelemetry({ meterProvider }));
    expect(await requestCount(store)).toBe(0);
  });

  it("does not exist when no metrics are exported", async () => {
    started = startTelemetry({ preset: "jaeger", env: {} });
    expect(started.metrics).toBeUndefined();
    await started.shutdown();
    started = startTelemetry({
      preset: "otlp",
      endpoint: "http://127.0.0.1:9",
      env: { OTEL_METRICS_EXPORTER: "none" },
    });
    expect(started.metrics).toBeUndefined();
  });
});
