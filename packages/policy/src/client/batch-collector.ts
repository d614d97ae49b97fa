import type Anthropic from "@anthropic-ai/sdk";
import type { Message, MessageCreateParamsNonStreaming } from "@anthropic-ai/sdk/resources/messages";
import type { AttemptObservation, BatchObservation, RoutedCallObserver } from "@rightsize/contracts";
import { RoutedBatchRequestFailed, RoutedClientClosed } from "./routed-client-error.js";

export interface BatchCollectorOptions {
  client: Anthropic;
  /** Requests per batch before it is submitted at once: 1,000 by default (the API allows 100,000). */
  maxSize?: number;
  /** Longest a request waits for companions before its batch is submitted: 2 s by default. */
  maxWaitMs?: number;
  /** How often a submitted batch is polled: 10 s by default. */
  pollIntervalMs?: number;
  /** Resubmissions of a request whose result is a retryable error: 2 by default. */
  maxRetries?: number;
  /** Consecutive failed polls of one batch before its requests are reported lost: 20. */
  maxPollFailures?: number;
  observer?: RoutedCallObserver;
}

interface Entry {
  customId: string;
  params: MessageCreateParamsNonStreaming;
  attempt: AttemptObservation | undefined;
  retries: number;
  batchIds: string[];
  resolve: (message: Message) => void;
  reject: (error: RoutedBatchRequestFailed) => void;
}

interface Pending {
  entries: Entry[];
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** Error types worth resubmitting: the server's trouble, not the request's (Anthropic errors page). */
const RETRYABLE = new Set(["api_error", "overloaded_error", "rate_limit_error", "timeout_error"]);

let sequence = 0;
function nextCustomId(): string {
  // custom_id must match ^[a-zA-Z0-9_-]{1,64}$.
  return `rs_${Date.now().toString(36)}_${(++sequence).toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * Collects batch-mode requests into Message Batches: one queue per model, submitted when it
 * reaches `maxSize` or its oldest request has waited `maxWaitMs`; polls each batch, hands every
 * caller its own result, resubmits retryable per-request errors (bounded), and rejects expired,
 * canceled and failed requests with RoutedBatchRequestFailed. No request is ever dropped.
 */
export class BatchCollector {
  readonly #client: Anthropic;
  readonly #options: Required<Omit<BatchCollectorOptions, "client" | "observer">>;
  readonly #observer: RoutedCallObserver | undefined;
  readonly #pending = new Map<string, Pending>();
  readonly #inFlight = new Set<Promise<void>>();
  #closed = false;

  constructor(options: BatchCollectorOptions) {
    this.#client = options.client;
    this.#observer = options.observer;
    this.#options = {
      maxSize: options.maxSize ?? 1_000,
      maxWaitMs: options.maxWaitMs ?? 2_000,
      pollIntervalMs: options.pollIntervalMs ?? 10_000,
      maxRetries: options.maxRetries ?? 2,
      maxPollFailures: options.maxPollFailures ?? 20,
    };
  }

  /** Queues one request; resolves with its message, or rejects with RoutedBatchRequestFailed. */
  enqueue(options: {
    params: MessageCreateParamsNonStreaming;
    attempt?: AttemptObservation;
  }): Promise<Message> {
    if (this.#closed) return Promise.reject(new RoutedClientClosed());
    return new Promise<Message>((resolve, reject) => {
      this.#add({
        customId: nextCustomId(),
        params: options.params,
        attempt: options.attempt,
        retries: 0,
        batchIds: [],
        resolve,
        reject,
      });
    });
  }

  /** Requests waiting to be submitted, over all models. */
  get waiting(): number {
    let count = 0;
    for (const pending of this.#pending.values()) count += pending.entries.length;
    return count;
  }

  /** Submits every waiting request now (without waiting for results). */
  async flush(): Promise<void> {
    const submissions = [...this.#pending.keys()].map((model) => this.#submit(model));
    await Promise.all(submissions);
  }

  /** Refuses new requests, submits the waiting ones, and waits until every batch has ended. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.flush();
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  #add(entry: Entry): void {
    const model = entry.params.model;
    let pending = this.#pending.get(model);
    if (!pending) {
      pending = { entries: [], timer: undefined };
      this.#pending.set(model, pending);
    }
    pending.entries.push(entry);
    if (pending.entries.length >= this.#options.maxSize) {
      void this.#submit(model);
    } else if (!pending.timer) {
      pending.timer = setTimeout(() => void this.#submit(model), this.#options.maxWaitMs);
    }
  }

  async #submit(model: string): Promise<void> {
    const pending = this.#pending.get(model);
    if (!pending) return;
    this.#pending.delete(model);
    if (pending.timer) clearTimeout(pending.timer);
    const { entries } = pending;
    if (entries.length === 0) return;
    const run = this.#run(model, entries);
    this.#inFlight.add(run);
    try {
      await run;
    } finally {
      this.#inFlight.delete(run);
    }
  }

  async #run(model: string, entries: Entry[]): Promise<void> {
    const batchObservation = this.#startBatch(entries.length, model);
    let batchId: string;
    try {
      const batch = await this.#client.messages.batches.create({
        requests: entries.map((entry) => ({ custom_id: entry.customId, params: entry.params })),
      });
      batchId = batch.id;
    } catch (error) {
      batchObservation?.end({ status: "failed", error });
      for (const entry of entries)
        this.#fail(entry, "submit_failed", `batch submission failed: ${messageOf(error)}`, error);
      return;
    }
    batchObservation?.submitted({ batchId });
    for (const entry of entries) {
      entry.batchIds.push(batchId);
      entry.attempt?.joinBatch(batchObservation ?? noopBatch);
    }
    const ended = await this.#waitForEnd(batchId);
    if (!ended.ok) {
      batchObservation?.end({ status: "failed", error: ended.error });
      for (const entry of entries)
        this.#fail(
          entry,
          "lost",
          `batch ${batchId} could not be polled: ${messageOf(ended.error)}`,
          ended.error,
        );
      return;
    }
    await this.#collect(batchId, entries, batchObservation);
  }

  async #waitForEnd(batchId: string): Promise<{ ok: true } | { ok: false; error: unknown }> {
    let failures = 0;
    for (;;) {
      await sleep(this.#options.pollIntervalMs);
      try {
        const batch = await this.#client.messages.batches.retrieve(batchId);
        failures = 0;
        if (batch.processing_status === "ended") return { ok: true };
      } catch (error) {
        if (++failures >= this.#options.maxPollFailures) return { ok: false, error };
      }
    }
  }

  async #collect(
    batchId: string,
    entries: Entry[],
    observation: BatchObservation | undefined,
  ): Promise<void> {
    const byId = new Map(entries.map((entry) => [entry.customId, entry]));
    const counts = { succeeded: 0, errored: 0, canceled: 0, expired: 0 };
    try {
      for await (const line of await this.#client.messages.batches.results(batchId)) {
        const entry = byId.get(line.custom_id);
        if (!entry) continue;
        byId.delete(line.custom_id);
        const { result } = line;
        counts[result.type]++;
        if (result.type === "succeeded") entry.resolve(result.message);
        else if (result.type === "errored") this.#errored(entry, result.error);
        else this.#fail(entry, result.type, `batched request ${result.type} (batch ${batchId})`);
      }
    } catch (error) {
      observation?.end({ status: "failed", counts, error });
      for (const entry of byId.values())
        this.#fail(entry, "lost", `results of batch ${batchId} unreadable: ${messageOf(error)}`, error);
      return;
    }
    observation?.end({ status: "ended", counts });
    for (const entry of byId.values())
      this.#fail(entry, "lost", `batch ${batchId} returned no result for the request`);
  }

  #errored(entry: Entry, error: unknown): void {
    const type =
      (error as { error?: { type?: string } } | undefined)?.error?.type ?? (error as { type?: string })?.type;
    if (type && RETRYABLE.has(type) && entry.retries < this.#options.maxRetries) {
      entry.retries++;
      entry.customId = nextCustomId();
      // Resubmitted even after close(): close waits for these too, so nothing is left behind.
      this.#add(entry);
      if (this.#closed) void this.#submit(entry.params.model);
      return;
    }
    const retried = entry.retries > 0 ? ` after ${entry.retries} resubmission(s)` : "";
    this.#fail(
      entry,
      "errored",
      `batched request errored${retried}: ${type ?? "unknown error"}`,
      undefined,
      error,
    );
  }

  #fail(
    entry: Entry,
    kind: RoutedBatchRequestFailed["kind"],
    message: string,
    cause?: unknown,
    apiError?: unknown,
  ): void {
    entry.reject(
      new RoutedBatchRequestFailed({
        kind,
        customId: entry.customId,
        batchIds: entry.batchIds,
        message,
        cause,
        apiError,
      }),
    );
  }

  #startBatch(requestCount: number, model: string): BatchObservation | undefined {
    return this.#observer?.startBatch({ requestCount, model });
  }
}

const noopBatch: BatchObservation = { submitted: () => {}, end: () => {} };

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
