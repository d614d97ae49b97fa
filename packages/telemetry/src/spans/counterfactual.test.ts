import { type AnthropicUsage, anthropicUsageOf } from "@rightsize/contracts";
import { convertTokens, cost, listModels } from "@rightsize/pricing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CallPricing } from "../internal/pricing-port.js";
import { attributeSavings, type PricedAttempt } from "./counterfactual.js";
import { normalizeUsage } from "./usage.js";

const at = new Date("2026-11-20T00:00:00Z");
const models = listModels()
  .filter((model) => model.status !== "retired")
  .map((model) => model.id);

const usageArbitrary = fc.record({
  input_tokens: fc.nat({ max: 200_000 }),
  output_tokens: fc.nat({ max: 64_000 }),
  cache_read_input_tokens: fc.nat({ max: 300_000 }),
  cache_creation: fc.record({
    ephemeral_5m_input_tokens: fc.nat({ max: 50_000 }),
    ephemeral_1h_input_tokens: fc.nat({ max: 50_000 }),
  }),
  service_tier: fc.constantFrom("standard", "batch"),
});

function priced(model: string, usage: AnthropicUsage): PricedAttempt {
  const normalized = normalizeUsage(usage);
  return { model, usage: normalized, atMs: at.getTime(), list: cost({ model, usage, at }).list };
}

/** The counterfactual as pricing's cost() gives it, price by price (the reference of the compiled path). */
function savingsByCost(attempts: PricedAttempt[], answer: PricedAttempt, baselineModel: string) {
  const price = (model: string, usage: AnthropicUsage) => BigInt(cost({ model, usage, at }).list);
  const source = (attempt: PricedAttempt) => attempt.usage;
  const convert = (tokens: number) =>
    tokens === 0 ? 0 : convertTokens({ tokens, from: answer.model, to: baselineModel });
  const prompt = (usage: PricedAttempt["usage"]) =>
    usage.uncachedInput + usage.cacheRead + usage.cacheWrite5m + usage.cacheWrite1h;
  const baseline = price(baselineModel, {
    input_tokens: convert(prompt(answer.usage)),
    output_tokens: convert(answer.usage.output),
  });
  let uncached = 0n;
  let cached = 0n;
  let actual = 0n;
  for (const attempt of attempts) {
    const usage = source(attempt);
    cached += price(attempt.model, { ...anthropicUsageOf(usage), service_tier: "standard" });
    uncached += price(attempt.model, { input_tokens: prompt(usage), output_tokens: usage.output });
    actual += BigInt(attempt.list);
  }
  return {
    baselineModel,
    baseline: Number(baseline),
    routing: Number(baseline - uncached),
    caching: Number(uncached - cached),
    batch: Number(cached - actual),
    total: Number(baseline - actual),
  };
}

describe("attributeSavings", () => {
  it("splits baseline − actual into routing, caching and batch that sum exactly", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...models),
        fc.constantFrom(...models),
        fc.array(usageArbitrary, { minLength: 1, maxLength: 3 }),
        (model, baselineModel, usages) => {
          const attempts = usages.map((usage) => priced(model, usage));
          const answer = attempts[attempts.length - 1] as PricedAttempt;
          const savings = attributeSavings({
            pricing: new CallPricing(undefined),
            attempts,
            answer,
            baselineModel,
          });
          const actual = attempts.reduce((sum, attempt) => sum + attempt.list, 0);
          // Every figure is the one pricing's cost() gives, price by price.
          expect(savings).toEqual(savingsByCost(attempts, answer, baselineModel));
          expect(savings.routing + savings.caching + savings.batch).toBe(savings.baseline - actual);
          expect(savings.total).toBe(savings.baseline - actual);
          for (const value of [savings.baseline, savings.routing, savings.caching, savings.batch]) {
            expect(Number.isSafeInteger(value)).toBe(true);
          }
          // Batch savings are never negative: the discount only lowers a price.
          expect(savings.batch).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("gives the whole batch discount to batch and nothing else when model and caching do not change", () => {
    const attempt = priced("claude-haiku-4-5", {
      input_tokens: 2000,
      output_tokens: 500,
      service_tier: "batch",
    });
    const savings = attributeSavings({
      pricing: new CallPricing(undefined),
      attempts: [attempt],
      answer: attempt,
      baselineModel: "claude-haiku-4-5",
    });
    expect(savings.routing).toBe(0);
    expect(savings.caching).toBe(0);
    // Haiku 4.5: $1/MTok in, $5/MTok out; batch halves it: 2000 × 1e6 pico/2 + 500 × 5e6 pico/2.
    expect(savings.batch).toBe(1_000_000_000 + 1_250_000_000);
  });

  it("charges unread cache writes to caching as a negative saving", () => {
    const attempt = priced("claude-sonnet-4-6", {
      input_tokens: 10,
      output_tokens: 0,
      cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 1000 },
    });
    const savings = attributeSavings({
      pricing: new CallPricing(undefined),
      attempts: [attempt],
      answer: attempt,
      baselineModel: "claude-sonnet-4-6",
    });
    // 1h writes cost 2x input ($6 vs $3 per MTok): 1000 tokens × 3e6 pico more.
    expect(savings.caching).toBe(-3_000_000_000);
  });
});
