import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { convertTokens } from "./convert-tokens.js";

describe("convertTokens", () => {
  it("scales v1 -> v2 by the default 1.3 and back, by generation or model id", () => {
    expect(convertTokens({ tokens: 1000, from: "v1", to: "v2" })).toBe(1300);
    expect(convertTokens({ tokens: 1300, from: "claude-opus-4-7", to: "claude-sonnet-4-6" })).toBe(1000);
    expect(convertTokens({ tokens: 1000, from: "claude-haiku-4-5", to: "claude-3-haiku-20240307" })).toBe(
      1000,
    );
    expect(convertTokens({ tokens: 1001, from: "v1", to: "v2" })).toBe(1301);
  });

  it("takes a measured factor instead", () => {
    expect(convertTokens({ tokens: 1000, from: "v1", to: "claude-haiku-5-5", factor: 1.17 })).toBe(1170);
  });

  it("always returns a non-negative integer that round-trips within rounding", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.double({ min: 1, max: 2, noNaN: true }),
        (tokens, factor) => {
          const up = convertTokens({ tokens, from: "v1", to: "v2", factor });
          expect(Number.isInteger(up)).toBe(true);
          expect(
            Math.abs(convertTokens({ tokens: up, from: "v2", to: "v1", factor }) - tokens),
          ).toBeLessThanOrEqual(1);
        },
      ),
    );
  });

  it("rejects bad input clearly", () => {
    expect(() => convertTokens({ tokens: -1, from: "v1", to: "v2" })).toThrow(
      "tokens: expected a non-negative number, got -1",
    );
    expect(() => convertTokens({ tokens: 1, from: "v3", to: "v2" })).toThrow(
      'from: expected "v1", "v2" or a model id in the price book, got "v3"',
    );
    expect(() => convertTokens({ tokens: 1, from: "v1", to: "v2", factor: 0 })).toThrow(
      "factor: expected a positive number, got 0",
    );
  });
});
