import type { ReportFigures } from "@rightsize/baseline";
import type { TopLevelSpec } from "vega-lite";
import { describe, expect, it } from "vitest";
import { sampleFigures, sampleMoney } from "../test-support/sample-figures.js";
import { forecastChartSpec, weeklyMeans } from "./forecast-chart.js";

const day = (index: number, value: number) => ({
  date: `2026-07-${String(index + 1).padStart(2, "0")}`,
  values: { spend: value },
});

describe("weeklyMeans", () => {
  it("averages full 7-day blocks dated by their first day and drops a short tail", () => {
    const days = Array.from({ length: 16 }, (_, index) => day(index, index < 7 ? 7 : 14));
    const weeks = weeklyMeans(days);
    expect(weeks).toEqual([
      { date: "2026-07-01", values: { spend: 7 } },
      { date: "2026-07-08", values: { spend: 14 } },
    ]);
  });

  it("keeps a history shorter than a week as one point", () => {
    expect(weeklyMeans([day(0, 2), day(1, 4)])).toEqual([{ date: "2026-07-01", values: { spend: 3 } }]);
  });
});

describe("forecastChartSpec", () => {
  const week = (weekStart: string, after: number) => ({
    week: "2026-W27",
    weekStart,
    before: sampleMoney(0),
    after: sampleMoney(after),
  });
  const linesOf = (spec: TopLevelSpec) => {
    const layers = (
      spec as { layer: { data: { values: { series?: string; date: string; value?: number }[] } }[] }
    ).layer;
    return layers[2]!.data.values;
  };

  it("draws the measured run a point per whole ISO week inside its days, as spend per day", () => {
    const figures = sampleFigures();
    const measured = {
      period: { observedStart: "2026-07-01", observedEnd: "2026-07-26", observedDays: 26 },
      // Jun 29 starts before the run and Jul 27 ends after it: both are cut, not drawn.
      weekly: [
        week("2026-06-29", 500),
        week("2026-07-06", 700),
        week("2026-07-13", 1400),
        week("2026-07-27", 9),
      ],
    } as unknown as ReportFigures["measured"];
    const measuredLines = linesOf(forecastChartSpec({ ...figures, measured })).filter(
      (line) => line.series === "Measured under the policy",
    );
    expect(measuredLines).toEqual([
      { date: "2026-07-06", value: 100, series: "Measured under the policy" },
      { date: "2026-07-13", value: 200, series: "Measured under the policy" },
    ]);
  });

  it("leaves the measured series out of the data and the legend without a measured run", () => {
    const spec = forecastChartSpec(sampleFigures());
    expect(linesOf(spec).some((line) => line.series === "Measured under the policy")).toBe(false);
    expect(JSON.stringify(spec)).not.toContain("Measured under the policy");
  });
});
