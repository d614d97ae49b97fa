import { describe, expect, it } from "vitest";
import { MIN_VERDICTS_PER_POINT, qualityTrendChartSpec } from "./quality-trend-chart.js";

const week = (weekStart: string, taskType: string, verdicts: number, passRate: number | null) => ({
  week: "2026-W27",
  weekStart,
  taskType,
  requests: 100,
  verdicts,
  passRate,
  flags: 0,
  escalationRate: 0,
});

describe("quality trend chart", () => {
  it("leaves out weeks whose pass rate rests on too few verdicts", () => {
    const spec = qualityTrendChartSpec([
      week("2026-06-29", "classification", 40, 0.95),
      week("2026-06-29", "legal-review", MIN_VERDICTS_PER_POINT - 1, 0),
      week("2026-07-06", "legal-review", MIN_VERDICTS_PER_POINT, 0.8),
    ]);
    const values = (spec.data as { values: Array<{ taskType: string; value: number }> }).values;
    expect(values).toEqual([
      { weekStart: "2026-06-29", taskType: "classification", value: 0.95 },
      { weekStart: "2026-07-06", taskType: "legal-review", value: 0.8 },
    ]);
  });
});
