import { describe, expect, it } from "vitest";
import { sampleFigures } from "../test-support/sample-figures.js";
import { createTextMeasurer } from "../text-measure.js";
import { renderChartSvg } from "./chart-svg.js";
import { modelColors } from "./model-colors.js";
import { modelMixChartSpec, modelMixRuns } from "./model-mix-chart.js";
import { waterfallChartSpec } from "./waterfall-chart.js";

describe("renderChartSvg", () => {
  it("renders a vega-lite spec to an SVG of the requested size, set in the report font", async () => {
    const figures = sampleFigures();
    const chart = await renderChartSvg({
      spec: waterfallChartSpec(figures.waterfall.steps),
      width: 480,
      height: 240,
    });
    expect(chart.width).toBe(480);
    expect(chart.height).toBe(240);
    expect(chart.svg.startsWith("<svg")).toBe(true);
    expect(chart.svg).toContain('font-family="Inter"');
    expect(chart.svg).toContain("$136,800.00");
    // The bars are real marks, one path per step.
    expect(chart.svg.match(/role-mark[^"]*marks/g)?.length ?? 0).toBeGreaterThan(0);
  });

  it("lays labels out with the PDF font's metrics, not vega's 0.8em estimate", async () => {
    const measure = createTextMeasurer();
    const narrow = measure({ text: "iiiiiiiiii", fontSize: 10 });
    const wide = measure({ text: "WWWWWWWWWW", fontSize: 10 });
    expect(narrow).toBeLessThan(wide / 2);
    expect(measure({ text: "Savings", fontSize: 10, fontWeight: "bold" })).toBeGreaterThan(
      measure({ text: "Savings", fontSize: 10 }),
    );
    const figures = sampleFigures();
    const chart = await renderChartSvg({
      spec: modelMixChartSpec(modelMixRuns(figures), modelColors(figures)),
      width: 480,
      height: 120,
    });
    // Before: claude-opus-4-7 answered 400,000 of 980,000 requests.
    expect(chart.svg).toContain(">41%<");
    expect(chart.svg).toContain("claude-opus-4-7");
    expect(chart.svg).toContain("After (replay projection)");
  });
});
