import { type Context, context, TraceFlags } from "@opentelemetry/api";
import { ExportResultCode, suppressTracing } from "@opentelemetry/core";
import type { ReadableSpan, Span, SpanExporter, SpanProcessor } from "@opentelemetry/sdk-trace";
import { withDeadline } from "./with-deadline.js";

/** Options of {@link BoundedSpanProcessor}. */
export interface BoundedSpanProcessorOptions {
  exporter: SpanExporter;
  /** Spans waiting for export, at most; more are dropped and counted. Default 2048. */
  maxQueueSize?: number;
  /** Spans per export call. Default 512. */
  maxExportBatchSize?: number;
  /** Delay before exporting a partial batch, ms. Default 1000. */
  scheduledDelayMillis?: number;
  /** An export that has not answered by then counts as failed and frees the slot, ms. Default 10000. */
  exportTimeoutMillis?: number;
}

/** What happened to the spans that reached the processor. */
export interface SpanDeliveryStats {
  /** Accepted by the exporter. */
  exported: number;
  /** Dropped because the queue was full (the exporter is slow, hanging or down). */
  droppedQueueFull: number;
  /** Lost in an export that failed or timed out. */
  droppedExportFailed: number;
  /** Waiting in the queue now. */
  queued: number;
  /** Handed to the exporter, not answered yet (at shutdown, what is still in flight counts as lost). */
  inFlight: number;
}

/**
 * A batching span processor whose memory is bounded and whose losses are counted. Like the
 * SDK's BatchSpanProcessor (one export in flight, batches by size or delay), but it keeps
 * cumulative counts of spans dropped for a full queue and spans lost in failed or timed-out
 * exports, which the SDK's processor only logs. `onEnd` never blocks and never throws: with the
 * exporter down or hanging, the application's calls go on and the queue stays at its bound.
 */
export class BoundedSpanProcessor implements SpanProcessor {
  readonly #exporter: SpanExporter;
  readonly #maxQueueSize: number;
  readonly #maxBatch: number;
  readonly #delay: number;
  readonly #timeout: number;
  #queue: ReadableSpan[] = [];
  #timer: NodeJS.Timeout | undefined;
  #inFlight: Promise<void> | undefined;
  #inFlightCount = 0;
  /** Gives the export in flight up as failed (its spans counted lost); idempotent. */
  #abandonInFlight: (() => void) | undefined;
  #shutdown = false;
  readonly #stats = { exported: 0, droppedQueueFull: 0, droppedExportFailed: 0 };

  constructor(options: BoundedSpanProcessorOptions) {
    this.#exporter = options.exporter;
    this.#maxQueueSize = options.maxQueueSize ?? 2048;
    this.#maxBatch = Math.min(options.maxExportBatchSize ?? 512, this.#maxQueueSize);
    this.#delay = options.scheduledDelayMillis ?? 1000;
    this.#timeout = options.exportTimeoutMillis ?? 10_000;
  }

  stats(): SpanDeliveryStats {
    return { ...this.#stats, queued: this.#queue.length, inFlight: this.#inFlightCount };
  }

  onStart(_span: Span, _parentContext: Context): void {}

  onEnd(span: ReadableSpan): void {
    if (this.#shutdown || (span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) return;
    if (this.#queue.length >= this.#maxQueueSize) {
      this.#stats.droppedQueueFull += 1;
      return;
    }
    this.#queue.push(span);
    if (this.#queue.length >= this.#maxBatch) this.#exportSoon(0);
    else this.#exportSoon(this.#delay);
  }

  #exportSoon(delay: number): void {
    if (this.#inFlight !== undefined) return;
    if (this.#timer !== undefined) {
      if (delay > 0) return;
      clearTimeout(this.#timer);
    }
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#exportOne().then(() => {
        if (this.#queue.length > 0) this.#exportSoon(this.#queue.length >= this.#maxBatch ? 0 : this.#delay);
      });
    }, delay);
    // Telemetry never keeps the process alive on its own.
    this.#timer.unref();
  }

  /** Exports one batch; resolves when it succeeded, failed or timed out. Never rejects. */
  #exportOne(): Promise<void> {
    if (this.#inFlight !== undefined) return this.#inFlight;
    const batch = this.#queue.splice(0, this.#maxBatch);
    if (batch.length === 0) return Promise.resolve();
    let resolveExport: () => void = () => {};
    const exported = new Promise<void>((resolve) => {
      resolveExport = resolve;
    });
    this.#inFlight = exported;
    this.#inFlightCount = batch.length;
    let settled = false;
    // The exporter may answer synchronously (the file exporter does) or never (a hung endpoint).
    const settle = (ok: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (ok) this.#stats.exported += batch.length;
      else this.#stats.droppedExportFailed += batch.length;
      if (this.#inFlight === exported) {
        this.#inFlight = undefined;
        this.#inFlightCount = 0;
        this.#abandonInFlight = undefined;
      }
      resolveExport();
    };
    this.#abandonInFlight = () => settle(false);
    const timer = setTimeout(() => settle(false), this.#timeout);
    timer.unref();
    try {
      // The exporter's own HTTP calls must not be traced (they would feed this queue).
      context.with(suppressTracing(context.active()), () =>
        this.#exporter.export(batch, (result) => settle(result.code === ExportResultCode.SUCCESS)),
      );
    } catch {
      settle(false);
    }
    return exported;
  }

  /**
   * Exports everything queued, within one export timeout overall: with the exporter hanging, a
   * flush gives up after `exportTimeoutMillis` instead of waiting once per batch.
   */
  async forceFlush(): Promise<void> {
    await this.#flushUntil(performance.now() + this.#timeout);
  }

  async #flushUntil(deadline: number): Promise<void> {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    while ((this.#queue.length > 0 || this.#inFlight !== undefined) && performance.now() < deadline) {
      await this.#exportOne();
    }
    // The exporter's own flush waits for its retries (seconds against a 503): bound it too.
    await withDeadline(this.#exporter.forceFlush?.(), deadline - performance.now());
  }

  /**
   * Flushes and stops within one export timeout overall (flush and the exporter's own shutdown
   * share the deadline). What is neither exported nor answered by then, queued or in flight, is
   * counted lost.
   */
  async shutdown(): Promise<void> {
    if (this.#shutdown) return;
    const deadline = performance.now() + this.#timeout;
    await this.#flushUntil(deadline);
    this.abandon();
    await withDeadline(this.#exporter.shutdown(), deadline - performance.now());
  }

  /**
   * Stops taking spans and counts what is still queued or in flight as lost (`shutdown` does
   * this at its deadline; `startTelemetry`'s shutdown also at its own, so its counts are final).
   */
  abandon(): void {
    this.#shutdown = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#stats.droppedExportFailed += this.#queue.length;
    this.#queue = [];
    this.#abandonInFlight?.();
  }
}
