import type { AnthropicUsage } from "@rightsize/contracts";
import { cost, listModels } from "@rightsize/pricing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
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
  return { model, usage: normalized, at, actual: cost({ model, usage, at }) };
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
            pricing: { rates: undefined },
            attempts,
            answer,
            baselineModel,
          });
          const actual = attempts.reduce((sum, attempt) => sum + attempt.actual.list, 0);
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
      pricing: { rates: undefined },
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
      pricing: { rates: undefined },
      attempts: [attempt],
      answer: attempt,
      baselineModel: "claude-sonnet-4-6",
    });
    // 1h writes cost 2x input ($6 vs $3 per MTok): 1000 tokens × 3e6 pico more.
    expect(savings.caching).toBe(-3_000_000_000);
  });
});
