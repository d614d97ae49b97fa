import { describe, expect, it } from "vitest";
import { mergeStreamUsage } from "./anthropic-usage.js";

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
