import { anthropicUsageOf } from "@rightsize/contracts";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileRateCard, type RequestCounts, requestPrice } from "./compiled-rate-card.js";
import type { ContractedRates } from "./contracted-rates.js";
import { convertTokens } from "./convert-tokens.js";
import { cost } from "./cost.js";
import { listModels } from "./model-lookup.js";
import { COST_ITEMS } from "./types.js";

const models = listModels().map((model) => model.id);
/** Days around every rate period, band end, retirement and fast-mode period in the book. */
const dayBetween = (from: number, until: number) =>
  fc
    .integer({ min: from / 86_400_000, max: until / 86_400_000 })
    .map((number) => new Date(number * 86_400_000).toISOString().slice(0, 10));
const day = fc.oneof(
  { weight: 1, arbitrary: dayBetween(Date.UTC(2024, 0, 1), Date.UTC(2027, 11, 31)) },
  { weight: 3, arbitrary: dayBetween(Date.UTC(2026, 0, 1), Date.UTC(2026, 11, 31)) },
);
/** Counts that cross the 100k and 200k prompt bands, include zeros, and reach large totals. */
const tokens = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 1, max: 5_000 }),
  fc.integer({ min: 0, max: 400_000 }),
  fc.integer({ min: 99_990, max: 100_010 }),
  fc.integer({ min: 199_990, max: 200_010 }),
);
const countsArbitrary: fc.Arbitrary<RequestCounts> = fc.record({
  uncachedInput: tokens,
  cacheWrite5m: tokens,
  cacheWrite1h: tokens,
  cacheRead: tokens,
  output: fc.integer({ min: 0, max: 128_000 }),
  webSearchRequests: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 50 })),
  batch: fc.boolean(),
  usGeo: fc.boolean(),
  fast: fc.oneof({ weight: 1, arbitrary: fc.constant(true) }, { weight: 8, arbitrary: fc.constant(false) }),
});
const usd = fc.integer({ min: 0, max: 90_000_000 }).map((micro) => (micro / 1e6).toFixed(6));
const contractArbitrary: fc.Arbitrary<ContractedRates | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.record({
    discounts: fc.array(
      fc.record(
        {
          percent: fc.integer({ min: 0, max: 1_000_000 }).map((basis) => basis / 10_000),
          models: fc.array(fc.constantFrom(...models), { minLength: 1, maxLength: 3 }),
          includeWebSearch: fc.boolean(),
        },
        { requiredKeys: ["percent"] },
      ),
      { maxLength: 1 },
    ),
    rates: fc.array(
      fc.record(
        {
          model: fc.constantFrom(...models),
          from: fc.constantFrom("2025-01-01", "2026-06-01"),
          input: usd,
          cacheWrite5m: usd,
          cacheRead: usd,
          output: usd,
          webSearchPerThousand: fc.integer({ min: 0, max: 90_000 }).map((milli) => (milli / 1e3).toFixed(3)),
        },
        { requiredKeys: ["model"] },
      ),
      { maxLength: 2 },
    ),
  }),
);

/** One priced request: model, day, counts and contracted rates. */
interface Priced {
  model: string;
  at: string;
  counts: RequestCounts;
  rates: ContractedRates | undefined;
}

/** cost()'s outcome for the same request, or its error, in the compiled card's terms. */
function viaCost({ model, at, counts, rates }: Priced) {
  try {
    const usage = anthropicUsageOf(counts);
    usage.service_tier = counts.batch ? "batch" : "standard";
    usage.inference_geo = counts.usGeo ? "us" : "global";
    usage.speed = counts.fast ? "fast" : "standard";
    const breakdown = cost({ model, usage, at, rates });
    const lines = COST_ITEMS.map((item) => breakdown.lines.find((line) => line.item === item)?.list ?? 0);
    return {
      list: breakdown.list,
      contracted: breakdown.contracted,
      band: breakdown.band,
      batch: breakdown.modifiers.batch,
      usResidency: breakdown.modifiers.usResidency,
      fast: breakdown.modifiers.fast,
      confirmed: breakdown.confirmed,
      lines,
    };
  } catch (error) {
    return { error: String((error as { code?: unknown }).code), message: (error as Error).message };
  }
}

function viaCard({ model, at, counts, rates }: Priced) {
  let card: ReturnType<typeof compileRateCard>;
  try {
    card = compileRateCard({ model, at, rates });
  } catch (error) {
    return { compileError: String((error as { code?: unknown }).code) };
  }
  try {
    const price = card.price(counts, requestPrice());
    expect(card.listPrice(counts)).toBe(price.list);
    return { ...price, lines: [...price.lines] };
  } catch (error) {
    return { error: String((error as { code?: unknown }).code), message: (error as Error).message };
  }
}

describe("compiled rate cards", () => {
  it("price every request exactly as cost() does, to the pico-dollar (figures and errors)", () => {
    fc.assert(
      fc.property(
        fc.record({
          model: fc.constantFrom(...models),
          at: day,
          counts: countsArbitrary,
          rates: contractArbitrary,
        }),
        (request) => {
          const { counts } = request;
          const compiled = viaCard(request);
          const reference = viaCost(request);
          if ("compileError" in compiled) {
            // A card fails for its model, day or contract: cost() refuses the request too, with the
            // same code unless the request is fast mode (cost() then names that problem first).
            expect(reference).toHaveProperty("error");
            if (!counts.fast) expect((reference as { error: string }).error).toBe(compiled.compileError);
          } else {
            expect(compiled).toEqual(reference);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("price many requests with one card and one reused result, each as cost() does", () => {
    const at = "2026-11-20";
    const live = listModels().filter((model) => model.retiredAt === null || model.retiredAt > at);
    fc.assert(
      fc.property(
        fc.constantFrom(...live.map((model) => model.id)),
        fc.array(countsArbitrary, { minLength: 1, maxLength: 20 }),
        (model, requests) => {
          const card = compileRateCard({ model, at });
          const into = requestPrice();
          for (const counts of requests) {
            let outcome: object;
            try {
              const price = card.price(counts, into);
              outcome = { ...price, lines: [...price.lines] };
            } catch (error) {
              outcome = {
                error: String((error as { code?: unknown }).code),
                message: (error as Error).message,
              };
            }
            expect(outcome).toEqual(viaCost({ model, at, counts, rates: undefined }));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("converts tokens across tokenizers as convertTokens does", () => {
    const at = "2026-11-20";
    const live = listModels().filter((model) => model.retiredAt === null || model.retiredAt > at);
    fc.assert(
      fc.property(
        fc.constantFrom(...live.map((model) => model.id)),
        fc.constantFrom(...live.map((model) => model.id)),
        fc.integer({ min: 0, max: 2_000_000 }),
        (from, to, count) => {
          const converted = compileRateCard({ model: from, at }).tokensOn(
            compileRateCard({ model: to, at }),
            count,
          );
          expect(converted).toBe(convertTokens({ tokens: count, from, to }));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("covers exactly its UTC day", () => {
    const card = compileRateCard({ model: "claude-haiku-4-5", at: "2026-11-20T13:00:00Z" });
    expect(card.pricedAt).toBe("2026-11-20");
    expect(card.covers(Date.parse("2026-11-20T00:00:00Z"))).toBe(true);
    expect(card.covers(Date.parse("2026-11-20T23:59:59.999Z"))).toBe(true);
    expect(card.covers(Date.parse("2026-11-21T00:00:00Z"))).toBe(false);
    expect(card.covers(Date.parse("2026-11-19T23:59:59.999Z"))).toBe(false);
  });
});
