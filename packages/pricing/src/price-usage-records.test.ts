import { formatUsd } from "@rightsize/contracts";
import { describe, expect, it } from "vitest";
import { priceUsageRecords } from "./price-usage-records.js";
import { parseUsageRecords } from "./usage-records.js";

describe("priceUsageRecords", () => {
  const text = [
    JSON.stringify({ model: "claude-opus-4-7", usage: { input_tokens: 5000, output_tokens: 2000 } }),
    JSON.stringify({ model: "claude-haiku-4-5", usage: { input_tokens: 5000, output_tokens: 2000 } }),
    JSON.stringify({
      model: "claude-haiku-4-5-20251001",
      usage: { input_tokens: 5000, output_tokens: 2000 },
    }),
    JSON.stringify({ input_tokens: 1000 }),
    JSON.stringify({ model: "claude-opus-4-7", usage: { output_tokens: -1 } }),
    JSON.stringify({ model: "claude-opus-4-1", usage: { input_tokens: 1 }, at: "2026-09-01" }),
  ].join("\n");
  const { records } = parseUsageRecords({ text });

  it("totals per resolved model, most expensive first, exactly", () => {
    const priced = priceUsageRecords({ records, at: "2026-11-20" });
    expect(
      priced.byModel.map((entry) => [entry.model, entry.requests, formatUsd(entry.list, { decimals: 3 })]),
    ).toEqual([
      ["claude-opus-4-7", 1, "$0.075"],
      ["claude-haiku-4-5-20251001", 2, "$0.030"],
    ]);
    expect(priced.total).toEqual({
      requests: 3,
      promptTokens: 15_000,
      outputTokens: 6000,
      list: 105_000_000_000n,
      contracted: 105_000_000_000n,
    });
  });

  it("reports what it cannot price by line, and prices bare usage with a default model, batch and rates", () => {
    const priced = priceUsageRecords({ records, at: "2026-11-20" });
    expect(priced.invalid.map((entry) => entry.line)).toEqual([4, 5, 6]);
    expect(priced.invalid[0]!.message).toBe("no model in the record and no default model given");
    expect(priced.invalid[2]!.message).toMatch(/no rates on 2026-09-01; it was retired on 2026-08-05/);
    const withDefault = priceUsageRecords({
      records,
      model: "claude-sonnet-4-6",
      at: "2026-11-20",
      batch: true,
      rates: { discounts: [{ percent: 50 }] },
    });
    expect(withDefault.total.requests).toBe(4);
    expect(withDefault.total.list).toBe((105_000_000_000n + 3_000_000_000n) / 2n);
    expect(withDefault.total.contracted * 2n).toBe(withDefault.total.list);
  });
});
