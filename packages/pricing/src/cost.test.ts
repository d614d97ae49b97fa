import { formatUsd, sumPico } from "@rightsize/contracts";
import { describe, expect, it } from "vitest";
import { cost } from "./cost.js";
import { PricingError } from "./pricing-error.js";

const at = "2026-11-20";
const perRequest = (model: string, tokens: { input: number; output: number; tier?: "batch" }) =>
  cost({
    model,
    usage: { input_tokens: tokens.input, output_tokens: tokens.output, service_tier: tokens.tier },
    at,
  });
const times = (breakdown: { list: number }, requests: number) => BigInt(breakdown.list) * BigInt(requests);

describe("worked examples of the facts file", () => {
  it("1M requests/month of 5K in + 2K out on Opus 4.7 cost $75,000", () => {
    expect(formatUsd(times(perRequest("claude-opus-4-7", { input: 5000, output: 2000 }), 1_000_000))).toBe(
      "$75,000.00",
    );
  });

  it("70% Haiku 4.5 / 30% Opus 4.7 costs $33,000; 50/50 costs $45,000 (saves $30,000)", () => {
    const haiku = perRequest("claude-haiku-4-5", { input: 5000, output: 2000 });
    const opus = perRequest("claude-opus-4-7", { input: 5000, output: 2000 });
    expect(formatUsd(times(haiku, 700_000) + times(opus, 300_000))).toBe("$33,000.00");
    const half = times(haiku, 500_000) + times(opus, 500_000);
    expect(formatUsd(half)).toBe("$45,000.00");
    expect(formatUsd(times(opus, 1_000_000) - half)).toBe("$30,000.00");
  });

  it("batch Haiku 4.5, 100K/day of 2K in + 500 out: $100 + $125 = $225/day; standard Opus 4.7 $2,250/day", () => {
    const batch = perRequest("claude-haiku-4-5", { input: 2000, output: 500, tier: "batch" });
    const line = (item: string) => BigInt(batch.lines.find((entry) => entry.item === item)!.list) * 100_000n;
    expect(formatUsd(line("input"))).toBe("$100.00");
    expect(formatUsd(line("output"))).toBe("$125.00");
    expect(formatUsd(times(batch, 100_000))).toBe("$225.00");
    const opus = perRequest("claude-opus-4-7", { input: 2000, output: 500 });
    expect(formatUsd(times(opus, 100_000))).toBe("$2,250.00");
  });

  it("one request of 2,000 in + 500 out: Sonnet 4.6 $0.0135, Opus 4.1 $0.0675, Opus 4.7 $0.0225", () => {
    expect(
      formatUsd(perRequest("claude-sonnet-4-6", { input: 2000, output: 500 }).list, { decimals: 4 }),
    ).toBe("$0.0135");
    const opus41 = cost({
      model: "claude-opus-4-1",
      usage: { input_tokens: 2000, output_tokens: 500 },
      at: "2026-01-15",
    });
    expect(formatUsd(opus41.list, { decimals: 4 })).toBe("$0.0675");
    expect(formatUsd(perRequest("claude-opus-4-7", { input: 2000, output: 500 }).list, { decimals: 4 })).toBe(
      "$0.0225",
    );
  });
});

describe("cost of one response", () => {
  it("itemizes every token type with exact integer unit prices and amounts", () => {
    const breakdown = cost({
      model: "claude-sonnet-4-6",
      at,
      usage: {
        input_tokens: 1200,
        cache_creation_input_tokens: 3000,
        cache_creation: { ephemeral_5m_input_tokens: 1000, ephemeral_1h_input_tokens: 2000 },
        cache_read_input_tokens: 50_000,
        output_tokens: 800,
        server_tool_use: { web_search_requests: 3, web_fetch_requests: 2 },
      },
    });
    expect(breakdown.lines).toEqual([
      {
        item: "input",
        quantity: 1200,
        listUnitPrice: 3_000_000,
        contractedUnitPrice: 3_000_000,
        list: 3_600_000_000,
        contracted: 3_600_000_000,
      },
      {
        item: "cache_write_5m",
        quantity: 1000,
        listUnitPrice: 3_750_000,
        contractedUnitPrice: 3_750_000,
        list: 3_750_000_000,
        contracted: 3_750_000_000,
      },
      {
        item: "cache_write_1h",
        quantity: 2000,
        listUnitPrice: 6_000_000,
        contractedUnitPrice: 6_000_000,
        list: 12_000_000_000,
        contracted: 12_000_000_000,
      },
      {
        item: "cache_read",
        quantity: 50_000,
        listUnitPrice: 300_000,
        contractedUnitPrice: 300_000,
        list: 15_000_000_000,
        contracted: 15_000_000_000,
      },
      {
        item: "output",
        quantity: 800,
        listUnitPrice: 15_000_000,
        contractedUnitPrice: 15_000_000,
        list: 12_000_000_000,
        contracted: 12_000_000_000,
      },
      {
        item: "web_search",
        quantity: 3,
        listUnitPrice: 10_000_000_000,
        contractedUnitPrice: 10_000_000_000,
        list: 30_000_000_000,
        contracted: 30_000_000_000,
      },
    ]);
    expect(breakdown.list).toBe(76_350_000_000);
    expect(breakdown.list).toBe(Number(sumPico(breakdown.lines.map((line) => line.list))));
    expect(breakdown).toMatchObject({
      model: "claude-sonnet-4-6",
      pricedAt: at,
      band: "standard",
      promptTokens: 54_200,
      outputTokens: 800,
    });
  });

  it("treats an old response's cache_creation_input_tokens without the split as 5-minute writes", () => {
    const breakdown = cost({
      model: "claude-haiku-4-5",
      at,
      usage: { input_tokens: 10, cache_creation_input_tokens: 4096, cache_creation: null },
    });
    expect(breakdown.lines.map((line) => [line.item, line.quantity])).toEqual([
      ["input", 10],
      ["cache_write_5m", 4096],
    ]);
  });

  it("accepts null and missing fields as zero", () => {
    const breakdown = cost({
      model: "claude-haiku-4-5",
      at,
      usage: {
        input_tokens: null,
        output_tokens: 7,
        cache_read_input_tokens: null,
        server_tool_use: null,
        service_tier: null,
        inference_geo: null,
      },
    });
    expect(breakdown.lines).toHaveLength(1);
    expect(breakdown.list).toBe(35_000_000);
    expect(cost({ model: "claude-haiku-4-5", at, usage: {} }).list).toBe(0);
  });

  it("applies batch (x1/2) and US residency (x11/10) on 4.6+, stacked, exactly", () => {
    const usage = { input_tokens: 1000, output_tokens: 100 };
    const standard = cost({ model: "claude-opus-4-6", at, usage }).list;
    const us = cost({ model: "claude-opus-4-6", at, usage: { ...usage, inference_geo: "us" } });
    expect(us.list).toBe((standard * 11) / 10);
    expect(us.modifiers).toEqual({ batch: false, usResidency: true, fast: false });
    const both = cost({
      model: "claude-opus-4-6",
      at,
      geo: "us",
      usage: { ...usage, service_tier: "batch" },
    });
    expect(both.list).toBe((standard * 11) / 20);
    expect(both.lines[0]!.listUnitPrice).toBe(2_750_000);
    // geo: "global" overrides what the usage reports (a counterfactual).
    expect(
      cost({ model: "claude-opus-4-6", at, geo: "global", usage: { ...usage, inference_geo: "us" } }).list,
    ).toBe(standard);
  });

  it("ignores a usage-reported US geo on models without residency pricing, but rejects the option", () => {
    const usage = { input_tokens: 1000, inference_geo: "us" };
    expect(cost({ model: "claude-haiku-4-5", at, usage }).modifiers.usResidency).toBe(false);
    expect(() => cost({ model: "claude-haiku-4-5", at, geo: "us", usage })).toThrow(
      "claude-haiku-4-5-20251001 has no US data-residency pricing (inference_geo is Claude 4.6 and later)",
    );
  });

  it("prices fast mode at the fast rates, with cache and residency on top; not with batch", () => {
    const usage = { input_tokens: 1000, output_tokens: 1000, cache_read_input_tokens: 1000 };
    const fast = cost({ model: "claude-opus-5-5", at, speed: "fast", usage });
    expect(fast.lines.map((line) => line.listUnitPrice)).toEqual([8_000_000, 400_000, 40_000_000]);
    expect(cost({ model: "claude-opus-5-5", at, usage: { ...usage, speed: "fast" } }).list).toBe(fast.list);
    expect(cost({ model: "claude-opus-5-5", at, speed: "fast", geo: "us", usage }).list).toBe(
      (fast.list * 11) / 10,
    );
    expect(() =>
      cost({ model: "claude-opus-5-5", at, speed: "fast", usage: { ...usage, service_tier: "batch" } }),
    ).toThrow("fast mode is not available on the Batch API");
    expect(() => cost({ model: "claude-sonnet-4-6", at, speed: "fast", usage })).toThrow(
      "claude-sonnet-4-6 has no fast mode",
    );
  });

  it("adds the web-search fee ($10 per 1,000) without batch or residency modifiers", () => {
    const breakdown = cost({
      model: "claude-opus-4-7",
      at,
      geo: "us",
      usage: { service_tier: "batch", server_tool_use: { web_search_requests: 1000 } },
    });
    expect(formatUsd(breakdown.list)).toBe("$10.00");
  });
});

describe("price bands", () => {
  it("bills every token of a Haiku 5.5 request over 100K prompt tokens at the higher band", () => {
    const under = cost({
      model: "claude-haiku-5-5",
      at,
      usage: { input_tokens: 60_000, cache_read_input_tokens: 40_000, output_tokens: 1000 },
    });
    expect(under.band).toBe("standard");
    expect(under.list).toBe(60_000 * 100_000 + 40_000 * 10_000 + 1000 * 500_000);
    const over = cost({
      model: "claude-haiku-5-5",
      at,
      usage: { input_tokens: 60_001, cache_read_input_tokens: 40_000, output_tokens: 1000 },
    });
    expect(over.band).toBe("haiku-over-100k");
    expect(over.list).toBe(60_001 * 500_000 + 40_000 * 50_000 + 1000 * 2_500_000);
    // The 1-hour write of the higher band is unconfirmed; used only when there are 1h writes.
    expect(over.confirmed).toBe(true);
    const withHour = cost({
      model: "claude-haiku-5-5",
      at,
      usage: { input_tokens: 100_001, cache_creation: { ephemeral_1h_input_tokens: 1 } },
    });
    expect(withHour.confirmed).toBe(false);
  });

  it("applies the legacy long-context premium over 200K on Sonnet 4.5 and, until 2026-03-12, on 4.6 models", () => {
    const big = {
      input_tokens: 150_000,
      cache_creation_input_tokens: 25_000,
      cache_read_input_tokens: 25_001,
      output_tokens: 1000,
    };
    const sonnet45 = cost({ model: "claude-sonnet-4-5", at: "2026-11-01", usage: big });
    expect(sonnet45.band).toBe("long-context-over-200k");
    expect(sonnet45.lines.map((line) => line.listUnitPrice)).toEqual([
      6_000_000, 7_500_000, 600_000, 22_500_000,
    ]);
    expect(cost({ model: "claude-opus-4-6", at: "2026-03-12", usage: big }).lines.at(-1)!.listUnitPrice).toBe(
      37_500_000,
    );
    expect(cost({ model: "claude-opus-4-6", at: "2026-03-13", usage: big }).band).toBe("standard");
    expect(cost({ model: "claude-sonnet-4-6", at: "2026-03-13", usage: big }).band).toBe("standard");
    expect(
      cost({ model: "claude-sonnet-4-5", at, usage: { ...big, cache_read_input_tokens: 25_000 } }).band,
    ).toBe("standard");
  });
});

describe("bad input", () => {
  const expectError = (run: () => unknown, code: string, message: string | RegExp) => {
    try {
      run();
    } catch (error) {
      expect(PricingError.isInstance(error)).toBe(true);
      expect((error as PricingError).code).toBe(code);
      expect((error as PricingError).message).toMatch(message);
      return;
    }
    throw new Error("expected a PricingError");
  };

  it("rejects negative, fractional and non-numeric token counts, naming the field", () => {
    expectError(
      () => cost({ model: "claude-haiku-4-5", at, usage: { input_tokens: -5 } }),
      "invalid_usage",
      "usage.input_tokens: expected a non-negative integer (or null), got -5",
    );
    expectError(
      () => cost({ model: "claude-haiku-4-5", at, usage: { output_tokens: 1.5 } }),
      "invalid_usage",
      "usage.output_tokens",
    );
    expectError(
      () =>
        cost({
          model: "claude-haiku-4-5",
          at,
          usage: { cache_creation: { ephemeral_1h_input_tokens: "9" as unknown as number } },
        }),
      "invalid_usage",
      'usage.cache_creation.ephemeral_1h_input_tokens: expected a non-negative integer (or null), got "9"',
    );
    expectError(
      () => cost({ model: "claude-haiku-4-5", at, usage: null as never }),
      "invalid_usage",
      "usage: expected a usage object, got null",
    );
    expectError(
      () => cost({ model: "claude-haiku-4-5", at, usage: { service_tier: "flex" } }),
      "invalid_usage",
      'usage.service_tier: expected "standard", "priority" or "batch", got "flex"',
    );
  });

  it("rejects a cache-creation total that disagrees with its split", () => {
    expectError(
      () =>
        cost({
          model: "claude-haiku-4-5",
          at,
          usage: {
            cache_creation_input_tokens: 10,
            cache_creation: { ephemeral_5m_input_tokens: 4, ephemeral_1h_input_tokens: 5 },
          },
        }),
      "invalid_usage",
      "cache_creation_input_tokens (10) differs from ephemeral_5m + ephemeral_1h (4 + 5)",
    );
  });

  it("rejects an unknown model listing the closest ids", () => {
    expectError(
      () => cost({ model: "claude-haiku-4.5", at, usage: {} }),
      "unknown_model",
      /unknown model "claude-haiku-4.5" .*closest known: claude-haiku-4-5/,
    );
    expectError(() => cost({ model: "gpt-4o", at, usage: {} }), "unknown_model", /closest known: /);
  });

  it("rejects a date before the rates start or after retirement, and malformed dates", () => {
    expectError(
      () => cost({ model: "claude-haiku-4-5", at: "2025-09-30", usage: {} }),
      "no_rates_for_date",
      "claude-haiku-4-5-20251001 has no rates on 2025-09-30; its rates start on 2025-10-01",
    );
    expectError(
      () => cost({ model: "claude-opus-4-0", at: "2026-06-15", usage: {} }),
      "no_rates_for_date",
      "retired on 2026-06-15",
    );
    expectError(
      () => cost({ model: "claude-fable-5-2", at: "2026-11-08T23:59:59Z", usage: {} }),
      "no_rates_for_date",
      /2026-11-08/,
    );
    expectError(
      () => cost({ model: "claude-haiku-4-5", at: "2026-02-30", usage: {} }),
      "invalid_option",
      'at: expected a Date, a YYYY-MM-DD day or an ISO 8601 timestamp, got "2026-02-30"',
    );
    expectError(
      () => cost({ model: "claude-haiku-4-5", at: "yesterday", usage: {} }),
      "invalid_option",
      "at: expected",
    );
  });

  it("rejects bad geo and speed options", () => {
    expectError(
      () => cost({ model: "claude-opus-4-7", at, usage: {}, geo: "eu" as never }),
      "invalid_option",
      'geo: expected "us" or "global", got "eu"',
    );
    expectError(
      () => cost({ model: "claude-opus-4-7", at, usage: {}, speed: "turbo" as never }),
      "invalid_option",
      'speed: expected "standard" or "fast", got "turbo"',
    );
  });

  it("refuses a single request whose cost leaves the safe-integer range", () => {
    expectError(
      () => cost({ model: "claude-opus-4-1", at: "2026-01-01", usage: { output_tokens: 2 ** 52 } }),
      "amount_too_large",
      /priceAggregate/,
    );
  });
});

describe("shared result parts", () => {
  it("returns frozen, shared modifier flags and source lists that name the modifiers used", () => {
    const usage = {
      input_tokens: 10,
      service_tier: "batch",
      inference_geo: "us",
      server_tool_use: { web_search_requests: 1 },
    };
    const first = cost({ model: "claude-opus-4-7", at, usage });
    const second = cost({ model: "claude-opus-4-7", at, usage });
    expect(first.sources).toEqual(["anthropic-pricing", "anthropic-batch"]);
    expect(second.sources).toBe(first.sources);
    expect(Object.isFrozen(first.sources)).toBe(true);
    expect(second.modifiers).toBe(first.modifiers);
    expect(Object.isFrozen(first.modifiers)).toBe(true);
    expect(cost({ model: "claude-opus-4-7", at, usage: { input_tokens: 10 } }).sources).toEqual([
      "anthropic-pricing",
    ]);
  });
});
