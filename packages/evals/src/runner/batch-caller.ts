import { readFile } from "node:fs/promises";
import type Anthropic from "@anthropic-ai/sdk";
import { AppendLog } from "../outcomes/append-log.js";
import {
  type CallRequest,
  type CallResult,
  describeApiError,
  type ModelCaller,
  paidCall,
} from "./model-caller.js";
import type { PaidCalls } from "./paid-calls.js";

/** The API's limits are 100,000 requests or 256 MB per batch; stay well inside both. */
const MAX_REQUESTS_PER_BATCH = 10_000;
const MAX_BYTES_PER_BATCH = 128 * 1024 * 1024;
/** Calls arriving within this quiet time go into the same batch. */
const COLLECT_MS = 30;

/** `batches.jsonl`: a batch as submitted (so a killed run can collect it), and when it was collected. */
type BatchRecord =
  | { batchId: string; requests: Record<string, Omit<CallRequest, "params">> }
  | { batchId: string; collected: true };

interface Pending {
  request: CallRequest;
  resolve: (result: CallResult) => void;
}

/**
 * Sends calls through the Message Batches API (half price): calls made close together are
 * gathered into one batch, its id is written to `batches.jsonl` before anything else, the
 * batch is polled until it ends, and every result is stored. A run killed while a batch is in
 * flight collects it on resume (`collectUnfinishedBatches`) rather than paying again.
 */
export class BatchCaller implements ModelCaller {
  private pending: Pending[] = [];
  private timer: NodeJS.Timeout | null = null;
  private sequence = 0;
  readonly submitted: string[] = [];

  private readonly options: { client: Anthropic; store: PaidCalls; pollIntervalMs: number };
  private readonly log: AppendLog;

  private constructor(
    options: { client: Anthropic; store: PaidCalls; pollIntervalMs: number },
    log: AppendLog,
  ) {
    this.options = options;
    this.log = log;
  }

  static async open(options: {
    client: Anthropic;
    store: PaidCalls;
    path: string;
    pollIntervalMs: number;
  }): Promise<BatchCaller> {
    return new BatchCaller(options, await AppendLog.open(options.path));
  }

  call(request: CallRequest): Promise<CallResult> {
    return new Promise((resolve) => {
      this.pending.push({ request, resolve });
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.flush(), COLLECT_MS);
    });
  }

  async close(): Promise<void> {
    await this.log.close();
  }

  /** Submits what is pending, in batches within the API's limits, and settles every call. */
  private async flush(): Promise<void> {
    this.timer = null;
    const calls = this.pending;
    this.pending = [];
    const groups: Pending[][] = [];
    let group: Pending[] = [];
    let bytes = 0;
    for (const entry of calls) {
      const size = JSON.stringify(entry.request.params).length;
      if (
        group.length >= MAX_REQUESTS_PER_BATCH ||
        (group.length > 0 && bytes + size > MAX_BYTES_PER_BATCH)
      ) {
        groups.push(group);
        group = [];
        bytes = 0;
      }
      group.push(entry);
      bytes += size;
    }
    if (group.length > 0) groups.push(group);
    await Promise.all(groups.map((entries) => this.runBatch(entries)));
  }

  private async runBatch(entries: Pending[]): Promise<void> {
    const byCustomId = new Map<string, Pending>();
    for (const entry of entries) byCustomId.set(`${entry.request.role[0]}${this.sequence++}`, entry);
    const failAll = (error: string) => {
      for (const entry of byCustomId.values()) entry.resolve({ ok: false, error });
    };
    let batchId: string;
    try {
      const batch = await this.options.client.messages.batches.create({
        requests: [...byCustomId].map(([custom_id, entry]) => ({ custom_id, params: entry.request.params })),
      });
      batchId = batch.id;
    } catch (error) {
      return failAll(`batch create: ${describeApiError(error)}`);
    }
    this.submitted.push(batchId);
    const requests: Record<string, Omit<CallRequest, "params">> = {};
    for (const [customId, { request }] of byCustomId) {
      const { params: _params, ...identity } = request;
      requests[customId] = identity;
    }
    await this.log.append({ batchId, requests } satisfies BatchRecord);
    try {
      const results = await collectBatch({ ...this.options, batchId, requests });
      for (const [customId, entry] of byCustomId) {
        entry.resolve(results.get(customId) ?? { ok: false, error: "batch: no result for this request" });
      }
      await this.log.append({ batchId, collected: true } satisfies BatchRecord);
    } catch (error) {
      failAll(`batch ${batchId}: ${describeApiError(error)}`);
    }
  }
}

/** Waits for a batch to end and stores its succeeded results; the rest become failures. */
async function collectBatch(options: {
  client: Anthropic;
  store: PaidCalls;
  pollIntervalMs: number;
  batchId: string;
  requests: Record<string, Omit<CallRequest, "params">>;
}): Promise<Map<string, CallResult>> {
  const { client, batchId } = options;
  for (;;) {
    const batch = await client.messages.batches.retrieve(batchId);
    if (batch.processing_status === "ended") break;
    await new Promise((resolve) => setTimeout(resolve, options.pollIntervalMs));
  }
  const results = new Map<string, CallResult>();
  for await (const line of await client.messages.batches.results(batchId)) {
    const identity = options.requests[line.custom_id];
    if (!identity) continue;
    const result = line.result;
    if (result.type === "succeeded") {
      const call = paidCall({ request: identity, message: result.message, batchId });
      await options.store.add(call);
      results.set(line.custom_id, { ok: true, call });
    } else if (result.type === "errored") {
      const detail = result.error.error;
      results.set(line.custom_id, { ok: false, error: `batch errored: ${detail.type}: ${detail.message}` });
    } else {
      results.set(line.custom_id, { ok: false, error: `batch ${result.type}` });
    }
  }
  return results;
}

/**
 * Collects the batches a killed run submitted but never collected, storing their answers so the
 * resumed run does not pay for them again. A batch the API no longer knows (a restarted
 * emulator, a purged batch) is given up; what it held is asked again.
 */
export async function collectUnfinishedBatches(options: {
  client: Anthropic;
  store: PaidCalls;
  path: string;
  pollIntervalMs: number;
}): Promise<{ collected: number; lost: number }> {
  const text = await readFile(options.path, "utf8").catch(() => "");
  const submitted = new Map<string, Record<string, Omit<CallRequest, "params">>>();
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    let record: BatchRecord;
    try {
      record = JSON.parse(line) as BatchRecord;
    } catch {
      continue;
    }
    if ("collected" in record) submitted.delete(record.batchId);
    else submitted.set(record.batchId, record.requests);
  }
  if (submitted.size === 0) return { collected: 0, lost: 0 };
  const log = await AppendLog.open(options.path);
  let collected = 0;
  let lost = 0;
  try {
    for (const [batchId, requests] of submitted) {
      try {
        await collectBatch({ ...options, batchId, requests });
        collected++;
      } catch (error) {
        if ((error as { status?: number }).status !== 404) throw error;
        lost++;
      }
      await log.append({ batchId, collected: true } satisfies BatchRecord);
    }
  } finally {
    await log.close();
  }
  return { collected, lost };
}
