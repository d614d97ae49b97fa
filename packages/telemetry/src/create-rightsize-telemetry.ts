import {
  type Meter,
  type MeterProvider,
  metrics,
  type Tracer,
  type TracerProvider,
  trace,
} from "@opentelemetry/api";
import type {
  BatchObservation,
  BatchStartInfo,
  RequestObservation,
  RequestStartInfo,
  RoutedCallObserver,
} from "@rightsize/contracts";
import {
  ATTR_RS_FEEDBACK_SOURCE,
  ATTR_RS_QUALITY_VERDICT,
  ATTR_RS_REQUEST_ID,
  ATTR_RS_TASK_TYPE,
  ATTR_RS_TIER,
  SPAN_FEEDBACK,
} from "@rightsize/contracts/semconv";
import type { ContractedRates } from "@rightsize/pricing";
import { type AnthropicLike, instrumentAnthropicClient } from "./instrumentation/instrument-anthropic.js";
import { CallShapes } from "./internal/call-shapes.js";
import { InstrumentationHealth } from "./internal/guard.js";
import {
  INSTRUMENTATION_SCOPE,
  INSTRUMENTATION_VERSION,
  SEMCONV_SCHEMA_URL,
} from "./internal/instrumentation-scope.js";
import { CallPricing } from "./internal/pricing-port.js";
import type { TelemetryCore } from "./internal/telemetry-core.js";
import { MeterMetrics } from "./metrics/meter-metrics.js";
import { metricsStoreOf } from "./metrics/metrics-store-registry.js";
import type { RightsizeMetrics } from "./metrics/rightsize-metrics.js";
import type { TelemetryMetrics } from "./metrics/telemetry-metrics.js";
import { BatchRecorder } from "./spans/batch-recorder.js";
import { recordSpan } from "./spans/record-span.js";
import { RequestRecorder } from "./spans/request-recorder.js";

/** Options of {@link createRightsizeTelemetry}. */
export interface RightsizeTelemetryOptions {
  /** Tracer to use; else one from `tracerProvider`, else from the global provider. */
  tracer?: Tracer;
  tracerProvider?: TracerProvider;
  /**
   * Metrics store to record into (the fast path: no SDK work per call); read it through
   * `metrics.producer()` in your MetricReader. Wins over `meter` and `meterProvider`.
   */
  metrics?: RightsizeMetrics;
  /**
   * Meter to use; else one from `meterProvider`, else from the global provider (looked up at
   * first use). A provider that `startTelemetry` created (the global one it registers included)
   * brings its own store, which is used instead of SDK instruments.
   */
  meter?: Meter;
  meterProvider?: MeterProvider;
  /** Model savings are measured against. Default: what the caller asked for (routed) or the call's own model. */
  baselineModel?: string;
  /** Contracted rates, compiled into pricing's rate cards (the `contracted_pico_usd` attribute). */
  rates?: ContractedRates;
  /** Record prompts and responses (gen_ai.input.messages etc.). Default false. */
  captureContent?: boolean;
  /**
   * Also write each call's cost by item (`rightsize.cost.lines_pico_usd`, one int array). Default
   * false: an array attribute costs the OTel SDK about as much as seven numbers on every call, and
   * the usage attributes with the price book give the same figures.
   */
  costLines?: boolean;
  /** Batch requests whose results are pending, at most (beyond: no per-request span, counted). Default 100,000. */
  maxPendingBatchRequests?: number;
  /**
   * Clock (epoch ms) for span start/end times and pricing dates, for simulations that replay
   * traffic in compressed time. Default: real time. Durations in metrics stay real.
   */
  now?: () => number;
}

/** A quality verdict on a task type's tier (from a caller check, an eval, or a user). */
export interface FeedbackInfo {
  taskType: string;
  tier: string;
  verdict: "pass" | "fail";
  requestId?: string;
  source?: string;
}

/** Counters of the instrumentation's own health. */
export interface TelemetryStats {
  /** Faults caught inside the instrumentation (never thrown into the caller). */
  instrumentationErrors: number;
  /** Batch requests waiting for their result line. */
  pendingBatchRequests: number;
  /** Batch requests that got no span because `maxPendingBatchRequests` was reached. */
  untrackedBatchRequests: number;
}

/** The telemetry object: a routed-client observer and a plain-client wrapper. */
export interface RightsizeTelemetry extends RoutedCallObserver {
  /** RoutedCallObserver: a routed request starts (its parent span). */
  startRequest(info: RequestStartInfo): RequestObservation;
  /** RoutedCallObserver: a Message Batch is being assembled. */
  startBatch(info: BatchStartInfo): BatchObservation;
  /**
   * Instruments an ordinary `Anthropic` client in place and returns it, for teams that do not
   * route yet: every call becomes a span with cost and its counterfactual.
   * @example const client = telemetry.instrumentAnthropic(new Anthropic());
   */
  instrumentAnthropic<Client extends AnthropicLike>(client: Client): Client;
  /** Records a quality verdict as a `rightsize.feedback` span. */
  recordFeedback(info: FeedbackInfo): void;
  stats(): TelemetryStats;
}

const NOOP_REQUEST: RequestObservation = {
  startAttempt: () => ({ firstChunk() {}, joinBatch() {}, end() {} }),
  end() {},
};
const NOOP_BATCH: BatchObservation = { submitted() {}, end() {} };

/**
 * Creates the telemetry object. Uses only @opentelemetry/api: it never starts an SDK and never
 * reads environment variables; with no SDK registered every span is a cheap no-op.
 * @example
 * const telemetry = createRightsizeTelemetry({ baselineModel: "claude-opus-4-7" });
 * const client = telemetry.instrumentAnthropic(new Anthropic());
 */
export function createRightsizeTelemetry(options: RightsizeTelemetryOptions = {}): RightsizeTelemetry {
  const tracer =
    options.tracer ??
    (options.tracerProvider ?? trace.getTracerProvider()).getTracer(
      INSTRUMENTATION_SCOPE,
      INSTRUMENTATION_VERSION,
      {
        schemaUrl: SEMCONV_SCHEMA_URL,
      },
    );
  let instruments: TelemetryMetrics | undefined = options.metrics;
  const health = new InstrumentationHealth();
  const core: TelemetryCore = {
    tracer,
    // Resolved at first use: the global meter provider has no proxy, so a meter taken before
    // the SDK starts would stay a no-op forever.
    get metrics() {
      instruments ??= resolveMetrics(options);
      return instruments;
    },
    pricing: new CallPricing(options.rates),
    health,
    shapes: new CallShapes(),
    captureContent: options.captureContent === true,
    costLines: options.costLines === true,
    baselineModel: options.baselineModel,
    batchLimits: { maxPending: options.maxPendingBatchRequests ?? 100_000, pending: 0, untracked: 0 },
    now: options.now,
  };
  return {
    startRequest: (info) => health.guard("startRequest", () => new RequestRecorder(core, info), NOOP_REQUEST),
    startBatch: (info) => health.guard("startBatch", () => new BatchRecorder(core, info), NOOP_BATCH),
    instrumentAnthropic: (client) =>
      health.guard("instrumentAnthropic", () => instrumentAnthropicClient(core, client), client),
    recordFeedback: (info) =>
      health.guard(
        "recordFeedback",
        () => {
          const attributes: Record<string, string> = {
            [ATTR_RS_TASK_TYPE]: info.taskType,
            [ATTR_RS_TIER]: info.tier,
            [ATTR_RS_QUALITY_VERDICT]: info.verdict,
          };
          if (info.requestId !== undefined) attributes[ATTR_RS_REQUEST_ID] = info.requestId;
          if (info.source !== undefined) attributes[ATTR_RS_FEEDBACK_SOURCE] = info.source;
          recordSpan({ tracer, name: SPAN_FEEDBACK, attributes, now: core.now, fn: () => undefined });
        },
        undefined,
      ),
    stats: () => ({
      instrumentationErrors: health.errors,
      pendingBatchRequests: core.batchLimits.pending,
      untrackedBatchRequests: core.batchLimits.untracked,
    }),
  };
}

/** The store `startTelemetry` wired to the provider, else SDK instruments from the meter. */
function resolveMetrics(options: RightsizeTelemetryOptions): TelemetryMetrics {
  if (options.meter !== undefined) return new MeterMetrics(options.meter);
  const provider = options.meterProvider ?? metrics.getMeterProvider();
  return (
    metricsStoreOf(provider) ??
    new MeterMetrics(
      provider.getMeter(INSTRUMENTATION_SCOPE, INSTRUMENTATION_VERSION, { schemaUrl: SEMCONV_SCHEMA_URL }),
    )
  );
}
