import { type Attributes, type Span, trace } from "@opentelemetry/api";
import type {
  AttemptEndInfo,
  AttemptObservation,
  AttemptStartInfo,
  BatchObservation,
  RequestEndInfo,
  RequestObservation,
  RequestStartInfo,
} from "@rightsize/contracts";
import {
  ATTR_RS_ATTEMPT,
  ATTR_RS_ESCALATION_REASON,
  ATTR_RS_MODE,
  ATTR_RS_REQUEST_ATTEMPTS,
  ATTR_RS_REQUEST_ESCALATIONS,
  ATTR_RS_REQUEST_OUTCOME,
  ATTR_RS_REQUEST_TOTAL_COST_PICO_USD,
  ATTR_RS_TIER,
  SPAN_ROUTED_REQUEST,
} from "@rightsize/contracts/semconv";
import { HeldEnd, sdkCallSpanOf } from "../instrumentation/sdk-call-span.js";
import type { TelemetryCore } from "../internal/telemetry-core.js";
import { AttemptRecorder } from "./attempt-recorder.js";
import { BatchRecorder } from "./batch-recorder.js";
import { savingsAttributes } from "./cost-attributes.js";
import { attributeSavings, type PricedAttempt } from "./counterfactual.js";
import { decisionAttributes, metricDimensions } from "./decision-attributes.js";
import { type RecordedSpan, startRecordedSpan } from "./record-span.js";

const NOOP_ATTEMPT: AttemptObservation = { firstChunk() {}, joinBatch() {}, end() {} };

/**
 * One routed request: a `rightsize.request` parent span over all its attempts, carrying the
 * decision, the outcome, the total cost of every attempt and the request's counterfactual
 * (baseline cost and savings by lever). Implements the routed client's RequestObservation.
 */
export class RequestRecorder implements RequestObservation {
  readonly span: RecordedSpan;
  readonly #core: TelemetryCore;
  readonly #info: RequestStartInfo;
  readonly #decision: Attributes;
  readonly #priced: PricedAttempt[] = [];
  /** The SDK's call span around this request (the routed client runs inside the SDK's call). */
  readonly #callSpan: Span | undefined;
  readonly #held: HeldEnd | undefined;
  #answer: PricedAttempt | undefined;

  constructor(core: TelemetryCore, info: RequestStartInfo) {
    this.#core = core;
    this.#info = info;
    this.#callSpan = sdkCallSpanOf(trace.getActiveSpan());
    // A routed stream's answering attempt ends after its checks and budget settlement, later
    // than the SDK ends its span: that end waits for this request's (a minute at most).
    if (this.#callSpan !== undefined && info.streaming) this.#held = new HeldEnd(this.#callSpan, 60_000);
    this.#decision = decisionAttributes(info);
    this.span = startRecordedSpan({
      tracer: core.tracer,
      name: SPAN_ROUTED_REQUEST,
      now: core.now,
      attributes: this.#decision,
    });
  }

  startAttempt(info: AttemptStartInfo): AttemptObservation {
    return this.#core.health.guard("startAttempt", () => this.#startAttempt(info), NOOP_ATTEMPT);
  }

  #startAttempt(info: AttemptStartInfo): AttemptObservation {
    const core = this.#core;
    const attributes: Attributes = {
      ...this.#decision,
      [ATTR_RS_ATTEMPT]: info.attempt,
      [ATTR_RS_MODE]: info.mode,
    };
    if (info.tier !== null) attributes[ATTR_RS_TIER] = info.tier;
    if (info.escalationReason !== undefined) attributes[ATTR_RS_ESCALATION_REASON] = info.escalationReason;
    const recorder = new AttemptRecorder({
      core,
      model: info.model,
      streaming: info.streaming,
      maxTokens: info.maxTokens,
      serverAddress: info.serverAddress,
      serverPort: info.serverPort,
      parent: this.span.context,
      attributes,
      // Where the SDK traces the call, the answering attempt writes onto the SDK's span and
      // only attempts the request moved past get spans of their own.
      span: this.#callSpan === undefined ? "own" : "pending",
      callSpan: this.#callSpan,
      dimensions: metricDimensions({
        model: info.model,
        tier: info.tier,
        mode: info.mode,
        taskType: this.#info.facts.taskType,
        policy: this.#info.decision.policy,
      }),
    });
    return {
      firstChunk: () => core.health.guard("firstChunk", () => recorder.firstChunk(), undefined),
      joinBatch: (batch: BatchObservation) =>
        core.health.guard(
          "joinBatch",
          () => (batch instanceof BatchRecorder ? batch.join(recorder) : undefined),
          undefined,
        ),
      end: (end: AttemptEndInfo) =>
        core.health.guard("attempt.end", () => this.#endAttempt(recorder, end), undefined),
    };
  }

  #endAttempt(recorder: AttemptRecorder, end: AttemptEndInfo): void {
    const priced = recorder.finish(end);
    if (priced === undefined) return;
    this.#priced.push(priced);
    // The last attempt that produced a response is the one whose answer the caller gets.
    if (end.error === undefined) this.#answer = priced;
  }

  end(info: RequestEndInfo): void {
    this.#core.health.guard("request.end", () => this.#end(info), undefined);
  }

  #end(info: RequestEndInfo): void {
    const core = this.#core;
    let total = 0n;
    for (const attempt of this.#priced) total += BigInt(attempt.list);
    const attributes: Attributes = {
      [ATTR_RS_REQUEST_OUTCOME]: info.outcome,
      [ATTR_RS_REQUEST_ATTEMPTS]: info.attempts,
      [ATTR_RS_REQUEST_ESCALATIONS]: info.escalations,
      [ATTR_RS_REQUEST_TOTAL_COST_PICO_USD]: Number(total),
    };
    if (info.finalTier !== null) attributes[ATTR_RS_TIER] = info.finalTier;
    const answer = this.#answer;
    const { decision } = this.#info;
    const routed = decision.kind === "route" ? decision : undefined;
    const model = info.finalModel ?? routed?.model ?? this.#info.requested.model;
    const dimensions = metricDimensions({
      model,
      tier: info.finalTier,
      mode: routed?.mode,
      taskType: this.#info.facts.taskType,
      policy: decision.policy,
    });
    if (answer !== undefined && (info.outcome === "ok" || info.outcome === "exhausted")) {
      const baselineModel = core.baselineModel ?? this.#info.requested.model;
      const savings = core.health.guard(
        "savings",
        () => attributeSavings({ pricing: core.pricing, attempts: this.#priced, answer, baselineModel }),
        undefined,
      );
      if (savings !== undefined) {
        Object.assign(attributes, savingsAttributes(savings));
        core.health.guard("metrics", () => core.metrics.recordSavings(dimensions, savings), undefined);
      }
    }
    this.span.set(attributes);
    if (info.error !== undefined) this.span.fail(info.error);
    this.span.end();
    this.#held?.release();
    core.health.guard("metrics", () => core.metrics.recordRequest(dimensions, info.outcome), undefined);
  }
}
