import { describe, expect, it } from "vitest";
import { MIN_VERDICTS_PER_POINT, qualityTrendChartSpec } from "./quality-trend-chart.js";

const week = (row: { weekStart: string; taskType: string; verdicts: number; passRate: number | null }) => ({
  week: "2026-W27",
  ...row,
  requests: 100,
  flags: 0,
  escalationRate: 0,
});

describe("quality trend chart", () => {
  it("leaves out weeks whose pass rate rests on too few verdicts", () => {
    const spec = qualityTrendChartSpec([
      week({ weekStart: "2026-06-29", taskType: "classification", verdicts: 40, passRate: 0.95 }),
      week({
        weekStart: "2026-06-29",
        taskType: "legal-review",
        verdicts: MIN_VERDICTS_PER_POINT - 1,
        passRate: 0,
      }),
      week({
        weekStart: "2026-07-06",
        taskType: "legal-review",
        verdicts: MIN_VERDICTS_PER_POINT,
        passRate: 0.8,
      }),
    ]);
    const values = (spec.data as { values: Array<{ taskType: string; value: number }> }).values;
    expect(values).toEqual([
      { weekStart: "2026-06-29", taskType: "classification", value: 0.95 },
      { weekStart: "2026-07-06", taskType: "legal-review", value: 0.8 },
    ]);
  });
});
