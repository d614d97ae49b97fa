import type { Tracer } from "@opentelemetry/api";
import type { TelemetryMetrics } from "../metrics/telemetry-metrics.js";
import type { CallShapes } from "./call-shapes.js";
import type { InstrumentationHealth } from "./guard.js";
import type { CallPricing } from "./pricing-port.js";

/** What every recorder of one telemetry instance shares. */
export interface TelemetryCore {
  tracer: Tracer;
  metrics: TelemetryMetrics;
  pricing: CallPricing;
  health: InstrumentationHealth;
  /** Per-(model, server) attribute objects shared by every call of that shape (hot path). */
  shapes: CallShapes;
  /** Record prompt and response text (GenAI opt-in attributes). Off by default. */
  captureContent: boolean;
  /** Write each attempt's cost lines (`rightsize.cost.lines_pico_usd`). Off by default. */
  costLines: boolean;
  /** The model savings are measured against; absent: the model the caller asked for. */
  baselineModel: string | undefined;
  /** Batch attempts waiting for their result: bounded so unread batches cannot grow memory. */
  batchLimits: { maxPending: number; pending: number; untracked: number };
  /** Epoch-millisecond clock of span times and pricing dates; undefined: real time. */
  now: (() => number) | undefined;
}
