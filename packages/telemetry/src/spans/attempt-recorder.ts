import { type Attributes, type Context, context, type Span, SpanKind } from "@opentelemetry/api";
import type { ObservedResponse } from "@rightsize/contracts";
import {
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_RS_ESCALATED_AWAY,
  ATTR_RS_ESCALATED_AWAY_REASON,
  ATTR_RS_QUALITY_VERDICT,
} from "@rightsize/contracts/semconv";
import { HoldableSpan } from "../instrumentation/sdk-call-span.js";
import { type CallShape, operationMetricAttributes } from "../internal/call-shapes.js";
import type { TelemetryCore } from "../internal/telemetry-core.js";
import { putSavingsAttributes } from "./cost-attributes.js";
import type { PricedAttempt } from "./counterfactual.js";
import { errorTypeOf } from "./error-type.js";
import { priceAttempt, standaloneSavings } from "./price-attempt.js";
import { RecordedSpan, startRecordedSpan } from "./record-span.js";
import { normalizeUsage, putUsageAttributes } from "./usage.js";

/** Options of one attempt span (`chat {model}`). */
export interface AttemptRecorderOptions {
  core: TelemetryCore;
  model: string;
  streaming: boolean;
  maxTokens?: number | undefined;
  serverAddress?: string | undefined;
  serverPort?: number | undefined;
  parent?: Context;
  /** Further span attributes: sampling parameters, decision, attempt number, content. */
  attributes?: Attributes;
  /**
   * Low-cardinality metric attributes (model, tier, mode, task type, policy); default: the model,
   * realtime (a plain call has no decision).
   */
  dimensions?: Attributes;
  /**
   * The call is a whole request (the plain client wrapper, no parent `rightsize.request` span):
   * the span also carries the counterfactual and the request is counted.
   */
  standalone?: boolean;
  /**
   * `own` (default): a `chat {model}` span starts now. `pending`: no span yet; the attempt's
   * attributes go onto the SDK's call span (`adopt`, or `callSpan` at finish) or, failing that,
   * onto a span of its own started at finish with the attempt's start time.
   */
  span?: "own" | "pending";
  /**
   * Routed: the SDK's call span of the request. The attempt whose answer the caller gets (one
   * that did not escalate) writes onto it; the others get spans of their own.
   */
  callSpan?: Span | undefined;
}

/** How an attempt ended. */
export interface AttemptOutcome {
  response?: ObservedResponse | undefined;
  error?: unknown;
  escalatedBecause?: string | undefined;
  /** Serialized gen_ai.output.messages; only passed when content capture is on. */
  outputMessages?: string | undefined;
}

/**
 * One model call as a `chat {model}` CLIENT span with GenAI v1.41.0 attributes, exact cost,
 * time to first chunk, and the two GenAI client metrics. Where the SDK traces its own call,
 * that span is the attempt's span (renamed `chat {model}`, written to, ended by the SDK), so
 * exactly one span per model call carries `gen_ai.usage.*`. Never throws: `finish` returns the
 * priced attempt (for the request's counterfactual) or undefined when there is nothing to price.
 */
export class AttemptRecorder {
  readonly #core: TelemetryCore;
  readonly #model: string;
  readonly #shape: CallShape;
  readonly #dimensions: Attributes;
  readonly #standalone: boolean;
  readonly #options: AttemptRecorderOptions;
  readonly #startedAt = performance.now();
  readonly #startedAtEpoch: number;
  #span: RecordedSpan | undefined;
  #held: HoldableSpan | undefined;
  /** The span is the SDK's: it writes the response's id, model and token counts itself. */
  #adopted = false;
  #finished = false;
  #firstChunkSeconds: number | undefined;
  /** performance.now() of the latest chunk, and the gaps between chunks after the first. */
  #lastChunkAt: number | undefined;
  #chunkGaps: number[] | undefined;
  /** Spans others link to before it exists (a routed batch attempt), applied when it starts. */
  #onSpan: Array<(span: RecordedSpan) => void> | undefined;

  constructor(options: AttemptRecorderOptions) {
    const core = options.core;
    this.#core = core;
    this.#options = options;
    this.#startedAtEpoch = core.now?.() ?? Date.now();
    this.#model = options.model;
    const shape = core.shapes.of(options.model, options.serverAddress, options.serverPort);
    this.#shape = shape;
    this.#dimensions = options.dimensions ?? shape.realtimeDimensions;
    this.#standalone = options.standalone === true;
    if (options.span !== "pending") this.#startOwn(false);
  }

  /** The call asked for a stream (`stream: true`). */
  get streaming(): boolean {
    return this.#options.streaming;
  }

  /** The attempt's span; undefined while pending. */
  get span(): RecordedSpan | undefined {
    return this.#span;
  }

  /**
   * Takes the SDK's call span as this attempt's span: renamed `chat {model}` (the GenAI span
   * name), given the start attributes; the SDK ends it. Only while pending, and only a span that
   * records.
   */
  adopt(sdkSpan: Span): void {
    // A span that does not record (the SDK tracing into a no-op or another provider, or sampled
    // out) would swallow the attributes: the attempt then makes its own span at finish.
    if (this.#span !== undefined || this.#finished || !sdkSpan.isRecording()) return;
    // Plain calls: the SDK may end its span before rightsize sees the outcome (a failure, a
    // stream broken off); its end waits for `finish`, or for the next macrotask at most.
    let target = sdkSpan;
    if (sdkSpan instanceof HoldableSpan) {
      sdkSpan.hold(0);
      this.#held = sdkSpan;
      // Written straight to the SDK's span (only its end is held): one call less per attribute.
      target = sdkSpan.target;
    }
    const span = new RecordedSpan(target, this.#options.parent ?? context.active(), {
      now: this.#core.now,
      owned: false,
    });
    try {
      target.updateName(this.#shape.spanName);
    } catch {
      // Recording is best effort.
    }
    this.#adopted = true;
    // The SDK's span starts with the operation, provider, server, the request's model,
    // max_tokens and stream flag as the caller passed them: in a routed request the attempt's
    // model and ceiling differ.
    if (this.#options.callSpan !== undefined) {
      span.put(ATTR_GEN_AI_REQUEST_MODEL, this.#model);
      if (this.#options.maxTokens !== undefined)
        span.put(ATTR_GEN_AI_REQUEST_MAX_TOKENS, this.#options.maxTokens);
    }
    this.#install(span);
  }

  /**
   * Starts the attempt's own span: now, or (`late`) at finish for a pending attempt whose
   * answer had no SDK span to land on, with the attempt's start time.
   */
  #startOwn(late: boolean): RecordedSpan {
    const core = this.#core;
    // At the start only what GenAI semconv asks samplers to see (operation, provider, request
    // model, server): a frozen object shared by every call of this shape. The SDK validates
    // start attributes twice (a copy for the sampler, then the span's limits), so the rest is
    // set right after, once.
    const span = startRecordedSpan({
      tracer: core.tracer,
      name: this.#shape.spanName,
      kind: SpanKind.CLIENT,
      attributes: this.#shape.base,
      parent: this.#options.parent,
      // With a simulation's clock the span starts at its time; otherwise the SDK's own
      // high-resolution clock times the span (a start given in epoch milliseconds would make
      // the SDK end it in whole milliseconds too), unless it starts late.
      startTime: core.now !== undefined || late ? this.#startedAtEpoch : undefined,
      now: core.now,
    });
    this.#install(span);
    return span;
  }

  #install(span: RecordedSpan): void {
    this.#span = span;
    const options = this.#options;
    if (!this.#adopted) {
      // Conditionally required when streaming; absent otherwise.
      if (options.streaming) span.put(ATTR_GEN_AI_REQUEST_STREAM, true);
      if (options.maxTokens !== undefined) span.put(ATTR_GEN_AI_REQUEST_MAX_TOKENS, options.maxTokens);
    }
    if (options.attributes !== undefined) span.set(options.attributes);
    if (this.#firstChunkSeconds !== undefined)
      span.put(ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK, this.#firstChunkSeconds);
    if (this.#onSpan !== undefined) for (const apply of this.#onSpan) apply(span);
    this.#onSpan = undefined;
  }

  /** Runs `apply` on the attempt's span now, or when it starts. */
  withSpan(apply: (span: RecordedSpan) => void): void {
    if (this.#span !== undefined) apply(this.#span);
    else {
      this.#onSpan ??= [];
      this.#onSpan.push(apply);
    }
  }

  /** The span a pending attempt ends on: the SDK's call span when this attempt answered the call. */
  #settleSpan(outcome: AttemptOutcome): RecordedSpan {
    if (this.#span !== undefined) return this.#span;
    const callSpan = this.#options.callSpan;
    if (callSpan !== undefined && outcome.escalatedBecause === undefined && callSpan.isRecording()) {
      this.adopt(callSpan);
      if (this.#span !== undefined) return this.#span;
    }
    return this.#startOwn(true);
  }

  /** Streaming: the first chunk arrived (only the first call counts). */
  firstChunk(): void {
    if (this.#firstChunkSeconds !== undefined) return;
    const now = performance.now();
    this.#lastChunkAt = now;
    this.#firstChunkSeconds = (now - this.#startedAt) / 1000;
    this.#span?.put(ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK, this.#firstChunkSeconds);
  }

  /** Streaming: a chunk after the first arrived (`gen_ai.client.operation.time_per_output_chunk`). */
  chunk(): void {
    if (this.#lastChunkAt === undefined || this.#finished) return;
    const now = performance.now();
    this.#chunkGaps ??= [];
    this.#chunkGaps.push((now - this.#lastChunkAt) / 1000);
    this.#lastChunkAt = now;
  }

  /** Ends the span with the outcome's attributes; records metrics; returns the priced attempt. */
  finish(outcome: AttemptOutcome): PricedAttempt | undefined {
    if (this.#finished) return undefined;
    const span = this.#settleSpan(outcome);
    this.#finished = true;
    const core = this.#core;
    const durationSeconds = (performance.now() - this.#startedAt) / 1000;
    let priced: PricedAttempt | undefined;
    let usage: ReturnType<typeof normalizeUsage> | undefined;
    let responseModel: string | undefined;
    const response = outcome.response;
    if (response !== undefined) {
      usage = normalizeUsage(response.usage);
      if (typeof response.model === "string" && response.model !== "") responseModel = response.model;
      // The SDK reads a message's usage from the very body rightsize reads; a stream's it sums
      // from its own reading of the events, which rightsize does not assume matches (null).
      if (this.#adopted) putUsageAttributes(usage, span, this.#options.streaming ? null : response.usage);
      else putUsageAttributes(usage, span);
      if (!this.#adopted) {
        if (typeof response.id === "string") span.put(ATTR_GEN_AI_RESPONSE_ID, response.id);
        if (responseModel !== undefined) span.put(ATTR_GEN_AI_RESPONSE_MODEL, responseModel);
      }
      if (typeof response.stop_reason === "string")
        span.put(ATTR_GEN_AI_RESPONSE_FINISH_REASONS, [response.stop_reason]);
      priced = priceAttempt(core, this.#span, {
        model: responseModel ?? this.#model,
        usage,
        atMs: this.#startedAtEpoch,
      });
      if (outcome.outputMessages !== undefined) span.put(ATTR_GEN_AI_OUTPUT_MESSAGES, outcome.outputMessages);
    }
    if (outcome.escalatedBecause !== undefined) {
      span.put(ATTR_RS_ESCALATED_AWAY, true);
      span.put(ATTR_RS_ESCALATED_AWAY_REASON, outcome.escalatedBecause);
      span.put(ATTR_RS_QUALITY_VERDICT, "fail");
    }
    const errorType = outcome.error === undefined ? undefined : errorTypeOf(outcome.error);
    const savings =
      this.#standalone && priced !== undefined && outcome.error === undefined
        ? standaloneSavings(core, priced)
        : undefined;
    if (savings !== undefined) putSavingsAttributes(span, savings);
    if (outcome.error !== undefined) span.fail(outcome.error, errorType);
    span.end();
    this.#held?.release();
    try {
      core.metrics.recordCall({
        metricAttributes: operationMetricAttributes(this.#shape, responseModel),
        durationSeconds,
        usage,
        errorType,
        dimensions: this.#dimensions,
        costPicoUsd: priced?.list,
        savings,
        outcome: this.#standalone ? (errorType === undefined ? "ok" : "error") : undefined,
        stream: this.#options.streaming
          ? { firstChunkSeconds: this.#firstChunkSeconds, chunkGaps: this.#chunkGaps }
          : undefined,
      });
    } catch (error) {
      core.health.fault("metrics", error);
    }
    return priced;
  }
}
