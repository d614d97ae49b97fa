import { type Attributes, SpanKind } from "@opentelemetry/api";
import type { BatchEndInfo, BatchObservation } from "@rightsize/contracts";
import {
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_RS_BATCH_CANCELED,
  ATTR_RS_BATCH_ERRORED,
  ATTR_RS_BATCH_EXPIRED,
  ATTR_RS_BATCH_ID,
  ATTR_RS_BATCH_SIZE,
  ATTR_RS_BATCH_STATUS,
  ATTR_RS_BATCH_SUCCEEDED,
  GEN_AI_PROVIDER_ANTHROPIC,
  SPAN_BATCH,
} from "@rightsize/contracts/semconv";
import type { TelemetryCore } from "../internal/telemetry-core.js";
import type { AttemptRecorder } from "./attempt-recorder.js";
import { type RecordedSpan, startRecordedSpan } from "./record-span.js";

/**
 * A Message Batch as a `rightsize.batch` span from submission to its end. Attempts that travel
 * in the batch link to this span (a batch holds requests of many traces, so it is a link, not a
 * parent) and receive the batch id once it is known.
 */
export class BatchRecorder implements BatchObservation {
  readonly span: RecordedSpan;
  readonly #core: TelemetryCore;
  readonly #members: RecordedSpan[] = [];
  #batchId: string | undefined;

  constructor(core: TelemetryCore, info: { requestCount: number; model: string }) {
    this.#core = core;
    this.span = startRecordedSpan({
      tracer: core.tracer,
      name: SPAN_BATCH,
      now: core.now,
      kind: SpanKind.CLIENT,
      attributes: {
        [ATTR_GEN_AI_PROVIDER_NAME]: GEN_AI_PROVIDER_ANTHROPIC,
        [ATTR_GEN_AI_REQUEST_MODEL]: info.model,
        [ATTR_RS_BATCH_SIZE]: info.requestCount,
      },
    });
  }

  /** Links an attempt's span to this batch (when it has one: a routed attempt's may start later). */
  join(attempt: AttemptRecorder): void {
    attempt.withSpan((member) => {
      member.link({ context: this.span.span.spanContext() });
      if (this.#batchId !== undefined) member.set({ [ATTR_RS_BATCH_ID]: this.#batchId });
      else this.#members.push(member);
    });
  }

  submitted(info: { batchId: string }): void {
    this.#core.health.guard(
      "batch.submitted",
      () => {
        this.#batchId = info.batchId;
        this.span.set({ [ATTR_RS_BATCH_ID]: info.batchId });
        for (const member of this.#members) member.set({ [ATTR_RS_BATCH_ID]: info.batchId });
        this.#members.length = 0;
      },
      undefined,
    );
  }

  end(info: BatchEndInfo): void {
    this.#core.health.guard(
      "batch.end",
      () => {
        const attributes: Attributes = { [ATTR_RS_BATCH_STATUS]: info.status };
        if (info.counts !== undefined) {
          attributes[ATTR_RS_BATCH_SUCCEEDED] = info.counts.succeeded;
          attributes[ATTR_RS_BATCH_ERRORED] = info.counts.errored;
          attributes[ATTR_RS_BATCH_CANCELED] = info.counts.canceled;
          attributes[ATTR_RS_BATCH_EXPIRED] = info.counts.expired;
        }
        this.span.set(attributes);
        if (info.error !== undefined) this.span.fail(info.error);
        else if (info.status === "failed") this.span.fail(new Error("batch failed"), "batch_failed");
        this.span.end();
        this.#members.length = 0;
      },
      undefined,
    );
  }
}
