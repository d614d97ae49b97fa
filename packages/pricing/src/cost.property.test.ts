import type { AnthropicUsage } from "@rightsize/contracts";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ContractedRates } from "./contracted-rates.js";
import { cost } from "./cost.js";
import { listModels } from "./model-lookup.js";
import { defaultPriceBook } from "./price-book.js";

const at = "2026-11-20";
/** Models priced on `at` (retired ones excluded), and the unbanded subset for additivity. */
const models = listModels()
  .filter((model) => model.retiredAt === null || model.retiredAt > at)
  .map((model) => model.id);
const unbanded = models.filter((id) =>
  defaultPriceBook.data.models
    .find((entry) => entry.id === id)!
    .bands.every((band) => band.until !== null && band.until < at),
);

const count = fc.integer({ min: 0, max: 400_000 });
const usageArbitrary = fc.record({
  input_tokens: count,
  cache_read_input_tokens: count,
  output_tokens: fc.integer({ min: 0, max: 128_000 }),
  cache_creation: fc.record({ ephemeral_5m_input_tokens: count, ephemeral_1h_input_tokens: count }),
  server_tool_use: fc.record({ web_search_requests: fc.integer({ min: 0, max: 50 }) }),
});
const fields = ["input_tokens", "cache_read_input_tokens", "output_tokens", "5m", "1h", "searches"] as const;

function bump(usage: AnthropicUsage, field: (typeof fields)[number], by: number): AnthropicUsage {
  const next = structuredClone(usage);
  if (field === "5m") next.cache_creation!.ephemeral_5m_input_tokens! += by;
  else if (field === "1h") next.cache_creation!.ephemeral_1h_input_tokens! += by;
  else if (field === "searches") next.server_tool_use!.web_search_requests! += by;
  else next[field] = (next[field] ?? 0) + by;
  return next;
}

describe("cost properties", () => {
  it("batch is exactly half of standard on every line (web search excepted), for every model", () => {
    fc.assert(
      fc.property(fc.constantFrom(...models), usageArbitrary, fc.boolean(), (model, usage, us) => {
        const geo =
          us &&
          cost({ model, usage: {}, at }).model &&
          listModels().find((info) => info.id === model)!.usResidency
            ? "us"
            : undefined;
        const standard = cost({ model, usage, at, geo });
        const batch = cost({ model, usage: { ...usage, service_tier: "batch" }, at, geo });
        expect(batch.modifiers.batch).toBe(true);
        batch.lines.forEach((line, index) => {
          const reference = standard.lines[index]!;
          expect(line.item).toBe(reference.item);
          expect(line.item === "web_search" ? line.list : line.list * 2).toBe(reference.list);
        });
      }),
      { numRuns: 300 },
    );
  });

  it("is monotone in every token count and in web searches", () => {
    fc.assert(
      fc.property(
        fc.record({
          model: fc.constantFrom(...models),
          usage: usageArbitrary,
          field: fc.constantFrom(...fields),
          by: fc.integer({ min: 1, max: 300_000 }),
        }),
        ({ model, usage, field, by }) => {
          const before = cost({ model, usage, at });
          const after = cost({ model, usage: bump(usage, field, by), at });
          expect(after.list).toBeGreaterThan(before.list);
          expect(after.contracted).toBeGreaterThanOrEqual(before.contracted);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("contracted is below list whenever a positive discount applies", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...models),
        usageArbitrary,
        fc.integer({ min: 1, max: 9999 }).map((basisPoints) => basisPoints / 100),
        (model, usage, percent) => {
          const rates: ContractedRates = { discounts: [{ percent }] };
          const breakdown = cost({ model, usage, at, rates });
          for (const line of breakdown.lines) {
            expect(line.contracted).toBeLessThanOrEqual(line.list);
            expect(line.contractedUnitPrice).toBeLessThan(line.listUnitPrice);
          }
          if (breakdown.list > 0) expect(breakdown.contracted).toBeLessThan(breakdown.list);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("a usage split across two requests costs the sum of each (unbanded models)", () => {
    fc.assert(
      fc.property(
        fc.record({
          model: fc.constantFrom(...unbanded),
          first: usageArbitrary,
          second: usageArbitrary,
          batch: fc.boolean(),
        }),
        ({ model, first, second, batch }) => {
          const tier = batch ? "batch" : "standard";
          const whole = {
            input_tokens: first.input_tokens + second.input_tokens,
            cache_read_input_tokens: first.cache_read_input_tokens + second.cache_read_input_tokens,
            output_tokens: first.output_tokens + second.output_tokens,
            cache_creation: {
              ephemeral_5m_input_tokens:
                first.cache_creation.ephemeral_5m_input_tokens +
                second.cache_creation.ephemeral_5m_input_tokens,
              ephemeral_1h_input_tokens:
                first.cache_creation.ephemeral_1h_input_tokens +
                second.cache_creation.ephemeral_1h_input_tokens,
            },
            server_tool_use: {
              web_search_requests:
                first.server_tool_use.web_search_requests + second.server_tool_use.web_search_requests,
            },
            service_tier: tier,
          };
          const parts =
            cost({ model, usage: { ...first, service_tier: tier }, at }).list +
            cost({ model, usage: { ...second, service_tier: tier }, at }).list;
          expect(cost({ model, usage: whole, at }).list).toBe(parts);
        },
      ),
      { numRuns: 300 },
    );
  });
});
