import { describe, expect, it } from "vitest";
import { parseUsageRecords } from "./usage-records.js";

describe("parseUsageRecords", () => {
  it("reads one usage object, a {model, usage, at} record, a Messages API response, or an array", () => {
    expect(parseUsageRecords({ text: '{"input_tokens": 5, "output_tokens": null}' }).records).toEqual([
      { line: 1, model: undefined, usage: { input_tokens: 5, output_tokens: null }, at: undefined },
    ]);
    const response = { id: "msg_01", type: "message", model: "claude-haiku-4-5", usage: { input_tokens: 1 } };
    expect(parseUsageRecords({ text: JSON.stringify(response) }).records[0]).toMatchObject({
      model: "claude-haiku-4-5",
    });
    const many = parseUsageRecords({
      text: JSON.stringify([{ input_tokens: 1 }, { model: "m", usage: {}, at: "2026-01-01" }]),
    });
    expect(many.records.map((record) => record.at)).toEqual([undefined, "2026-01-01"]);
  });

  it("reads JSON Lines with batch results, reporting bad lines by number and skipping unbilled results", () => {
    const text = [
      '{"model": "claude-opus-4-7", "usage": {"input_tokens": 10}}',
      "",
      "{not json",
      '{"custom_id": "a", "result": {"type": "succeeded", "message": {"model": "claude-haiku-4-5", "usage": {"output_tokens": 3, "service_tier": "batch"}}}}',
      '{"custom_id": "b", "result": {"type": "expired"}}',
      '{"hello": 1}',
      '{"model": 7, "usage": {}}',
    ].join("\n");
    const parsed = parseUsageRecords({ text });
    expect(parsed.records.map((record) => [record.line, record.model])).toEqual([
      [1, "claude-opus-4-7"],
      [4, "claude-haiku-4-5"],
    ]);
    expect(parsed.skipped).toBe(1);
    expect(parsed.invalid.map((entry) => entry.line)).toEqual([3, 6, 7]);
    expect(parsed.invalid[0]!.message).toMatch(/^not valid JSON/);
    expect(parsed.invalid[2]!.message).toBe("model: expected a string");
  });
});
