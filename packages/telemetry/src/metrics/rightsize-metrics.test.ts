import type { Attributes } from "@opentelemetry/api";
import {
  DeltaTemporalitySelector,
  LowMemoryTemporalitySelector,
} from "@opentelemetry/exporter-metrics-otlp-http";
import {
  AggregationTemporality,
  type AggregationTemporalitySelector,
  type CollectionResult,
  DataPointType,
  type Histogram,
  MeterProvider,
  MetricReader,
  type MetricReaderOptions,
} from "@opentelemetry/sdk-metrics";
import type { RequestStartInfo } from "@rightsize/contracts";
import { ATTR_GEN_AI_REQUEST_MODEL, ATTR_RS_TIER } from "@rightsize/contracts/semconv";
import { describe, expect, it } from "vitest";
import { createRightsizeTelemetry } from "../create-rightsize-telemetry.js";
import { CallShapes, operationMetricAttributes } from "../internal/call-shapes.js";
import { recordCalls } from "../test-support/metric-records.js";
import { createOtelHarness } from "../test-support/otel-harness.js";
import { SdkReferenceMetrics } from "../test-support/sdk-reference-metrics.js";
import { RightsizeMetrics } from "./rightsize-metrics.js";

class CollectingReader extends MetricReader {
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

const { CUMULATIVE, DELTA } = AggregationTemporality;

/** A collection as plain comparable values: per metric, its identity, temporality and points by attribute set. */
function normalize(result: CollectionResult) {
  const metrics: Record<string, unknown> = {};
  for (const scope of result.resourceMetrics.scopeMetrics) {
    for (const metric of scope.metrics) {
      if (metric.dataPoints.length === 0) continue;
      const points: Record<string, unknown> = {};
      for (const point of metric.dataPoints) {
        const key = JSON.stringify(Object.entries(point.attributes).sort(([a], [b]) => (a < b ? -1 : 1)));
        const value = point.value as number | Histogram;
        points[key] =
          typeof value === "number"
            ? value
            : {
                count: value.count,
                // Summation order differs from the SDK's when readers collect at different
                // times (both add doubles): equal to 12 significant digits, not to the last bit.
                sum: value.sum === undefined ? undefined : Number(value.sum.toPrecision(12)),
                min: value.min,
                max: value.max,
                boundaries: value.buckets.boundaries,
                counts: value.buckets.counts,
              };
      }
      const { name, unit, description, valueType } = metric.descriptor;
      metrics[name] = {
        scope: [scope.scope.name, scope.scope.version],
        descriptor: { unit, description, valueType },
        temporality: metric.aggregationTemporality,
        type: metric.dataPointType,
        monotonic: metric.dataPointType === DataPointType.SUM ? metric.isMonotonic : undefined,
        points,
      };
    }
  }
  return metrics;
}

/** The store behind one reader per option set, and the SDK's own instruments behind identical readers. */
function sideBySide(
  readerOptions: Array<{ temporality: AggregationTemporality | AggregationTemporalitySelector }>,
) {
  const store = new RightsizeMetrics();
  const storeReaders = readerOptions.map(
    (options) =>
      new CollectingReader({ metricProducers: [store.producer({ temporality: options.temporality })] }),
  );
  new MeterProvider({ readers: storeReaders });
  const sdkReaders = readerOptions.map((options) => {
    const temporality = options.temporality;
    const selector: MetricReaderOptions["aggregationTemporalitySelector"] =
      typeof temporality === "function" ? temporality : () => temporality;
    return new CollectingReader({ aggregationTemporalitySelector: selector });
  });
  const sdk = new SdkReferenceMetrics(
    new MeterProvider({ readers: sdkReaders }).getMeter("@rightsize/telemetry", "0.1.0"),
  );
  return {
    store,
    sdk,
    /** Collects reader `index` of both sides and expects equal metrics; returns the store's. */
    async expectSame(index: number) {
      const ours = normalize(await (storeReaders[index] as CollectingReader).collect());
      const theirs = normalize(await (sdkReaders[index] as CollectingReader).collect());
      expect(ours).toEqual(theirs);
      return ours;
    },
  };
}

describe("RightsizeMetrics", () => {
  const temporalities = [
    ["cumulative", CUMULATIVE],
    ["delta", DELTA],
    ["the OTLP delta preference (up-down counters stay cumulative)", DeltaTemporalitySelector],
    ["the OTLP low-memory preference", LowMemoryTemporalitySelector],
  ] as const;
  for (const [label, temporality] of temporalities) {
    it(`reports what the SDK's own instruments report, collect after collect, with ${label}`, async () => {
      const { store, sdk, expectSame } = sideBySide([{ temporality }]);
      const seen = [];
      for (const [round, count] of [400, 250, 0, 60].entries()) {
        recordCalls({ targets: [store, sdk], count, seed: round + 1 });
        seen.push(await expectSame(0));
      }
      // Not vacuous: every metric showed up, and an empty interval differs from a busy one.
      expect(Object.keys(seen[0] ?? {}).sort()).toEqual([
        "gen_ai.client.operation.duration",
        "gen_ai.client.token.usage",
        "rightsize.baseline.cost",
        "rightsize.cost",
        "rightsize.requests",
        "rightsize.savings",
      ]);
      if (temporality === DELTA) expect(seen[2]).toEqual({});
    });
  }

  it("serves two readers with different temporalities, each with its own state", async () => {
    const { store, sdk, expectSame } = sideBySide([{ temporality: CUMULATIVE }, { temporality: DELTA }]);
    recordCalls({ targets: [store, sdk], count: 300, seed: 11 });
    await expectSame(0);
    recordCalls({ targets: [store, sdk], count: 120, seed: 12 });
    await expectSame(1);
    await expectSame(1);
    recordCalls({ targets: [store, sdk], count: 90, seed: 13 });
    await expectSame(0);
    recordCalls({ targets: [store, sdk], count: 40, seed: 14 });
    const delta = await expectSame(1);
    await expectSame(0);
    expect(Object.keys(delta)).toContain("gen_ai.client.token.usage");
  });

  it("folds series beyond 2,000 per metric into one otel.metric.overflow series, as the SDK does", async () => {
    const { store, sdk, expectSame } = sideBySide([{ temporality: CUMULATIVE }]);
    const shape = new CallShapes().of("claude-haiku-4-5", undefined, undefined);
    for (let index = 0; index < 2100; index += 1) {
      const call = {
        metricAttributes: operationMetricAttributes(shape, `model-${index}`),
        durationSeconds: index / 100,
        usage: undefined,
        errorType: undefined,
        dimensions: { [ATTR_GEN_AI_REQUEST_MODEL]: `model-${index}` },
        costPicoUsd: index,
      };
      store.recordCall(call);
      sdk.recordCall(call);
    }
    const metrics = (await expectSame(0)) as Record<string, { points: Record<string, unknown> }>;
    const durations = metrics["gen_ai.client.operation.duration"]?.points ?? {};
    expect(Object.keys(durations)).toHaveLength(2000);
    expect(durations[JSON.stringify([["otel.metric.overflow", true]])]).toMatchObject({ count: 101 });
    const costs = metrics["rightsize.cost"]?.points ?? {};
    expect(costs[JSON.stringify([["otel.metric.overflow", true]])]).toBe((1999 + 2099) * 50.5);
  });

  it("finds a frozen set by identity and an equal unfrozen one by content, and keeps its own copy", async () => {
    const store = new RightsizeMetrics();
    const frozen = Object.freeze({
      [ATTR_GEN_AI_REQUEST_MODEL]: "claude-haiku-4-5",
      [ATTR_RS_TIER]: "haiku",
    });
    const reordered: Attributes = {
      [ATTR_RS_TIER]: "haiku",
      [ATTR_GEN_AI_REQUEST_MODEL]: "claude-haiku-4-5",
    };
    store.recordCost(frozen, 5);
    store.recordCost(reordered, 7);
    reordered[ATTR_RS_TIER] = "opus";
    store.recordCost(frozen, 11);
    const { resourceMetrics } = await store.producer().collect();
    const cost = resourceMetrics.scopeMetrics[0]?.metrics.find(
      (metric) => metric.descriptor.name === "rightsize.cost",
    );
    expect(cost?.dataPoints.map((point) => [point.attributes[ATTR_RS_TIER], point.value])).toEqual([
      ["haiku", 23],
    ]);
  });

  it("sums money exactly in bigint: the report is one rounding of the exact sum, not a sum of roundings", async () => {
    const { store, sdk, expectSame } = sideBySide([{ temporality: CUMULATIVE }]);
    const dimensions = Object.freeze({ [ATTR_GEN_AI_REQUEST_MODEL]: "claude-opus-4-7" });
    for (const picoUsd of [2 ** 53, 1, 1, 1, 1]) store.recordCost(dimensions, picoUsd);
    for (const picoUsd of [2 ** 53, 1, 1, 1, 1]) sdk.recordCost(dimensions, picoUsd);
    await expect(expectSame(0)).rejects.toThrow();
    const { resourceMetrics } = await store.producer().collect();
    const [point] = resourceMetrics.scopeMetrics[0]?.metrics[0]?.dataPoints ?? [];
    expect(point?.value).toBe(2 ** 53 + 4);
  });

  it("drops negative and NaN measurements (the SDK drops negative ones and keeps an empty point for NaN)", async () => {
    const store = new RightsizeMetrics();
    const shape = new CallShapes().of("claude-haiku-4-5", undefined, undefined);
    for (const durationSeconds of [-1, Number.NaN, Number.NEGATIVE_INFINITY]) {
      store.recordCall({
        metricAttributes: operationMetricAttributes(shape, undefined),
        durationSeconds,
        usage: undefined,
        errorType: undefined,
        dimensions: shape.realtimeDimensions,
      });
    }
    expect((await store.producer().collect()).resourceMetrics.scopeMetrics).toEqual([]);
  });

  it("reports nothing before the first record, with an empty scope list the periodic reader skips", async () => {
    const result = await new RightsizeMetrics().producer({ temporality: DELTA }).collect();
    expect(result.resourceMetrics.scopeMetrics).toEqual([]);
    expect(result.errors).toEqual([]);
    expect(result.resourceMetrics.resource.attributes).toEqual({});
  });

  it("cumulative points keep one start time; delta points start at the reader's previous collection", async () => {
    const store = new RightsizeMetrics();
    const cumulative = store.producer();
    const delta = store.producer({ temporality: DELTA });
    const startOf = async (producer: typeof delta) =>
      (await producer.collect()).resourceMetrics.scopeMetrics[0]?.metrics[0]?.dataPoints[0];
    const dimensions = Object.freeze({ [ATTR_GEN_AI_REQUEST_MODEL]: "claude-opus-4-7" });
    store.recordCost(dimensions, 1);
    const first = await startOf(delta);
    const firstCumulative = await startOf(cumulative);
    await new Promise((resolve) => setTimeout(resolve, 5));
    store.recordCost(dimensions, 2);
    const second = await startOf(delta);
    expect(second?.startTime).toEqual(first?.endTime);
    expect(second?.value).toBe(2);
    expect((await startOf(cumulative))?.startTime).toEqual(firstCumulative?.startTime);
  });
});

describe("createRightsizeTelemetry and the store", () => {
  const rejected: RequestStartInfo = {
    requestId: "req-1",
    requested: { model: "claude-opus-4-7", maxTokens: 100 },
    facts: {},
    streaming: false,
    decision: {
      kind: "reject" as const,
      code: "budget_exhausted",
      reason: "team budget spent",
      matchedRules: [],
      policy: { name: "support", version: "7" },
    },
  };
  const requestsIn = (result: CollectionResult) =>
    result.resourceMetrics.scopeMetrics
      .flatMap((scope) => scope.metrics)
      .filter((metric) => metric.descriptor.name === "rightsize.requests")
      .flatMap((metric) => metric.dataPoints.map((point) => point.value));

  it("records into an explicit store even when given a MeterProvider with SDK readers", async () => {
    const harness = createOtelHarness({ metrics: "meter" });
    const store = new RightsizeMetrics();
    const telemetry = createRightsizeTelemetry({ meterProvider: harness.meterProvider, metrics: store });
    telemetry
      .startRequest(rejected)
      .end({ outcome: "rejected", attempts: 0, escalations: 0, finalTier: null, finalModel: null });
    expect(requestsIn(await store.producer().collect())).toEqual([1]);
    expect(await harness.points("rightsize.requests")).toEqual([]);
  });

  it("uses SDK instruments for a MeterProvider nobody registered a store for", async () => {
    const harness = createOtelHarness({ metrics: "meter" });
    const telemetry = createRightsizeTelemetry({ meterProvider: harness.meterProvider });
    telemetry
      .startRequest(rejected)
      .end({ outcome: "rejected", attempts: 0, escalations: 0, finalTier: null, finalModel: null });
    expect((await harness.points("rightsize.requests")).map((point) => point.value)).toEqual([1]);
  });
});
