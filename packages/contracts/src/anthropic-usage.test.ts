import { describe, expect, it } from "vitest";
import { anthropicUsageOf, mergeStreamUsage } from "./anthropic-usage.js";

describe("mergeStreamUsage", () => {
  it("merges streamed usage cumulatively: later non-null fields win", () => {
    const start = { input_tokens: 100, cache_read_input_tokens: 50, output_tokens: 1 };
    const merged = mergeStreamUsage(start, { output_tokens: 300, input_tokens: null });
    expect(merged).toEqual({ input_tokens: 100, cache_read_input_tokens: 50, output_tokens: 300 });
  });

  it("starts from message_start's usage without its nulls, and ignores an absent delta", () => {
    const start = mergeStreamUsage(undefined, { input_tokens: 10, cache_creation: null, output_tokens: 1 });
    expect(start).toEqual({ input_tokens: 10, output_tokens: 1 });
    expect(mergeStreamUsage(start, undefined)).toBe(start);
    expect(mergeStreamUsage(undefined, null)).toBeUndefined();
  });
});

describe("anthropicUsageOf", () => {
  it("writes token counts in the API's usage shape, the cache-write total beside its split", () => {
    expect(
      anthropicUsageOf({
        uncachedInput: 100,
        cacheWrite5m: 20,
        cacheWrite1h: 10,
        cacheRead: 500,
        output: 42,
        webSearchRequests: 2,
      }),
    ).toEqual({
      input_tokens: 100,
      output_tokens: 42,
      cache_read_input_tokens: 500,
      cache_creation_input_tokens: 30,
      cache_creation: { ephemeral_5m_input_tokens: 20, ephemeral_1h_input_tokens: 10 },
      server_tool_use: { web_search_requests: 2 },
    });
  });
});
