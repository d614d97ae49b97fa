import type { Attributes } from "@opentelemetry/api";
import { MeterProvider, MetricReader, type ResourceMetrics } from "@opentelemetry/sdk-metrics";
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  TracerProvider,
} from "@opentelemetry/sdk-trace";
import { registerMetricsStore } from "../metrics/metrics-store-registry.js";
import { RightsizeMetrics } from "../metrics/rightsize-metrics.js";
import { ProbabilitySampler } from "../node/probability-sampler.js";

class CollectingReader extends MetricReader {
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

/**
 * Which metrics path the harness exercises: `store` (default) wires a RightsizeMetrics producer
 * into the reader and registers the store for the provider as `startTelemetry` does, so
 * `createRightsizeTelemetry({ meterProvider })` records into it; `meter` leaves the provider
 * bare, so telemetry uses SDK instruments.
 */
export type HarnessMetricsPath = "store" | "meter";

/** A real SDK tracer and meter provider with in-memory collection, for unit tests. */
export function createOtelHarness(
  options: {
    metrics?: HarnessMetricsPath;
    /** Keep this share of traces through a {@link ProbabilitySampler} (spans carry `SampleRate`). */
    samplingRatio?: number;
  } = {},
) {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new TracerProvider({
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
    ...(options.samplingRatio === undefined
      ? {}
      : { sampler: new ProbabilitySampler({ ratio: options.samplingRatio }) }),
  });
  const store = options.metrics === "meter" ? undefined : new RightsizeMetrics();
  const reader = new CollectingReader(store === undefined ? {} : { metricProducers: [store.producer()] });
  const meterProvider = new MeterProvider({ readers: [reader] });
  if (store !== undefined) registerMetricsStore(meterProvider, store);
  return {
    tracerProvider,
    meterProvider,
    /** The store the telemetry records into on the `store` path. */
    store,
    spans: (): ReadableSpan[] => exporter.getFinishedSpans(),
    span(name: string): ReadableSpan {
      const found = exporter.getFinishedSpans().filter((span) => span.name === name);
      if (found.length !== 1) throw new Error(`expected one span ${name}, found ${found.length}`);
      return found[0] as ReadableSpan;
    },
    async metrics(): Promise<ResourceMetrics> {
      const { resourceMetrics } = await reader.collect();
      return resourceMetrics;
    },
    /** Data points of one metric, as { attributes, value } (sum value or histogram record). */
    async points(name: string): Promise<Array<{ attributes: Attributes; value: unknown }>> {
      const { resourceMetrics } = await reader.collect();
      const points: Array<{ attributes: Attributes; value: unknown }> = [];
      for (const scope of resourceMetrics.scopeMetrics) {
        for (const metric of scope.metrics) {
          if (metric.descriptor.name !== name) continue;
          for (const point of metric.dataPoints)
            points.push({ attributes: point.attributes, value: point.value });
        }
      }
      return points;
    },
    async shutdown(): Promise<void> {
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
    },
  };
}
