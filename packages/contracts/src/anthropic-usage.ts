import type { TokenCounts } from "./token-counts.js";

/** `usage` as the Messages API (or a batch result) returns it: any field may be null or absent. */
export interface AnthropicUsage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation?: {
    ephemeral_5m_input_tokens?: number | null;
    ephemeral_1h_input_tokens?: number | null;
  } | null;
  server_tool_use?: { web_search_requests?: number | null; web_fetch_requests?: number | null } | null;
  service_tier?: "standard" | "priority" | "batch" | string | null;
  inference_geo?: string | null;
  speed?: "standard" | "fast" | string | null;
  output_tokens_details?: { thinking_tokens?: number | null } | null;
}

/**
 * Merges a streamed `message_delta` usage into the usage seen so far (from `message_start`).
 * Delta usage is cumulative: a field it carries replaces the earlier value; a field it omits
 * (or sends as null) keeps it.
 *
 * @example
 * let usage = startEvent.message.usage;
 * usage = mergeStreamUsage(usage, deltaEvent.usage);
 */
export function mergeStreamUsage(
  current: AnthropicUsage | undefined,
  delta: AnthropicUsage | null | undefined,
): AnthropicUsage | undefined {
  if (delta === null || delta === undefined || typeof delta !== "object") return current;
  const merged: Record<string, unknown> = { ...(current ?? {}) };
  for (const [key, value] of Object.entries(delta)) {
    if (value !== null && value !== undefined) merged[key] = value;
  }
  return merged as AnthropicUsage;
}

/**
 * Token counts in the API's `usage` shape (what the cost engine reads), to price counts that
 * came from somewhere else: command-line flags, spans, a normalized usage.
 * @example cost({ model, usage: { ...anthropicUsageOf(counts), service_tier: "batch" } })
 */
export function anthropicUsageOf(counts: TokenCounts): AnthropicUsage {
  return {
    input_tokens: counts.uncachedInput,
    output_tokens: counts.output,
    cache_read_input_tokens: counts.cacheRead,
    cache_creation_input_tokens: counts.cacheWrite5m + counts.cacheWrite1h,
    cache_creation: {
      ephemeral_5m_input_tokens: counts.cacheWrite5m,
      ephemeral_1h_input_tokens: counts.cacheWrite1h,
    },
    server_tool_use: { web_search_requests: counts.webSearchRequests },
  };
}
