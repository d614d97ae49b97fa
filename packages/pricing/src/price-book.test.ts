import { describe, expect, it } from "vitest";
import { cost } from "./cost.js";
import { getModel, listModels } from "./model-lookup.js";
import { defaultPriceBook, loadPriceBook } from "./price-book.js";
import { PricingError } from "./pricing-error.js";
import { rateCard } from "./rate-card.js";

/**
 * Every model of the book, typed by hand from /work/shared/facts/anthropic.md (USD per MTok:
 * in, 5m write, 1h write, read, out), with a day on which the rates apply. A model added to the
 * book without a row here fails the "one row per model" test.
 */
const rows: [
  id: string,
  alias: string | null,
  day: string,
  rates: [number, number, number, number, number],
][] = [
  ["claude-fable-5-2", "claude-mythos-5-2", "2026-11-20", [8, 10, 16, 0.2, 40]],
  ["claude-fable-5-1", "claude-mythos-5-1", "2026-11-20", [10, 12.5, 20, 0.25, 50]],
  ["claude-fable-5", "claude-mythos-5", "2026-11-20", [10, 12.5, 20, 1, 50]],
  ["claude-opus-5-5", null, "2026-11-20", [4, 5, 8, 0.2, 20]],
  ["claude-opus-5", null, "2026-11-20", [5, 6.25, 10, 0.5, 25]],
  ["claude-opus-4-8", null, "2026-11-20", [5, 6.25, 10, 0.5, 25]],
  ["claude-opus-4-7", null, "2026-11-20", [5, 6.25, 10, 0.5, 25]],
  ["claude-opus-4-6", null, "2026-11-20", [5, 6.25, 10, 0.5, 25]],
  ["claude-opus-4-5-20251101", "claude-opus-4-5", "2026-11-20", [5, 6.25, 10, 0.5, 25]],
  ["claude-opus-4-1-20250805", "claude-opus-4-1", "2026-08-04", [15, 18.75, 30, 1.5, 75]],
  ["claude-opus-4-20250514", "claude-opus-4-0", "2026-06-14", [15, 18.75, 30, 1.5, 75]],
  ["claude-sonnet-5-5", null, "2026-10-06", [2, 2.5, 4, 0.2, 10]],
  ["claude-sonnet-5", null, "2026-11-20", [2, 2.5, 4, 0.2, 10]],
  ["claude-sonnet-4-6", null, "2026-11-20", [3, 3.75, 6, 0.3, 15]],
  ["claude-sonnet-4-5-20250929", "claude-sonnet-4-5", "2026-11-20", [3, 3.75, 6, 0.3, 15]],
  ["claude-sonnet-4-20250514", "claude-sonnet-4-0", "2026-06-14", [3, 3.75, 6, 0.3, 15]],
  ["claude-3-7-sonnet-20250219", "claude-3-7-sonnet-latest", "2026-02-18", [3, 3.75, 6, 0.3, 15]],
  ["claude-haiku-5-5", null, "2026-11-20", [0.1, 0.125, 0.2, 0.01, 0.5]],
  ["claude-haiku-4-5-20251001", "claude-haiku-4-5", "2026-11-20", [1, 1.25, 2, 0.1, 5]],
  ["claude-3-5-haiku-20241022", "claude-3-5-haiku-latest", "2026-02-18", [0.8, 1, 1.6, 0.08, 4]],
  ["claude-3-haiku-20240307", null, "2026-11-20", [0.25, 0.3, 0.5, 0.03, 1.25]],
];

const picoPerToken = (usdPerMillion: number) => Math.round(usdPerMillion * 1_000_000);

describe("default price book", () => {
  it("has exactly one test row per model", () => {
    expect(
      listModels()
        .map((model) => model.id)
        .sort(),
    ).toEqual(rows.map(([id]) => id).sort());
  });

  // it.for hands each row over as one argument (it.each would spread it into four).
  it.for(rows)(
    "%s (alias %s) on %s has the facts-file rates",
    ([id, alias, day, [input, w5m, w1h, read, output]]) => {
      const expected = {
        input: picoPerToken(input),
        cacheWrite5m: picoPerToken(w5m),
        cacheWrite1h: picoPerToken(w1h),
        cacheRead: picoPerToken(read),
        output: picoPerToken(output),
      };
      expect(rateCard({ model: id, at: day })).toEqual(expected);
      if (alias !== null) {
        expect(getModel(alias).id).toBe(id);
        expect(rateCard({ model: alias, at: day })).toEqual(expected);
      }
      const breakdown = cost({
        model: alias ?? id,
        usage: { input_tokens: 50_000, output_tokens: 1_000_000 },
        at: day,
      });
      expect(breakdown.model).toBe(id);
      expect(breakdown.list).toBe(expected.input * 50_000 + expected.output * 1_000_000);
    },
  );

  it("moves Sonnet 5.5's cache read to $0.10 on 2026-10-07, marked unconfirmed", () => {
    expect(rateCard({ model: "claude-sonnet-5-5", at: "2026-10-06" }).cacheRead).toBe(200_000);
    expect(rateCard({ model: "claude-sonnet-5-5", at: "2026-10-07" }).cacheRead).toBe(100_000);
    const usage = { input_tokens: 10, cache_read_input_tokens: 1000 };
    expect(cost({ model: "claude-sonnet-5-5", usage, at: "2026-10-06" }).confirmed).toBe(true);
    expect(cost({ model: "claude-sonnet-5-5", usage, at: "2026-10-07" }).confirmed).toBe(false);
    // The unconfirmed rate is not used when there are no cache reads.
    expect(
      cost({ model: "claude-sonnet-5-5", usage: { input_tokens: 10 }, at: "2026-10-07" }).confirmed,
    ).toBe(true);
  });

  it("marks Fable 5.2 (third-party prices) unconfirmed, and the released models' entries as sourced", () => {
    expect(getModel("claude-fable-5-2")).toMatchObject({ confirmed: false, releasedAt: "2026-11-09" });
    expect(cost({ model: "claude-mythos-5-2", usage: { input_tokens: 1 }, at: "2026-11-10" })).toMatchObject({
      confirmed: false,
      sources: ["third-party"],
    });
    for (const model of listModels()) expect(defaultPriceBook.data.sources[model.source]).toBeDefined();
  });

  it("carries lifecycle, context and tokenizer facts", () => {
    expect(getModel("claude-haiku-4-5")).toMatchObject({
      family: "haiku",
      tokenizer: "v1",
      contextWindow: 200_000,
      maxOutputTokens: 64_000,
      minCacheableTokens: 4096,
      status: "legacy",
    });
    expect(getModel("claude-opus-4-7")).toMatchObject({
      tokenizer: "v2",
      contextWindow: 1_000_000,
      usResidency: true,
    });
    expect(getModel("claude-opus-4-1")).toMatchObject({ status: "retired", retiredAt: "2026-08-05" });
    expect(getModel("claude-sonnet-4-5")).toMatchObject({ status: "deprecated", retiredAt: "2026-11-30" });
    expect(getModel("claude-haiku-5-5").minCacheableTokens).toBeNull();
    expect(listModels({ family: "haiku", status: "active" }).map((model) => model.id)).toEqual([
      "claude-haiku-5-5",
    ]);
  });
});

describe("loadPriceBook", () => {
  const data = () =>
    structuredClone(defaultPriceBook.data) as unknown as { models: Record<string, unknown>[] };

  it("names the path of a malformed rate", () => {
    const broken = data();
    (broken.models[3]!.rates as Record<string, unknown>[])[0]!.input = "four";
    expect(() => loadPriceBook({ data: broken })).toThrow(
      /models\[3\]\.rates\[0\]\.input: expected a decimal string/,
    );
  });

  it("rejects overlapping periods, duplicate aliases and unknown sources", () => {
    const overlapping = data();
    const periods = overlapping.models[0]!.rates as Record<string, unknown>[];
    periods.push({ ...periods[0]!, from: "2026-11-20" });
    expect(() => loadPriceBook({ data: overlapping })).toThrow(/rates\[1\]: overlaps the previous period/);
    const duplicate = data();
    duplicate.models[1]!.aliases = ["claude-mythos-5-2"];
    expect(() => loadPriceBook({ data: duplicate })).toThrow(
      /"claude-mythos-5-2" is already the id or alias of claude-fable-5-2/,
    );
    const unsourced = data();
    unsourced.models[0]!.source = "nowhere";
    expect(() => loadPriceBook({ data: unsourced })).toThrow(expect.toSatisfy(PricingError.isInstance));
  });

  it("rejects a rate that batch and residency cannot scale to whole pico-dollars", () => {
    const inexact = data();
    (inexact.models[0]!.rates as Record<string, unknown>[])[0]!.input = "0.000001";
    expect(() => loadPriceBook({ data: inexact })).toThrow(/not a whole number of pico-dollars/);
  });

  it("reports an unreadable file", () => {
    expect(() => loadPriceBook({ path: "/nonexistent/book.json" })).toThrow(/cannot read it as JSON/);
  });
});
