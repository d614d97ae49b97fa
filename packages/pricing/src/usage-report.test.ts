import { formatUsd } from "@rightsize/contracts";
import { describe, expect, it } from "vitest";
import { cost } from "./cost.js";
import { priceAggregate } from "./price-aggregate.js";
import { priceUsageReportRow } from "./usage-report.js";

describe("priceAggregate", () => {
  it("prices a month of 1M requests in bigint, equal to per-request cost x requests", () => {
    const aggregate = priceAggregate({
      model: "claude-opus-4-7",
      usage: { input_tokens: 5_000_000_000, output_tokens: 2_000_000_000 },
      requests: 1_000_000,
      at: "2026-11-01",
    });
    expect(formatUsd(aggregate.list)).toBe("$75,000.00");
    const one = cost({
      model: "claude-opus-4-7",
      usage: { input_tokens: 5000, output_tokens: 2000 },
      at: "2026-11-01",
    });
    expect(aggregate.list).toBe(BigInt(one.list) * 1_000_000n);
  });

  it("decides the band from the average prompt, or an explicit band", () => {
    const usage = { input_tokens: 150_000 * 10, output_tokens: 1000 };
    expect(priceAggregate({ model: "claude-haiku-5-5", usage, requests: 10, at: "2026-11-01" }).band).toBe(
      "haiku-over-100k",
    );
    expect(priceAggregate({ model: "claude-haiku-5-5", usage, requests: 20, at: "2026-11-01" }).band).toBe(
      "standard",
    );
    expect(
      priceAggregate({
        model: "claude-haiku-5-5",
        usage,
        requests: 20,
        band: "haiku-over-100k",
        at: "2026-11-01",
      }).band,
    ).toBe("haiku-over-100k");
    expect(() => priceAggregate({ model: "claude-haiku-5-5", usage, requests: 0 })).toThrow(
      "requests: expected a positive integer, got 0",
    );
  });
});

describe("priceUsageReportRow", () => {
  // Shape of one results[] entry of GET /v1/organizations/usage_report/messages grouped by model.
  const row = {
    uncached_input_tokens: 40_000_000_000,
    cache_read_input_tokens: 100_000_000_000,
    cache_creation: { ephemeral_1h_input_tokens: 1_000_000_000, ephemeral_5m_input_tokens: 2_000_000_000 },
    output_tokens: 8_000_000_000,
    server_tool_use: { web_search_requests: 120_000 },
    model: "claude-sonnet-4-5-20250929",
    workspace_id: "wrkspc_01",
    api_key_id: null,
    service_tier: "standard",
    context_window: "0-200k",
  };

  it("prices beyond the safe-integer range exactly", () => {
    const priced = priceUsageReportRow({ row, at: "2026-11-01T00:00:00Z" });
    // 40e9 x $3 + 100e9 x $0.30 + 1e9 x $6 + 2e9 x $3.75 (per MTok) + 8e9 x $15 + 120 x $10
    expect(formatUsd(priced.list)).toBe("$284,700.00");
    expect(priced.lines.map((line) => line.item)).toEqual([
      "input",
      "cache_write_5m",
      "cache_write_1h",
      "cache_read",
      "output",
      "web_search",
    ]);
  });

  it("uses the long-context band for 200k-1M rows and batch for the batch tier", () => {
    const long = priceUsageReportRow({
      row: { ...row, context_window: "200k-1M", server_tool_use: null },
      at: "2026-11-01",
    });
    expect(long.band).toBe("long-context-over-200k");
    const batch = priceUsageReportRow({
      row: { ...row, service_tier: "batch", server_tool_use: null },
      at: "2026-11-01",
    });
    const standard = priceUsageReportRow({ row: { ...row, server_tool_use: null }, at: "2026-11-01" });
    expect(batch.list * 2n).toBe(standard.list);
  });

  it("applies contracted rates and rejects malformed rows", () => {
    const priced = priceUsageReportRow({ row, at: "2026-11-01", rates: { discounts: [{ percent: 10 }] } });
    expect(priced.contracted * 10n).toBe(priced.list * 9n);
    expect(() => priceUsageReportRow({ row: { ...row, output_tokens: -3 }, at: "2026-11-01" })).toThrow(
      /usage report row is invalid: row\.output_tokens/,
    );
  });
});
