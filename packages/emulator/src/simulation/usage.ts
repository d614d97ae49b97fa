import type { CacheUsage } from "../caching/prompt-cache.js";

/** `usage` exactly as the Messages API reports it (SDK type Usage). */
export interface MessageUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  cache_creation: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number };
  server_tool_use: { web_search_requests: number; web_fetch_requests: number } | null;
  service_tier: "standard" | "batch";
  inference_geo: string;
  output_tokens_details: { thinking_tokens: number } | null;
  speed: "standard" | "fast" | null;
}

/** input_tokens counts only what was neither read from nor written to the cache. */
export function buildUsage(options: {
  promptTokens: number;
  cache: CacheUsage;
  outputTokens: number;
  thinkingTokens: number;
  serviceTier: "standard" | "batch";
  inferenceGeo: string;
  speed: "standard" | "fast" | null;
  /** Web searches run by the server tool (null: no server tool in the request). */
  webSearchRequests?: number | null;
}): MessageUsage {
  const { cache } = options;
  const creation = cache.write5mTokens + cache.write1hTokens;
  return {
    input_tokens: options.promptTokens - cache.readTokens - creation,
    output_tokens: options.outputTokens,
    cache_creation_input_tokens: creation,
    cache_read_input_tokens: cache.readTokens,
    cache_creation: {
      ephemeral_5m_input_tokens: cache.write5mTokens,
      ephemeral_1h_input_tokens: cache.write1hTokens,
    },
    server_tool_use:
      options.webSearchRequests == null
        ? null
        : { web_search_requests: options.webSearchRequests, web_fetch_requests: 0 },
    service_tier: options.serviceTier,
    inference_geo: options.inferenceGeo,
    output_tokens_details: options.thinkingTokens > 0 ? { thinking_tokens: options.thinkingTokens } : null,
    speed: options.speed,
  };
}
