import type { Attributes } from "@opentelemetry/api";
import { describe, expect, it } from "vitest";
import { OVERFLOW_ATTRIBUTES, SeriesIndex } from "./series-index.js";

const indexOf = (limit?: number) =>
  new SeriesIndex({ create: (attributes: Attributes) => ({ attributes }), limit });

describe("SeriesIndex", () => {
  it("keys sets by content: order does not matter, types and boundaries do", () => {
    const index = indexOf();
    expect(index.get({ a: "1", b: 2 })).toBe(index.get({ b: 2, a: "1" }));
    const distinct: Attributes[] = [
      { a: "1" },
      { a: 1 },
      { a: true },
      { a: "true" },
      { a: ["x", "y"] },
      { a: "x,y" },
      { a: "1b1:2" },
      { a: "1", b: "2" },
      { ab: "" },
      {},
    ];
    const series = new Set(distinct.map((attributes) => index.get(attributes)));
    expect(series.size).toBe(distinct.length);
  });

  it("answers a frozen set by identity, and never lets a caller's later change alter a series", () => {
    const index = indexOf();
    const mutable: Attributes = { model: "a" };
    const series = index.get(mutable);
    mutable.model = "b";
    expect(series.attributes).toEqual({ model: "a" });
    expect(Object.isFrozen(series.attributes)).toBe(true);
    const frozen = Object.freeze({ model: "a" });
    expect(index.get(frozen)).toBe(series);
    expect(index.get(frozen)).toBe(series);
  });

  it("holds limit − 1 sets and folds the rest into the overflow series, listed last", () => {
    const index = indexOf(4);
    const series = ["a", "b", "c", "d", "e"].map((model) => index.get(Object.freeze({ model })));
    expect(series.slice(0, 3).map((each) => each.attributes)).toEqual([
      { model: "a" },
      { model: "b" },
      { model: "c" },
    ]);
    expect(series[3]).toBe(series[4]);
    expect(series[3]?.attributes).toBe(OVERFLOW_ATTRIBUTES);
    expect([...index.values()].map((each) => each.attributes)).toEqual([
      { model: "a" },
      { model: "b" },
      { model: "c" },
      { "otel.metric.overflow": true },
    ]);
    // A set seen before the limit keeps its own series.
    expect(index.get({ model: "b" })).toBe(series[1]);
  });
});
