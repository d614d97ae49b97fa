import { type TokenCounts, ZERO_TOKEN_COUNTS } from "@rightsize/contracts";
import type { Simulation } from "../simulation/message-simulator.js";

/** One row of the Admin usage report (`/v1/organizations/usage_report/messages`). */
export interface UsageReportResult {
  uncached_input_tokens: number;
  cache_read_input_tokens: number;
  cache_creation: { ephemeral_1h_input_tokens: number; ephemeral_5m_input_tokens: number };
  output_tokens: number;
  server_tool_use: { web_search_requests: number };
  model: string | null;
  service_tier: string | null;
  context_window: string | null;
  workspace_id: string | null;
  api_key_id: string | null;
}

export interface UsageReportBucket {
  starting_at: string;
  ending_at: string;
  results: UsageReportResult[];
}

export type UsageGroup = "model" | "service_tier" | "context_window";

/** Token sums of one minute, model, service tier and context window. */
interface LedgerRow extends TokenCounts {
  minute: number;
  model: string;
  serviceTier: string;
  contextWindow: string;
}

const MINUTE_MS = 60_000;

/**
 * What the emulator billed: every delivered answer (realtime or batch) by minute of the emulator
 * clock, model, service tier and context window — the provider's side of the books, served as
 * the Admin usage report so a test can reconcile spans against it.
 */
export class UsageLedger {
  readonly #rows = new Map<string, LedgerRow>();

  record(options: { simulation: Simulation; atMs: number }): void {
    const { usage } = options.simulation.message;
    const prompt = usage.input_tokens + usage.cache_creation_input_tokens + usage.cache_read_input_tokens;
    const minute = Math.floor(options.atMs / MINUTE_MS) * MINUTE_MS;
    const model = options.simulation.model.id;
    const serviceTier = usage.service_tier;
    const contextWindow = prompt > 200_000 ? "200k-1M" : "0-200k";
    const key = `${minute}|${model}|${serviceTier}|${contextWindow}`;
    let row = this.#rows.get(key);
    if (!row) {
      row = { minute, model, serviceTier, contextWindow, ...ZERO_TOKEN_COUNTS };
      this.#rows.set(key, row);
    }
    row.uncachedInput += usage.input_tokens;
    row.cacheRead += usage.cache_read_input_tokens;
    row.cacheWrite5m += usage.cache_creation.ephemeral_5m_input_tokens;
    row.cacheWrite1h += usage.cache_creation.ephemeral_1h_input_tokens;
    row.output += usage.output_tokens;
    row.webSearchRequests += usage.server_tool_use?.web_search_requests ?? 0;
  }

  /** Buckets of `bucketMs` from `startMs` (inclusive) to `endMs` (exclusive), grouped as asked. */
  report(options: {
    startMs: number;
    endMs: number;
    bucketMs: number;
    groupBy: readonly UsageGroup[];
  }): UsageReportBucket[] {
    const buckets: UsageReportBucket[] = [];
    const grouped = new Map<number, Map<string, UsageReportResult>>();
    for (const row of this.#rows.values()) {
      if (row.minute < options.startMs || row.minute >= options.endMs) continue;
      const bucket =
        options.startMs + Math.floor((row.minute - options.startMs) / options.bucketMs) * options.bucketMs;
      const results = grouped.get(bucket) ?? new Map<string, UsageReportResult>();
      grouped.set(bucket, results);
      const model = options.groupBy.includes("model") ? row.model : null;
      const serviceTier = options.groupBy.includes("service_tier") ? row.serviceTier : null;
      const contextWindow = options.groupBy.includes("context_window") ? row.contextWindow : null;
      const key = `${model}|${serviceTier}|${contextWindow}`;
      let result = results.get(key);
      if (!result) {
        result = {
          uncached_input_tokens: 0,
          cache_read_input_tokens: 0,
          cache_creation: { ephemeral_1h_input_tokens: 0, ephemeral_5m_input_tokens: 0 },
          output_tokens: 0,
          server_tool_use: { web_search_requests: 0 },
          model,
          service_tier: serviceTier,
          context_window: contextWindow,
          workspace_id: null,
          api_key_id: null,
        };
        results.set(key, result);
      }
      result.uncached_input_tokens += row.uncachedInput;
      result.cache_read_input_tokens += row.cacheRead;
      result.cache_creation.ephemeral_5m_input_tokens += row.cacheWrite5m;
      result.cache_creation.ephemeral_1h_input_tokens += row.cacheWrite1h;
      result.output_tokens += row.output;
      result.server_tool_use.web_search_requests += row.webSearchRequests;
    }
    for (let start = options.startMs; start < options.endMs; start += options.bucketMs) {
      const results = [...(grouped.get(start)?.values() ?? [])].sort((left, right) =>
        `${left.model}|${left.service_tier}`.localeCompare(`${right.model}|${right.service_tier}`),
      );
      buckets.push({
        starting_at: new Date(start).toISOString().replace(".000Z", "Z"),
        ending_at: new Date(Math.min(start + options.bucketMs, options.endMs))
          .toISOString()
          .replace(".000Z", "Z"),
        results,
      });
    }
    return buckets;
  }
}
