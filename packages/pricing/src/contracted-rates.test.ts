import { describe, expect, it } from "vitest";
import { type ContractedRates, parseContractedRates } from "./contracted-rates.js";
import { cost } from "./cost.js";

const at = "2026-11-20";
const usage = { input_tokens: 10_000, output_tokens: 1000, cache_read_input_tokens: 20_000 };

describe("contracted rates", () => {
  it("applies a percentage discount to every line and returns list and contracted", () => {
    const breakdown = cost({
      model: "claude-opus-4-7",
      usage,
      at,
      rates: { discounts: [{ percent: 12.5 }] },
    });
    expect(breakdown.list).toBe(10_000 * 5_000_000 + 1000 * 25_000_000 + 20_000 * 500_000);
    expect(breakdown.contracted).toBe((breakdown.list * 7) / 8);
    expect(breakdown.lines.map((line) => line.contractedUnitPrice)).toEqual([4_375_000, 437_500, 21_875_000]);
  });

  it("honours effective dates and prefers a model-specific discount over a general one", () => {
    const rates: ContractedRates = {
      discounts: [
        { percent: "10", from: "2026-01-01", until: "2026-12-31" },
        { percent: "20", models: ["claude-haiku-4-5"], from: "2026-07-01" },
      ],
    };
    const haikuJune = cost({ model: "claude-haiku-4-5", usage, at: "2026-06-30", rates });
    expect(haikuJune.contracted).toBe((haikuJune.list * 9) / 10);
    const haikuNov = cost({ model: "claude-haiku-4-5", usage, at, rates });
    expect(haikuNov.contracted).toBe((haikuNov.list * 8) / 10);
    const opus2027 = cost({ model: "claude-opus-4-7", usage, at: "2027-01-01", rates });
    expect(opus2027.contracted).toBe(opus2027.list);
  });

  it("layers explicit per-model rates over list, with batch and residency on top, other fields falling back", () => {
    const rates: ContractedRates = {
      discounts: [{ percent: 5 }],
      rates: [{ model: "claude-opus-4-7", from: "2026-09-01", input: "4", output: "20" }],
    };
    const breakdown = cost({
      model: "claude-opus-4-7",
      usage: { ...usage, service_tier: "batch", inference_geo: "us" },
      at,
      rates,
    });
    expect(breakdown.lines.map((line) => [line.item, line.listUnitPrice, line.contractedUnitPrice])).toEqual([
      ["input", 2_750_000, 2_200_000],
      ["cache_read", 275_000, 261_250],
      ["output", 13_750_000, 11_000_000],
    ]);
    const before = cost({ model: "claude-opus-4-7", usage, at: "2026-08-31", rates });
    expect(before.lines[0]!.contractedUnitPrice).toBe(4_750_000);
  });

  it("rounds a discount that does not divide a unit price to the nearest pico-dollar", () => {
    const breakdown = cost({
      model: "claude-haiku-5-5",
      usage: { cache_read_input_tokens: 3 },
      at,
      rates: { discounts: [{ percent: "33.3333" }] },
    });
    // 10,000 x 0.666667 = 6,666.67 -> 6,667 pico-dollars per token.
    expect(breakdown.lines[0]!.contractedUnitPrice).toBe(6667);
    expect(breakdown.contracted).toBe(20_001);
  });

  it("validates with errors that name the path", () => {
    expect(() => parseContractedRates({ discounts: [{ percent: 120 }] })).toThrow(
      "contracted rates are invalid: rates.discounts[0].percent: expected a percentage from 0 to 100",
    );
    expect(() => parseContractedRates({ rates: [{ model: "claude-opus-4-7", input: 4 }] })).toThrow(
      /rates\.rates\[0\]\.input/,
    );
    expect(() => parseContractedRates({ discount: [] })).toThrow(/Unrecognized key/);
    expect(() =>
      cost({
        model: "claude-opus-4-7",
        usage,
        at,
        rates: { rates: [{ model: "claude-opus-9", input: "1" }] },
      }),
    ).toThrow('rates.rates[0].model: unknown model "claude-opus-9"');
    expect(() =>
      cost({
        model: "claude-opus-4-7",
        usage,
        at,
        rates: { discounts: [{ percent: 5 }, { percent: 6, from: "2026-01-01" }] },
      }),
    ).toThrow("rates.discounts[1]: overlaps rates.discounts[0] for the same models and dates");
    expect(() =>
      cost({
        model: "claude-opus-4-7",
        usage,
        at,
        rates: { discounts: [{ percent: 5, from: "2026-02-01", until: "2026-01-01" }] },
      }),
    ).toThrow("rates.discounts[0]: until (2026-01-01) is before from (2026-02-01)");
  });
});
