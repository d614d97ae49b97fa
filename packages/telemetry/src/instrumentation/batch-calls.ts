import type { ObservedResponse } from "@rightsize/contracts";
import { ATTR_RS_BATCH_CUSTOM_ID, ATTR_RS_MODE } from "@rightsize/contracts/semconv";
import type { TelemetryCore } from "../internal/telemetry-core.js";
import { AttemptRecorder } from "../spans/attempt-recorder.js";
import { BatchRecorder } from "../spans/batch-recorder.js";
import { metricDimensions } from "../spans/decision-attributes.js";
import { BatchResultError } from "../telemetry-error.js";
import { callAttributes, type ObservedParams } from "./call-attributes.js";
import { observeApiResult } from "./observe-api-result.js";

// biome-ignore lint/suspicious/noExplicitAny: the SDK's methods are replaced in place.
type AnyMethod = (...args: any[]) => any;

interface TrackedBatch {
  batch: BatchRecorder;
  attempts: Map<string, AttemptRecorder>;
  counts: { succeeded: number; errored: number; canceled: number; expired: number };
}

interface ResultLine {
  custom_id?: string;
  result?: {
    type?: string;
    message?: ObservedResponse;
    error?: { error?: { type?: string; message?: string } };
  };
}

/**
 * Batches through the plain wrapper: `batches.create` starts the batch span and one attempt span
 * per request (from enqueue), `batches.results` ends each attempt with its result, and the
 * batch span when the results have been read. Pending attempts are bounded
 * (`maxPendingBatchRequests`); requests beyond it get no span and are counted.
 */
export class BatchCalls {
  readonly #core: TelemetryCore;
  readonly #batches: { create: AnyMethod; results: AnyMethod };
  readonly #server: { address?: string; port?: number };
  readonly #tracked = new Map<string, TrackedBatch>();

  constructor(
    core: TelemetryCore,
    batches: { create: AnyMethod; results: AnyMethod },
    server: { address?: string; port?: number },
  ) {
    this.#core = core;
    this.#batches = batches;
    this.#server = server;
  }

  install(): void {
    const batches = this.#batches;
    const originalCreate = batches.create;
    const originalResults = batches.results;
    const core = this.#core;
    batches.create = (
      params: { requests?: Array<{ custom_id: string; params: ObservedParams }> },
      ...rest: unknown[]
    ) => {
      const tracked = core.health.guard("batch.start", () => this.#start(params), undefined);
      const result = originalCreate.call(batches, params, ...rest);
      if (tracked === undefined) return result;
      return core.health.guard(
        "batch.observe",
        () =>
          observeApiResult(
            result,
            (data) => core.health.guard("batch.created", () => this.#created(tracked, data), data),
            (error) => core.health.guard("batch.failed", () => this.#failed(tracked, error), undefined),
          ),
        result,
      );
    };
    batches.results = async (batchId: string, ...rest: unknown[]) => {
      const decoder = await originalResults.call(batches, batchId, ...rest);
      core.health.guard("batch.results", () => this.#tapResults(batchId, decoder), undefined);
      return decoder;
    };
  }

  #start(params: { requests?: Array<{ custom_id: string; params: ObservedParams }> }): TrackedBatch {
    const requests = Array.isArray(params.requests) ? params.requests : [];
    const firstModel = requests[0]?.params?.model;
    const batch = new BatchRecorder(this.#core, {
      requestCount: requests.length,
      model: typeof firstModel === "string" ? firstModel : "unknown",
    });
    const attempts = new Map<string, AttemptRecorder>();
    const limits = this.#core.batchLimits;
    for (const request of requests) {
      if (limits.pending >= limits.maxPending) {
        limits.untracked += 1;
        continue;
      }
      const model = typeof request.params?.model === "string" ? request.params.model : "unknown";
      const recorder = new AttemptRecorder({
        core: this.#core,
        model,
        streaming: false,
        maxTokens: typeof request.params?.max_tokens === "number" ? request.params.max_tokens : undefined,
        serverAddress: this.#server.address,
        serverPort: this.#server.port,
        attributes: {
          ...callAttributes(request.params ?? {}, this.#core.captureContent),
          [ATTR_RS_MODE]: "batch",
          [ATTR_RS_BATCH_CUSTOM_ID]: String(request.custom_id),
        },
        dimensions: metricDimensions({ model, mode: "batch" }),
        standalone: true,
      });
      batch.join(recorder);
      attempts.set(String(request.custom_id), recorder);
      limits.pending += 1;
    }
    return { batch, attempts, counts: { succeeded: 0, errored: 0, canceled: 0, expired: 0 } };
  }

  #created(tracked: TrackedBatch, data: unknown): unknown {
    const id = (data as { id?: unknown }).id;
    if (typeof id === "string") {
      tracked.batch.submitted({ batchId: id });
      this.#tracked.set(id, tracked);
    }
    return data;
  }

  #failed(tracked: TrackedBatch, error: unknown): void {
    for (const attempt of tracked.attempts.values()) attempt.finish({ error });
    this.#core.batchLimits.pending -= tracked.attempts.size;
    tracked.attempts.clear();
    tracked.batch.end({ status: "failed", error });
  }

  #tapResults(batchId: string, decoder: unknown): void {
    const tracked = this.#tracked.get(batchId);
    const iterable = decoder as { [Symbol.asyncIterator]?: () => AsyncIterator<ResultLine> };
    const iterate = iterable[Symbol.asyncIterator];
    if (tracked === undefined || typeof iterate !== "function") return;
    const original = iterate.bind(decoder);
    iterable[Symbol.asyncIterator] = () => {
      const iterator = original();
      return {
        next: async (...args: [] | [unknown]) => {
          const result = await iterator.next(...args);
          this.#core.health.guard(
            "batch.result",
            () =>
              result.done === true ? this.#complete(batchId, tracked) : this.#result(tracked, result.value),
            undefined,
          );
          return result;
        },
        return: async (value?: unknown) => (iterator.return ? iterator.return(value) : { done: true, value }),
      } as AsyncIterator<ResultLine>;
    };
  }

  #result(tracked: TrackedBatch, line: ResultLine): void {
    const type = line.result?.type;
    if (type === "succeeded") tracked.counts.succeeded += 1;
    else if (type === "errored") tracked.counts.errored += 1;
    else if (type === "canceled") tracked.counts.canceled += 1;
    else if (type === "expired") tracked.counts.expired += 1;
    const attempt = tracked.attempts.get(String(line.custom_id));
    if (attempt === undefined) return;
    tracked.attempts.delete(String(line.custom_id));
    this.#core.batchLimits.pending -= 1;
    const message = line.result?.message;
    if (type === "succeeded" && message !== undefined) {
      // Batch results carry service_tier "batch"; if a server omits it, we know how it ran.
      const usage = { ...message.usage, service_tier: message.usage?.service_tier ?? "batch" };
      attempt.finish({ response: { ...message, usage } });
    } else if (type === "errored") {
      const detail = line.result?.error?.error;
      attempt.finish({
        error: new BatchResultError({
          type: detail?.type ?? "_OTHER",
          message: detail?.message ?? "batch request errored",
        }),
      });
    } else {
      attempt.finish({
        error: new BatchResultError({
          type: type ?? "_OTHER",
          message: `batch request ${type ?? "had no result"}`,
        }),
      });
    }
  }

  #complete(batchId: string, tracked: TrackedBatch): void {
    for (const attempt of tracked.attempts.values()) {
      attempt.finish({
        error: new BatchResultError({ type: "missing_result", message: "no result line for this request" }),
      });
    }
    this.#core.batchLimits.pending -= tracked.attempts.size;
    tracked.attempts.clear();
    tracked.batch.end({ status: "ended", counts: tracked.counts });
    this.#tracked.delete(batchId);
  }
}
