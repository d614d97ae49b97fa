import {
  context,
  type MeterProvider,
  metrics,
  propagation,
  type TracerProvider,
  trace,
} from "@opentelemetry/api";
import { OTLPMetricExporter as OtlpHttpJsonMetricExporter } from "@opentelemetry/exporter-metrics-otlp-http";
import { OTLPMetricExporter as OtlpProtoMetricExporter } from "@opentelemetry/exporter-metrics-otlp-proto";
import { OTLPTraceExporter as OtlpHttpJsonTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter as OtlpProtoTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { type IMetricReader, PeriodicExportingMetricReader } from "@opentelemetry/sdk-metrics";
import { NodeSDK } from "@opentelemetry/sdk-node";
import type { SpanExporter } from "@opentelemetry/sdk-trace";
import { registerMetricsStore, unregisterMetricsStore } from "../metrics/metrics-store-registry.js";
import { RightsizeMetrics } from "../metrics/rightsize-metrics.js";
import { BoundedSpanProcessor, type SpanDeliveryStats } from "./bounded-span-processor.js";
import { OtlpFileSpanExporter } from "./otlp-file-span-exporter.js";
import { ProbabilitySampler } from "./probability-sampler.js";
import { resolveStartOptions, type StartTelemetryOptions } from "./start-telemetry-options.js";
import { withDeadline } from "./with-deadline.js";

/** Kept back from the shutdown deadline for what runs after it (see `shutdown`). */
const SHUTDOWN_MARGIN_MILLIS = 150;

/** A started telemetry pipeline. */
export interface StartedTelemetry {
  tracerProvider: TracerProvider;
  meterProvider: MeterProvider;
  /**
   * The metrics store wired into the metric reader (undefined when no metrics are exported:
   * the file and Jaeger presets, `OTEL_METRICS_EXPORTER=none`). `createRightsizeTelemetry()`
   * finds it by itself, through the global or this `meterProvider`.
   */
  metrics: RightsizeMetrics | undefined;
  /** Where spans go (URL or file path), for a startup log line. */
  destination: string;
  /**
   * Span delivery counts: exported, dropped (queue full), lost (export failed or cut at
   * shutdown), queued, in flight. Every span that reached the exporter's processor is in exactly
   * one of them; after `shutdown`, queued and in flight are 0.
   */
  stats(): SpanDeliveryStats;
  forceFlush(): Promise<void>;
  /**
   * Flushes and stops within `exportTimeoutMillis` (default 10 s) overall, spans and metrics
   * alike; unregisters the global providers it registered. Call before exit.
   */
  shutdown(): Promise<void>;
}

/**
 * Starts the OpenTelemetry Node SDK with one of the presets (see README): `file` (default:
 * OTLP JSON lines that `rightsize report` reads), `jaeger`, `honeycomb` or `otlp` (standard
 * OTEL_* variables). Spans go through a bounded queue whose drops are counted; calls to the
 * model never wait on an exporter. For apps only: libraries never start an SDK.
 * @example
 * const telemetry = startTelemetry({ preset: "jaeger", serviceName: "support-bot" });
 * process.on("beforeExit", () => telemetry.shutdown());
 */
export function startTelemetry(options: StartTelemetryOptions = {}): StartedTelemetry {
  const resolved = resolveStartOptions(options);
  // Built first, so that a bad ratio throws before any exporter opens a file or a socket.
  const sampler =
    resolved.samplingRatio < 1 ? new ProbabilitySampler({ ratio: resolved.samplingRatio }) : undefined;
  let spanExporter: SpanExporter;
  let metricReaders: IMetricReader[] = [];
  let store: RightsizeMetrics | undefined;
  if (resolved.kind === "file") {
    spanExporter = new OtlpFileSpanExporter({ path: resolved.file });
  } else {
    const json = resolved.protocol === "http/json";
    const traceConfig = {
      url: resolved.tracesUrl,
      headers: resolved.tracesHeaders,
      timeoutMillis: resolved.exportTimeoutMillis,
    };
    spanExporter = json
      ? new OtlpHttpJsonTraceExporter(traceConfig)
      : new OtlpProtoTraceExporter(traceConfig);
    if (resolved.metrics !== undefined) {
      const metricConfig = {
        url: resolved.metrics.url,
        headers: resolved.metrics.headers,
        timeoutMillis: resolved.exportTimeoutMillis,
      };
      const exporter = json
        ? new OtlpHttpJsonMetricExporter(metricConfig)
        : new OtlpProtoMetricExporter(metricConfig);
      store = new RightsizeMetrics();
      // The exporter's own preference per instrument type (OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE:
      // with "delta", counters and histograms are delta but up-down counters stay cumulative).
      const producer = store.producer({ temporality: (type) => exporter.selectAggregationTemporality(type) });
      metricReaders = [
        new PeriodicExportingMetricReader({
          exporter,
          exportIntervalMillis: resolved.metricsIntervalMillis,
          metricProducers: [producer],
        }),
      ];
    }
  }
  const processor = new BoundedSpanProcessor({
    exporter: spanExporter,
    maxQueueSize: resolved.maxQueueSize,
    maxExportBatchSize: resolved.maxExportBatchSize,
    scheduledDelayMillis: resolved.scheduledDelayMillis,
    exportTimeoutMillis: resolved.exportTimeoutMillis,
  });
  const sdk = new NodeSDK({
    serviceName: resolved.serviceName,
    ...(sampler === undefined ? {} : { sampler }),
    spanProcessors: [processor, ...resolved.additionalSpanProcessors],
    metricReaders,
    // No log pipeline: an empty list keeps the SDK from creating an OTLP log exporter from env.
    logRecordProcessors: [],
  });
  sdk.start();
  // NodeSDK keeps its providers private; these are the ones it just registered.
  const internals = sdk as unknown as { _tracerProvider?: TracerProvider; _meterProvider?: MeterProvider };
  const fileExporter = spanExporter instanceof OtlpFileSpanExporter ? spanExporter : undefined;
  const meterProvider = internals._meterProvider ?? metrics.getMeterProvider();
  if (store !== undefined) registerMetricsStore(meterProvider, store);
  let stopped = false;
  return {
    tracerProvider: internals._tracerProvider ?? trace.getTracerProvider(),
    meterProvider,
    metrics: store,
    destination:
      resolved.kind === "file" ? resolved.file : (resolved.tracesUrl ?? "OTEL_EXPORTER_OTLP_* endpoint"),
    stats: () => {
      const stats = processor.stats();
      // Lines the file could not take count as lost exports.
      return fileExporter === undefined
        ? stats
        : { ...stats, droppedExportFailed: stats.droppedExportFailed + fileExporter.droppedSpans };
    },
    forceFlush: async () => {
      await processor.forceFlush();
      const meterProvider = internals._meterProvider as { forceFlush?: () => Promise<void> } | undefined;
      // A failing metrics endpoint makes the exporter retry for seconds: bound the wait.
      await withDeadline(meterProvider?.forceFlush?.(), resolved.exportTimeoutMillis);
    },
    shutdown: async () => {
      if (stopped) return;
      stopped = true;
      unregisterMetricsStore(meterProvider);
      try {
        // One export timeout overall: the span processor flushes within it, and the metric
        // reader's last export (it retries against a failing endpoint) is cut at the same time.
        // Less a margin for the cleanup after it and for timers firing late on a busy loop
        // (measured: 70-90 ms over without it), so the whole call stays within the bound.
        const margin = Math.min(SHUTDOWN_MARGIN_MILLIS, resolved.exportTimeoutMillis / 2);
        await withDeadline(sdk.shutdown(), resolved.exportTimeoutMillis - margin);
        // Whatever missed the deadline, queued or in flight, is counted lost now.
        processor.abandon();
      } finally {
        trace.disable();
        metrics.disable();
        propagation.disable();
        context.disable();
      }
    },
  };
}
