import { type Attributes, type Context, SpanKind } from "@opentelemetry/api";
import { savingsAttributes, writeCostAttributes } from "./cost-attributes.js";
import { attributeSavings, type PricedAttempt, type Savings } from "./counterfactual.js";
import { errorTypeOf } from "./internal/error-type.js";
import { priceUsage, pricingErrorCode } from "./internal/pricing-port.js";
import type { TelemetryCore } from "./internal/telemetry-core.js";
import { normalizeUsage, usageAttributes } from "./internal/usage.js";
import type { ObservedResponse } from "./observer-types.js";
import { type RecordedSpan, startRecordedSpan } from "./record-span.js";
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_RS_COST_UNPRICED_REASON,
  ATTR_RS_ESCALATED_AWAY,
  ATTR_RS_ESCALATED_AWAY_REASON,
  ATTR_RS_QUALITY_VERDICT,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  GEN_AI_OPERATION_CHAT,
  GEN_AI_PROVIDER_ANTHROPIC,
} from "./semconv.js";

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
  /** Low-cardinality metric attributes (model, tier, mode, task type, policy). */
  dimensions: Attributes;
  /**
   * The call is a whole request (the plain client wrapper, no parent `rightsize.request` span):
   * the span also carries the counterfactual and the request is counted.
   */
  standalone?: boolean;
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
 * time to first chunk, and the two GenAI client metrics. Never throws: `finish` returns the
 * priced attempt (for the request's counterfactual) or undefined when there is nothing to price.
 */
export class AttemptRecorder {
  readonly span: RecordedSpan;
  readonly #core: TelemetryCore;
  readonly #model: string;
  readonly #dimensions: Attributes;
  readonly #standalone: boolean;
  readonly #metricAttributes: Attributes;
  readonly #startedAt = performance.now();
  readonly #startedAtEpoch: number;
  #firstChunkSeconds: number | undefined;

  constructor(options: AttemptRecorderOptions) {
    this.#core = options.core;
    this.#startedAtEpoch = options.core.now?.() ?? Date.now();
    this.#model = options.model;
    this.#dimensions = options.dimensions;
    this.#standalone = options.standalone === true;
    const base: Attributes = {
      [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_CHAT,
      [ATTR_GEN_AI_PROVIDER_NAME]: GEN_AI_PROVIDER_ANTHROPIC,
      [ATTR_GEN_AI_REQUEST_MODEL]: options.model,
    };
    if (options.serverAddress !== undefined) {
      base[ATTR_SERVER_ADDRESS] = options.serverAddress;
      if (options.serverPort !== undefined) base[ATTR_SERVER_PORT] = options.serverPort;
    }
    this.#metricAttributes = base;
    const attributes: Attributes = {
      ...base,
      [ATTR_GEN_AI_REQUEST_STREAM]: options.streaming,
      ...options.attributes,
    };
    if (options.maxTokens !== undefined) attributes[ATTR_GEN_AI_REQUEST_MAX_TOKENS] = options.maxTokens;
    this.span = startRecordedSpan({
      tracer: options.core.tracer,
      name: `${GEN_AI_OPERATION_CHAT} ${options.model}`,
      kind: SpanKind.CLIENT,
      attributes,
      parent: options.parent,
      startTime: this.#startedAtEpoch,
      now: options.core.now,
    });
  }

  /** When the attempt started, for pricing (rates are effective-dated). */
  get startedAt(): Date {
    return new Date(this.#startedAtEpoch);
  }

  /** Streaming: the first chunk arrived (only the first call counts). */
  firstChunk(): void {
    if (this.#firstChunkSeconds !== undefined) return;
    this.#firstChunkSeconds = (performance.now() - this.#startedAt) / 1000;
    this.span.set({ [ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK]: this.#firstChunkSeconds });
  }

  /** Ends the span with the outcome's attributes; records metrics; returns the priced attempt. */
  finish(outcome: AttemptOutcome): PricedAttempt | undefined {
    if (this.span.ended) return undefined;
    const core = this.#core;
    const durationSeconds = (performance.now() - this.#startedAt) / 1000;
    let priced: PricedAttempt | undefined;
    let usage: ReturnType<typeof normalizeUsage> | undefined;
    let metricAttributes = this.#metricAttributes;
    const response = outcome.response;
    if (response !== undefined) {
      usage = normalizeUsage(response.usage);
      const responseModel =
        typeof response.model === "string" && response.model !== "" ? response.model : undefined;
      const attributes = this.span.pending;
      usageAttributes(usage, attributes);
      if (typeof response.id === "string") attributes[ATTR_GEN_AI_RESPONSE_ID] = response.id;
      if (responseModel !== undefined) {
        attributes[ATTR_GEN_AI_RESPONSE_MODEL] = responseModel;
        metricAttributes = { ...metricAttributes, [ATTR_GEN_AI_RESPONSE_MODEL]: responseModel };
      }
      if (typeof response.stop_reason === "string")
        attributes[ATTR_GEN_AI_RESPONSE_FINISH_REASONS] = [response.stop_reason];
      const pricedModel = responseModel ?? this.#model;
      const at = this.startedAt;
      const normalized = usage;
      priced = core.health.guard(
        "cost",
        () => {
          try {
            const breakdown = priceUsage(core.pricing, pricedModel, normalized, at);
            writeCostAttributes(attributes, breakdown);
            return { model: pricedModel, usage: normalized, at, actual: breakdown };
          } catch (error) {
            // An unpriceable call (unknown model, date before release) is labelled, not fatal.
            const code = pricingErrorCode(error);
            if (code === undefined) throw error;
            attributes[ATTR_RS_COST_UNPRICED_REASON] = code;
            return undefined;
          }
        },
        undefined,
      );
      if (outcome.outputMessages !== undefined)
        attributes[ATTR_GEN_AI_OUTPUT_MESSAGES] = outcome.outputMessages;
      this.span.set(attributes);
    }
    if (outcome.escalatedBecause !== undefined) {
      this.span.set({
        [ATTR_RS_ESCALATED_AWAY]: true,
        [ATTR_RS_ESCALATED_AWAY_REASON]: outcome.escalatedBecause,
        [ATTR_RS_QUALITY_VERDICT]: "fail",
      });
    }
    const errorType = outcome.error === undefined ? undefined : errorTypeOf(outcome.error);
    const savings =
      this.#standalone && priced !== undefined && outcome.error === undefined
        ? this.#savings(priced)
        : undefined;
    if (savings !== undefined) this.span.set(savingsAttributes(savings));
    if (outcome.error !== undefined) this.span.fail(outcome.error, errorType);
    this.span.end();
    core.health.guard(
      "metrics",
      () => {
        core.metrics.recordOperation({ attributes: metricAttributes, durationSeconds, usage, errorType });
        if (priced !== undefined) core.metrics.recordCost(this.#dimensions, priced.actual.list);
        if (savings !== undefined) core.metrics.recordSavings(this.#dimensions, savings);
        if (this.#standalone)
          core.metrics.recordRequest(this.#dimensions, errorType === undefined ? "ok" : "error");
      },
      undefined,
    );
    return priced;
  }

  /** The counterfactual of a standalone call: baseline = the configured model or the call's own. */
  #savings(priced: PricedAttempt): Savings | undefined {
    const core = this.#core;
    const baselineModel = core.baselineModel ?? priced.model;
    return core.health.guard(
      "savings",
      () => attributeSavings({ pricing: core.pricing, attempts: [priced], answer: priced, baselineModel }),
      undefined,
    );
  }
}
