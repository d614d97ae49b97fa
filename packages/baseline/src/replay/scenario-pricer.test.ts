import type { AnthropicUsage, TokenCounts } from "@rightsize/contracts";
import { type ContractedRates, priceAggregate } from "@rightsize/pricing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ScenarioPricer } from "./scenario-pricer.js";

const MODELS = [
  "claude-haiku-4-5",
  "claude-haiku-5-5",
  "claude-sonnet-4-6",
  "claude-sonnet-5-5",
  "claude-opus-4-7",
] as const;
const DAY = "2026-08-14";

const tokensArbitrary: fc.Arbitrary<TokenCounts> = fc.record({
  uncachedInput: fc.integer({ min: 0, max: 5_000_000 }),
  cacheWrite5m: fc.integer({ min: 0, max: 400_000 }),
  cacheWrite1h: fc.integer({ min: 0, max: 200_000 }),
  cacheRead: fc.integer({ min: 0, max: 3_000_000 }),
  output: fc.integer({ min: 0, max: 900_000 }),
  webSearchRequests: fc.integer({ min: 0, max: 40 }),
});
const scenarioArbitrary = fc.record({
  model: fc.constantFrom(...MODELS),
  tokens: tokensArbitrary,
  requests: fc.integer({ min: 1, max: 400 }),
  batch: fc.boolean(),
  discounted: fc.boolean(),
});
const RATES: ContractedRates = { discounts: [{ percent: 12.5 }] };

function usageOf(tokens: TokenCounts, batch: boolean): AnthropicUsage {
  return {
    input_tokens: tokens.uncachedInput,
    cache_creation: {
      ephemeral_5m_input_tokens: tokens.cacheWrite5m,
      ephemeral_1h_input_tokens: tokens.cacheWrite1h,
    },
    cache_read_input_tokens: tokens.cacheRead,
    output_tokens: tokens.output,
    server_tool_use: { web_search_requests: tokens.webSearchRequests },
    service_tier: batch ? "batch" : "standard",
  };
}

describe("ScenarioPricer", () => {
  it("prices token sums exactly as the pricing engine prices the same sums (list and contracted)", () => {
    const pricers = { list: new ScenarioPricer({}), discounted: new ScenarioPricer({ rates: RATES }) };
    fc.assert(
      fc.property(scenarioArbitrary, ({ model, tokens, requests, batch, discounted }) => {
        const pricer = discounted ? pricers.discounted : pricers.list;
        const priced = pricer.price({ model, tokens, requests, day: DAY, batch, geo: "", fast: false });
        const engine = priceAggregate({
          model,
          usage: usageOf(tokens, batch),
          requests,
          at: DAY,
          ...(discounted ? { rates: RATES } : {}),
        });
        expect(priced).toEqual({ list: engine.list, contracted: engine.contracted });
      }),
      { numRuns: 300 },
    );
  });

  it("scales exactly with counts: k times the tokens over k times the requests costs k times as much", () => {
    const pricer = new ScenarioPricer({ rates: RATES });
    fc.assert(
      fc.property(scenarioArbitrary, fc.integer({ min: 2, max: 1000 }), (scenario, factor) => {
        const { model, tokens, requests, batch } = scenario;
        const scaled = Object.fromEntries(
          Object.entries(tokens).map(([field, count]) => [field, count * factor]),
        ) as unknown as TokenCounts;
        const once = pricer.price({ model, tokens, requests, day: DAY, batch, geo: "", fast: false });
        const many = pricer.price({
          model,
          tokens: scaled,
          requests: requests * factor,
          day: DAY,
          batch,
          geo: "",
          fast: false,
        });
        const k = BigInt(factor);
        expect(many).toEqual({ list: once.list * k, contracted: once.contracted * k });
      }),
      { numRuns: 200 },
    );
  });
});
