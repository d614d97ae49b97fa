import { describe, expect, it } from "vitest";
import { ObjectSink } from "./attribute-sink.js";
import { scrubSecrets } from "./scrub-secrets.js";
import { normalizeUsage, putUsageAttributes, sdkWritesCacheSplit, usageAttributes } from "./usage.js";

describe("usage", () => {
  it("reads malformed usage as zeros and an old total-only cache write as 5m", () => {
    const usage = normalizeUsage({
      input_tokens: -3,
      output_tokens: 1.5,
      cache_read_input_tokens: null,
      cache_creation_input_tokens: 700,
    });
    expect(usage).toMatchObject({
      uncachedInput: 0,
      output: 0,
      cacheRead: 0,
      cacheWrite5m: 700,
      cacheWrite1h: 0,
    });
    expect(normalizeUsage(undefined).uncachedInput).toBe(0);
  });

  it("applies the Anthropic input rule and keeps thinking tokens as reasoning output", () => {
    const attributes = usageAttributes(
      normalizeUsage({
        input_tokens: 10,
        cache_read_input_tokens: 20,
        cache_creation_input_tokens: 30,
        cache_creation: { ephemeral_5m_input_tokens: 10, ephemeral_1h_input_tokens: 20 },
        output_tokens: 50,
        output_tokens_details: { thinking_tokens: 40 },
      }),
    );
    expect(attributes["gen_ai.usage.input_tokens"]).toBe(60);
    expect(attributes["gen_ai.usage.cache_creation.input_tokens"]).toBe(30);
    expect(attributes["gen_ai.usage.reasoning.output_tokens"]).toBe(40);
    expect(attributes["rightsize.usage.cache_write_1h_tokens"]).toBe(20);
  });

  it("leaves the split of cache writes to the SDK's span only where the SDK writes the same one", () => {
    const split = { ephemeral_5m_input_tokens: 10, ephemeral_1h_input_tokens: 20 };
    expect(
      sdkWritesCacheSplit({ input_tokens: 1, cache_creation_input_tokens: 30, cache_creation: split }),
    ).toBe(true);
    // A total beyond the split: rightsize counts the remainder as 5m, the SDK's 5m would not.
    expect(
      sdkWritesCacheSplit({ input_tokens: 1, cache_creation_input_tokens: 35, cache_creation: split }),
    ).toBe(false);
    // No split, or a malformed count the SDK would write as sent: rightsize writes its own.
    expect(sdkWritesCacheSplit({ input_tokens: 1, cache_creation_input_tokens: 30 })).toBe(false);
    expect(
      sdkWritesCacheSplit({
        input_tokens: 1,
        cache_creation_input_tokens: 30,
        cache_creation: { ephemeral_5m_input_tokens: 10.5, ephemeral_1h_input_tokens: 20 },
      }),
    ).toBe(false);
    expect(sdkWritesCacheSplit(null)).toBe(false);
    const usage = normalizeUsage({ input_tokens: 1, cache_creation_input_tokens: 30, cache_creation: split });
    const onSdkSpan: Record<string, unknown> = {};
    putUsageAttributes(usage, new ObjectSink(onSdkSpan), {
      input_tokens: 1,
      cache_creation_input_tokens: 30,
      cache_creation: split,
    });
    expect(onSdkSpan["rightsize.usage.cache_write_5m_tokens"]).toBeUndefined();
    expect(onSdkSpan["rightsize.usage.cache_write_1h_tokens"]).toBeUndefined();
    expect(onSdkSpan["gen_ai.usage.cache_creation.input_tokens"]).toBe(30);
    const onOwnSpan: Record<string, unknown> = {};
    putUsageAttributes(usage, new ObjectSink(onOwnSpan));
    expect(onOwnSpan["rightsize.usage.cache_write_1h_tokens"]).toBe(20);
  });

  it("scrubs credentials from error text", () => {
    expect(scrubSecrets("bad key sk-ant-api03-abcDEF123456789 sent")).toBe("bad key [REDACTED] sent");
    expect(scrubSecrets('{"x-api-key": "hunter2hunter2"}')).toBe('{"x-api-key": "[REDACTED]"}');
    expect(scrubSecrets("Authorization: Bearer abc.def")).toBe("Authorization: Bearer [REDACTED]");
  });
});
