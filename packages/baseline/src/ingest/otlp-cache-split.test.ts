import { describe, expect, it } from "vitest";
import { emptyUsageRecord, type UsageRecord } from "../usage-record.js";
import { DataQualityLog } from "./data-quality.js";
import { parseOtlpLine } from "./otlp-spans.js";
import type { LineContext } from "./record-sink.js";

/** One attempt span with a 3,000-token cache write, read through the report's OTLP reader. */
function read(split: Record<string, number>): { record: UsageRecord | undefined; bad: number } {
  const attributes = [
    { key: "gen_ai.response.model", value: { stringValue: "claude-sonnet-4-6" } },
    { key: "gen_ai.usage.input_tokens", value: { intValue: "9200" } },
    { key: "gen_ai.usage.output_tokens", value: { intValue: "340" } },
    { key: "gen_ai.usage.cache_read.input_tokens", value: { intValue: "5000" } },
    { key: "gen_ai.usage.cache_creation.input_tokens", value: { intValue: "3000" } },
    ...Object.entries(split).map(([key, count]) => ({ key, value: { intValue: String(count) } })),
  ];
  const span = { name: "chat claude-sonnet-4-6", startTimeUnixNano: "1782900000000000000", attributes };
  let record: UsageRecord | undefined;
  const context: LineContext = {
    file: "spans.jsonl",
    sink: { record: (delivered) => (record = { ...delivered }), verdict: () => {} },
    quality: new DataQualityLog(),
    records: 0,
    skipped: 0,
    bad: 0,
    blank: 0,
  };
  const line = JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [span] }] }] });
  parseOtlpLine({ line, lineNumber: 1, context, record: emptyUsageRecord() });
  return { record, bad: context.bad };
}

const SDK_5M = "anthropic.usage.cache_creation.ephemeral_5m_input_tokens";
const SDK_1H = "anthropic.usage.cache_creation.ephemeral_1h_input_tokens";

describe("the split of cache writes on a span", () => {
  it("reads the SDK's own split where rightsize left its copy out, and rightsize's where it wrote one", () => {
    const fromSdk = read({ [SDK_5M]: 1000, [SDK_1H]: 2000 }).record;
    const fromRightsize = read({
      "rightsize.usage.cache_write_5m_tokens": 1000,
      "rightsize.usage.cache_write_1h_tokens": 2000,
    }).record;
    expect(fromSdk).toMatchObject({ cacheWrite5m: 1000, cacheWrite1h: 2000, uncachedInput: 1200 });
    expect(fromRightsize).toMatchObject({ cacheWrite5m: 1000, cacheWrite1h: 2000, uncachedInput: 1200 });
    // Both present (an older rightsize wrote its own beside the SDK's): rightsize's wins.
    const both = read({ [SDK_5M]: 3000, [SDK_1H]: 0, "rightsize.usage.cache_write_1h_tokens": 3000 }).record;
    expect(both).toMatchObject({ cacheWrite5m: 0, cacheWrite1h: 3000 });
  });

  it("does not take an SDK split that does not add up to the cache writes: the total counts as 5m", () => {
    const { record, bad } = read({ [SDK_5M]: 0, [SDK_1H]: 2000 });
    expect(bad).toBe(0);
    expect(record).toMatchObject({ cacheWrite5m: 3000, cacheWrite1h: 0, uncachedInput: 1200 });
  });
});
