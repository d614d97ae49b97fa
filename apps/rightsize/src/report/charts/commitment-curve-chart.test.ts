import { afterEach, describe, expect, it, vi } from "vitest";
import { sampleFigures } from "../test-support/sample-figures.js";
import { renderChartSvg } from "./chart-svg.js";
import { commitmentCurveChartSpec } from "./commitment-curve-chart.js";

describe("commitmentCurveChartSpec", () => {
  afterEach(() => vi.restoreAllMocks());

  it("renders with one legend and without a Vega-Lite warning", async () => {
    const warnings: unknown[][] = [];
    for (const method of ["warn", "log", "error"] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void warnings.push(args));
    }
    const chart = await renderChartSvg({
      spec: commitmentCurveChartSpec(sampleFigures().commitment),
      width: 480,
      height: 250,
    });
    expect(warnings).toEqual([]);
    const legends = chart.svg.match(/aria-label="Symbol legend[^"]*"/g) ?? [];
    expect(legends).toHaveLength(1);
    expect(legends[0]).toContain("Expected net cost, Expected forfeit");
  });
});
