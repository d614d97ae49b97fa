import { describe, expect, it } from "vitest";
import { sampleFigures } from "../test-support/sample-figures.js";
import { waterfallBars, wrapLabel } from "./waterfall-chart.js";

describe("waterfallBars", () => {
  const bars = waterfallBars(sampleFigures().waterfall.steps);

  it("stands totals on zero and floats each delta from the previous level", () => {
    expect(bars[0]).toMatchObject({ start: 0, end: 136_800, kind: "Total" });
    expect(bars[1]).toMatchObject({ start: 136_800, end: 66_800, kind: "Saving" });
    expect(bars.at(-2)).toMatchObject({ start: 40_560, end: 41_760, kind: "Added cost" });
    expect(bars.at(-1)).toMatchObject({ start: 0, end: 41_760, kind: "Total" });
    for (let index = 1; index < bars.length - 1; index += 1) {
      expect(bars[index]?.start).toBeCloseTo(bars[index - 1]?.end ?? Number.NaN, 6);
    }
  });

  it("labels estimated steps on the axis", () => {
    const ceilings = bars.find((bar) => bar.label.startsWith("Ceilings"));
    expect(ceilings?.estimated).toBe(true);
    expect(ceilings?.label).toBe("Ceilings\n(estimate)");
  });
});

describe("wrapLabel", () => {
  it("breaks at spaces into lines of about the given width", () => {
    expect(wrapLabel("Escalated-away attempts", 14)).toEqual(["Escalated-away", "attempts"]);
    expect(wrapLabel("Batch", 14)).toEqual(["Batch"]);
    expect(wrapLabel("a b c d", 3)).toEqual(["a b", "c d"]);
  });
});
