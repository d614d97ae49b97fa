import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { countTextTokens, countTokensV1, scaleTokens } from "./tokenizer.js";

describe("tokenizer estimate", () => {
  it("counts English at roughly 4-5 characters per token", () => {
    const text = "The quarterly report shows that cached prompts cost a tenth of fresh input tokens.";
    const tokens = countTokensV1(text);
    expect(tokens).toBe(20);
    expect(text.length / tokens).toBeGreaterThan(3.5);
    expect(text.length / tokens).toBeLessThan(5.5);
  });

  it("counts digits in threes, punctuation and non-Latin characters one each, emoji once", () => {
    expect(countTokensV1("123456789")).toBe(3);
    expect(countTokensV1("a, b.")).toBe(4);
    expect(countTokensV1("日本語")).toBe(3);
    expect(countTokensV1("😀")).toBe(1);
    expect(countTokensV1("")).toBe(0);
  });

  it("v2 is 1.3x v1 (rounded half up) for every text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        const v1 = countTextTokens(text, "v1");
        const v2 = countTextTokens(text, "v2");
        expect(v2).toBe(Math.floor((v1 * 13 + 5) / 10));
        expect(Math.abs(v2 - 1.3 * v1)).toBeLessThanOrEqual(0.5);
      }),
    );
  });

  it("is deterministic and never splits a word boundary into more tokens than its parts", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.string({ maxLength: 200 }), (left, right) => {
        const joined = countTokensV1(`${left} ${right}`);
        expect(joined).toBe(countTokensV1(`${left} ${right}`));
        // A space-separated join costs at most the parts plus the space's share of a run.
        expect(joined).toBeLessThanOrEqual(countTokensV1(left) + countTokensV1(right) + 1);
      }),
    );
  });

  it("scales zero to zero", () => {
    expect(scaleTokens(0, "v2")).toBe(0);
  });
});
