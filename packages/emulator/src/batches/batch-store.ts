import { type ApiErrorSpec, apiError } from "../api/api-error.js";
import type { EmulatorClock } from "../clock.js";
import type { FaultInjector } from "../faults/fault-injector.js";
import { hash32 } from "../internal/hash.js";
import type { MessageSimulator, Simulation } from "../simulation/message-simulator.js";
import type { BatchRequest } from "./batch-request-validation.js";
import type { BatchResultLine, MessageBatchView } from "./message-batch.js";

/** A batch's results are kept 24h before expiry (facts: expires_at = created_at + 24h). */
const EXPIRY_MS = 24 * 60 * 60_000;
/** Requests processed per event-loop turn, so a 100,000-request batch does not stall the server. */
const CHUNK = 250;

/** A batch's internal state. */
export interface BatchRecord {
  id: string;
  workspace: string;
  createdAt: number;
  expiresAt: number;
  endedAt: number | null;
  cancelInitiatedAt: number | null;
  status: MessageBatchView["processing_status"];
  pending: BatchRequest[];
  results: BatchResultLine[];
  counts: MessageBatchView["request_counts"];
  timer: NodeJS.Timeout | null;
}

/** What batch processing needs from the running emulator. */
export interface BatchStoreDependencies {
  simulator: MessageSimulator;
  clock: EmulatorClock;
  faults: FaultInjector;
  newId: (prefix: string) => string;
  seed: number;
  /** Real milliseconds before processing starts (0: on the next turn of the event loop). */
  delayMs: () => number;
  onAnswered: (simulation: Simulation) => void;
  onEnded: () => void;
}

const isRecord = (value: BatchRecord | ApiErrorSpec): value is BatchRecord => "pending" in value;

/** Message Batches: create, retrieve, list, cancel, delete, results; processed asynchronously. */
export class BatchStore {
  private readonly batches = new Map<string, BatchRecord>();
  private closed = false;

  private readonly dependencies: BatchStoreDependencies;

  constructor(dependencies: BatchStoreDependencies) {
    this.dependencies = dependencies;
  }

  create(requests: BatchRequest[], workspace: string): MessageBatchView {
    const { clock, newId, seed } = this.dependencies;
    const now = clock.now();
    const id = newId("msgbatch_01");
    // Results are not in request order: requests are processed in a seeded shuffle.
    const pending = [...requests].sort(
      (left, right) => hash32(`${seed}|${id}|${left.custom_id}`) - hash32(`${seed}|${id}|${right.custom_id}`),
    );
    const batch: BatchRecord = {
      id,
      workspace,
      createdAt: now,
      expiresAt: now + EXPIRY_MS,
      endedAt: null,
      cancelInitiatedAt: null,
      status: "in_progress",
      pending,
      results: [],
      counts: { processing: requests.length, succeeded: 0, errored: 0, canceled: 0, expired: 0 },
      timer: null,
    };
    this.batches.set(id, batch);
    batch.timer = setTimeout(() => this.processChunk(batch), this.dependencies.delayMs());
    return this.view(batch, "");
  }

  get(id: string): BatchRecord | ApiErrorSpec {
    const batch = this.batches.get(id);
    if (!batch) return apiError("not_found_error", `message_batch: ${id} not found`);
    this.expireIfDue(batch);
    return batch;
  }

  list(): BatchRecord[] {
    const all = [...this.batches.values()];
    for (const batch of all) this.expireIfDue(batch);
    return all.reverse();
  }

  cancel(id: string): BatchRecord | ApiErrorSpec {
    const batch = this.get(id);
    if (isRecord(batch) && batch.status === "in_progress") {
      batch.status = "canceling";
      batch.cancelInitiatedAt = this.dependencies.clock.now();
      if (batch.timer) clearTimeout(batch.timer);
      batch.timer = setTimeout(() => this.processChunk(batch), 0);
    }
    return batch;
  }

  delete(id: string): { id: string; type: "message_batch_deleted" } | ApiErrorSpec {
    const batch = this.get(id);
    if (!isRecord(batch)) return batch;
    if (batch.status !== "ended") {
      return apiError(
        "invalid_request_error",
        `Batch ${id} cannot be deleted while it is ${batch.status}; cancel it and wait until it has ended.`,
      );
    }
    this.batches.delete(id);
    return { id, type: "message_batch_deleted" };
  }

  results(id: string): BatchResultLine[] | ApiErrorSpec {
    const batch = this.get(id);
    if (!isRecord(batch)) return batch;
    if (batch.status !== "ended")
      return apiError(
        "invalid_request_error",
        `Batch ${id} is still ${batch.status}; results are available once it has ended.`,
      );
    return batch.results;
  }

  view(batch: BatchRecord, baseUrl: string): MessageBatchView {
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    return {
      id: batch.id,
      type: "message_batch",
      processing_status: batch.status,
      request_counts: { ...batch.counts },
      created_at: new Date(batch.createdAt).toISOString(),
      expires_at: new Date(batch.expiresAt).toISOString(),
      ended_at: iso(batch.endedAt),
      archived_at: null,
      cancel_initiated_at: iso(batch.cancelInitiatedAt),
      results_url: batch.status === "ended" ? `${baseUrl}/v1/messages/batches/${batch.id}/results` : null,
    };
  }

  /** Stops all pending processing (server shutdown). */
  close(): void {
    this.closed = true;
    for (const batch of this.batches.values()) if (batch.timer) clearTimeout(batch.timer);
  }

  private processChunk(batch: BatchRecord): void {
    batch.timer = null;
    if (this.closed || batch.status === "ended") return;
    if (this.expireIfDue(batch)) return;
    if (batch.status === "canceling") {
      this.finishRemaining(batch, "canceled");
      return;
    }
    for (const request of batch.pending.splice(0, CHUNK)) this.processOne(batch, request);
    if (batch.pending.length === 0) this.end(batch);
    else batch.timer = setTimeout(() => this.processChunk(batch), 0);
  }

  private processOne(batch: BatchRecord, request: BatchRequest) {
    const { simulator, faults, onAnswered } = this.dependencies;
    batch.counts.processing--;
    const forced = faults.batchOutcome(request.custom_id, batch.id);
    if (forced === "expired")
      return this.record(batch, { custom_id: request.custom_id, result: { type: "expired" } });
    const simulated = simulator.simulate(request.params, {
      workspace: batch.workspace,
      serviceTier: "batch",
      evalHint: request.evalHint,
    });
    const outcome = forced ?? (simulated.ok ? simulated.value.profile.batchOutcome : null);
    if (outcome === "expired") {
      if (simulated.ok) simulated.value.cachePlan.abort();
      return this.record(batch, { custom_id: request.custom_id, result: { type: "expired" } });
    }
    if (!simulated.ok || outcome === "errored") {
      if (simulated.ok) simulated.value.cachePlan.abort();
      const error = simulated.ok ? apiError("api_error", "Internal server error") : simulated.error;
      return this.record(batch, {
        custom_id: request.custom_id,
        result: {
          type: "errored",
          error: { type: "error", error: { type: error.type, message: error.message }, request_id: null },
        },
      });
    }
    simulated.value.cachePlan.commit(this.dependencies.clock.now());
    onAnswered(simulated.value);
    this.record(batch, {
      custom_id: request.custom_id,
      result: { type: "succeeded", message: simulated.value.message },
    });
  }

  private record(batch: BatchRecord, line: BatchResultLine): void {
    batch.results.push(line);
    batch.counts[line.result.type === "succeeded" ? "succeeded" : line.result.type]++;
  }

  /** Batches not finished by expires_at (on the emulator clock) expire their remaining requests. */
  private expireIfDue(batch: BatchRecord): boolean {
    if (batch.status === "ended" || this.dependencies.clock.now() < batch.expiresAt) return false;
    this.finishRemaining(batch, "expired");
    return true;
  }

  private finishRemaining(batch: BatchRecord, type: "canceled" | "expired"): void {
    for (const request of batch.pending) {
      batch.counts.processing--;
      this.record(batch, { custom_id: request.custom_id, result: { type } });
    }
    batch.pending = [];
    this.end(batch);
  }

  private end(batch: BatchRecord): void {
    if (batch.timer) clearTimeout(batch.timer);
    batch.timer = null;
    batch.status = "ended";
    batch.endedAt = Math.max(this.dependencies.clock.now(), batch.createdAt);
    this.dependencies.onEnded();
  }
}
