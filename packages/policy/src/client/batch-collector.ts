import type { Message, MessageCreateParamsNonStreaming } from "@anthropic-ai/sdk/resources/messages";
import type { AttemptObservation, BatchObservation, RoutedCallObserver } from "@rightsize/contracts";
import type { BatchTransport } from "./batch-transport.js";
import { RoutedBatchRequestFailed, RoutedClientClosed } from "./routed-client-error.js";

export interface BatchCollectorOptions {
  transport: BatchTransport;
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
  /**
   * Longest a submitted batch is waited for (25 h by default: the API expires a batch after 24 h).
   * After it the batch is canceled and its requests fail `timed_out`: none waits forever.
   */
  maxBatchWaitMs?: number;
  /** Downloads of a batch's results before the requests still missing are reported lost: 3. */
  maxResultDownloads?: number;
  observer?: RoutedCallObserver;
}

interface Entry {
  customId: string;
  params: MessageCreateParamsNonStreaming;
  attempt: AttemptObservation | undefined;
  retries: number;
  batchIds: string[];
  submitted: boolean;
  /** The caller stopped waiting (abort, timeout): a late result goes to `onLateResult` only. */
  detached: boolean;
  onLateResult: ((message: Message | undefined) => void) | undefined;
  onDetached: ((submitted: boolean) => void) | undefined;
  resolve: (message: Message) => void;
  reject: (error: unknown) => void;
  cleanup: () => void;
}

/** How a request failed: RoutedBatchRequestFailed's fields less the request's own ids. */
interface Failure {
  kind: RoutedBatchRequestFailed["kind"];
  message: string;
  cause?: unknown;
  apiError?: unknown;
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
 * canceled and failed requests with RoutedBatchRequestFailed. Every wait is bounded: a caller's
 * signal and timeout end its own wait, `maxBatchWaitMs` ends a batch that never ends, and a results
 * download that breaks off or has a garbled line is downloaded again for what is still missing.
 */
export class BatchCollector {
  readonly #transport: BatchTransport;
  readonly #options: Required<Omit<BatchCollectorOptions, "transport" | "observer">>;
  readonly #observer: RoutedCallObserver | undefined;
  readonly #pending = new Map<string, Pending>();
  readonly #inFlight = new Set<Promise<void>>();
  #closed = false;
  #deadline: number | undefined;

  constructor(options: BatchCollectorOptions) {
    this.#transport = options.transport;
    this.#observer = options.observer;
    this.#options = {
      maxSize: options.maxSize ?? 1_000,
      maxWaitMs: options.maxWaitMs ?? 2_000,
      pollIntervalMs: options.pollIntervalMs ?? 10_000,
      maxRetries: options.maxRetries ?? 2,
      maxPollFailures: options.maxPollFailures ?? 20,
      maxBatchWaitMs: options.maxBatchWaitMs ?? 25 * 3_600_000,
      maxResultDownloads: options.maxResultDownloads ?? 3,
    };
  }

  /**
   * Queues one request; resolves with its message, or rejects with RoutedBatchRequestFailed (or
   * the signal's reason when the caller aborts). `timeoutMs` bounds the caller's wait
   * (`timed_out`); a request already submitted then still runs, and its result, billed, goes to
   * `onLateResult` (to settle its budget hold).
   */
  enqueue(options: {
    params: MessageCreateParamsNonStreaming;
    attempt?: AttemptObservation;
    signal?: AbortSignal;
    timeoutMs?: number;
    /**
     * The caller stopped waiting (abort, timeout), before its promise rejects: `submitted` says
     * whether the request is in a batch already (then it is still answered, and billed).
     */
    onDetached?: (submitted: boolean) => void;
    /** For a request detached after submission: its result when it arrives (undefined if it failed). */
    onLateResult?: (message: Message | undefined) => void;
  }): Promise<Message> {
    if (this.#closed) return Promise.reject(new RoutedClientClosed());
    if (options.signal?.aborted) return Promise.reject(options.signal.reason);
    return new Promise<Message>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const entry: Entry = {
        customId: nextCustomId(),
        params: options.params,
        attempt: options.attempt,
        retries: 0,
        batchIds: [],
        submitted: false,
        detached: false,
        onLateResult: options.onLateResult,
        onDetached: options.onDetached,
        resolve,
        reject,
        cleanup: () => {
          if (timer) clearTimeout(timer);
          options.signal?.removeEventListener("abort", onAbort);
        },
      };
      const onAbort = () => this.#detach(entry, options.signal?.reason);
      options.signal?.addEventListener("abort", onAbort, { once: true });
      if (options.timeoutMs !== undefined && Number.isFinite(options.timeoutMs)) {
        timer = setTimeout(
          () =>
            this.#detach(
              entry,
              this.#failure(entry, {
                kind: "timed_out",
                message: `no batch result within the caller's timeout of ${options.timeoutMs} ms`,
              }),
            ),
          options.timeoutMs,
        );
      }
      this.#add(entry);
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

  /**
   * Refuses new requests, submits the waiting ones, and waits until every batch has ended, at most
   * `timeoutMs` (default: each batch's own bound, `maxBatchWaitMs`); what is left then fails `timed_out`.
   */
  async close(options: { timeoutMs?: number } = {}): Promise<void> {
    this.#closed = true;
    if (options.timeoutMs !== undefined) this.#deadline = Date.now() + options.timeoutMs;
    await this.flush();
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  #detach(entry: Entry, reason: unknown): void {
    if (entry.detached) return;
    entry.detached = true;
    entry.cleanup();
    try {
      entry.onDetached?.(entry.submitted);
    } catch {
      // The caller's bookkeeping must not keep the rejection from reaching it.
    }
    if (!entry.submitted) {
      // Not sent yet: it leaves its queue and nothing is billed.
      for (const pending of this.#pending.values()) {
        const index = pending.entries.indexOf(entry);
        if (index >= 0) pending.entries.splice(index, 1);
      }
      entry.onLateResult = undefined;
    }
    entry.reject(reason);
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
    const entries = pending.entries.filter((entry) => !entry.detached);
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
    const batchObservation = this.#observer?.startBatch({ requestCount: entries.length, model });
    let batchId: string;
    try {
      const batch = await this.#transport.create(
        entries.map((entry) => ({ custom_id: entry.customId, params: entry.params as never })),
      );
      batchId = batch.id;
    } catch (error) {
      batchObservation?.end({ status: "failed", error });
      for (const entry of entries)
        this.#fail(entry, {
          kind: "submit_failed",
          message: `batch submission failed: ${messageOf(error)}`,
          cause: error,
        });
      return;
    }
    batchObservation?.submitted({ batchId });
    for (const entry of entries) {
      entry.submitted = true;
      entry.batchIds.push(batchId);
      entry.attempt?.joinBatch(batchObservation ?? noopBatch);
    }
    const ended = await this.#waitForEnd(batchId, entries);
    if (ended.kind !== "ended") {
      batchObservation?.end({
        status: ended.kind === "timed_out" ? "canceled" : "failed",
        error: ended.error,
      });
      if (ended.kind === "timed_out") void this.#transport.cancel(batchId).catch(() => {});
      for (const entry of entries)
        this.#fail(entry, {
          kind: ended.kind === "timed_out" ? "timed_out" : "lost",
          message: `batch ${batchId}: ${messageOf(ended.error)}`,
          cause: ended.error,
        });
      return;
    }
    await this.#collect(batchId, entries, batchObservation);
  }

  async #waitForEnd(
    batchId: string,
    entries: Entry[],
  ): Promise<{ kind: "ended" } | { kind: "lost" | "timed_out"; error: unknown }> {
    const started = Date.now();
    let failures = 0;
    for (;;) {
      const deadline = Math.min(
        started + this.#options.maxBatchWaitMs,
        this.#deadline ?? Number.POSITIVE_INFINITY,
      );
      if (Date.now() >= deadline)
        return {
          kind: "timed_out",
          error: new Error(`did not end within ${Date.now() - started} ms (canceled)`),
        };
      // Nobody waits for this batch any more and nothing is to be settled from it: stop polling.
      if (entries.every((entry) => entry.detached && !entry.onLateResult))
        return { kind: "lost", error: new Error("every caller stopped waiting") };
      await sleep(Math.min(this.#options.pollIntervalMs, Math.max(0, deadline - Date.now())));
      try {
        const batch = await this.#transport.retrieve(batchId);
        failures = 0;
        if (batch.processing_status === "ended") return { kind: "ended" };
      } catch (error) {
        if (++failures >= this.#options.maxPollFailures) return { kind: "lost", error };
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
    let garbled = 0;
    let lastError: unknown;
    for (let download = 1; byId.size > 0 && download <= this.#options.maxResultDownloads; download++) {
      try {
        const response = await this.#transport.results(batchId);
        for await (const line of jsonLines(response)) {
          let parsed: {
            custom_id?: string;
            result?: { type: keyof typeof counts; message?: Message; error?: unknown };
          };
          try {
            parsed = JSON.parse(line);
          } catch {
            garbled++; // One bad line costs one line: the next download fills it in.
            continue;
          }
          const entry = parsed.custom_id === undefined ? undefined : byId.get(parsed.custom_id);
          if (!entry || !parsed.result) continue;
          byId.delete(entry.customId);
          counts[parsed.result.type] = (counts[parsed.result.type] ?? 0) + 1;
          this.#deliver(entry, batchId, parsed.result);
        }
      } catch (error) {
        lastError = error; // Cut mid-file: the next download skips what was delivered.
      }
    }
    const missing = byId.size;
    observation?.end(
      missing === 0
        ? { status: "ended", counts }
        : { status: "failed", counts, error: lastError ?? new Error(`${garbled} garbled line(s)`) },
    );
    for (const entry of byId.values()) {
      const why = lastError
        ? `results of batch ${batchId} unreadable: ${messageOf(lastError)}`
        : `batch ${batchId} returned no readable result for the request (${garbled} garbled line(s))`;
      this.#fail(entry, { kind: "lost", message: why, cause: lastError });
    }
  }

  #deliver(
    entry: Entry,
    batchId: string,
    result: { type: string; message?: Message; error?: unknown },
  ): void {
    if (entry.detached) {
      entry.onLateResult?.(result.type === "succeeded" ? result.message : undefined);
      return;
    }
    if (result.type === "succeeded" && result.message) {
      entry.cleanup();
      entry.resolve(result.message);
    } else if (result.type === "errored") this.#errored(entry, result.error);
    else
      this.#fail(entry, {
        kind: result.type as "expired" | "canceled",
        message: `batched request ${result.type} (batch ${batchId})`,
      });
  }

  #errored(entry: Entry, error: unknown): void {
    const type =
      (error as { error?: { type?: string } } | undefined)?.error?.type ?? (error as { type?: string })?.type;
    if (type && RETRYABLE.has(type) && entry.retries < this.#options.maxRetries) {
      entry.retries++;
      entry.customId = nextCustomId();
      entry.submitted = false;
      // Resubmitted even after close(): close waits for these too, so nothing is left behind.
      this.#add(entry);
      if (this.#closed) void this.#submit(entry.params.model);
      return;
    }
    const retried = entry.retries > 0 ? ` after ${entry.retries} resubmission(s)` : "";
    this.#fail(entry, {
      kind: "errored",
      message: `batched request errored${retried}: ${type ?? "unknown error"}`,
      apiError: error,
    });
  }

  #failure(entry: Entry, failure: Failure): RoutedBatchRequestFailed {
    return new RoutedBatchRequestFailed({ ...failure, customId: entry.customId, batchIds: entry.batchIds });
  }

  #fail(entry: Entry, failure: Failure): void {
    if (entry.detached) {
      entry.onLateResult?.(undefined);
      return;
    }
    entry.cleanup();
    entry.reject(this.#failure(entry, failure));
  }
}

const noopBatch: BatchObservation = { submitted: () => {}, end: () => {} };

/** The lines of a JSON-lines body, as they arrive; a last line without its newline too. */
async function* jsonLines(response: Response): AsyncGenerator<string> {
  if (!response.body) return;
  const decoder = new TextDecoder();
  let buffer = "";
  for await (const chunk of response.body) {
    buffer += decoder.decode(chunk, { stream: true });
    let newline = buffer.indexOf("\n");
    while (newline >= 0) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (line !== "") yield line;
      newline = buffer.indexOf("\n");
    }
  }
  buffer += decoder.decode();
  if (buffer.trim() !== "") yield buffer.trim();
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
