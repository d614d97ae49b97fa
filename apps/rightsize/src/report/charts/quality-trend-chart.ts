import type { ReportFigures } from "@rightsize/baseline";
import type { TopLevelSpec } from "vega-lite";
import { WEEK_START_AXIS } from "./chart-theme.js";
import { categoricalColor } from "./model-colors.js";

type QualityWeek = ReportFigures["qualityByTaskWeek"][number];

/** Which measure the quality chart plots: pass rate where verdicts exist, else escalation rate. */
export type QualityMeasure = "passRate" | "escalationRate";

export function qualityMeasure(rows: readonly QualityWeek[]): QualityMeasure {
  return rows.some((row) => row.passRate !== null && row.verdicts > 0) ? "passRate" : "escalationRate";
}

/** False when there is nothing to draw: no pass rates, and no escalation at all. */
export function hasQualitySignal(rows: readonly QualityWeek[]): boolean {
  return qualityMeasure(rows) === "passRate" || rows.some((row) => row.escalationRate > 0);
}

/**
 * A weekly pass rate from fewer verdicts than this is noise (one failed verdict reads as 0%), so
 * such weeks are left out of the chart rather than drawn as swings.
 */
export const MIN_VERDICTS_PER_POINT = 5;

/**
 * Quality per task type per week as lines with points (weeks without enough verdicts are left
 * out), on the ISO weeks' Mondays as the weekly bar charts are, each task type its own colour.
 */
export function qualityTrendChartSpec(rows: readonly QualityWeek[]): TopLevelSpec {
  const measure = qualityMeasure(rows);
  const values = rows
    .filter((row) => measure !== "passRate" || row.verdicts >= MIN_VERDICTS_PER_POINT)
    .map((row) => ({ weekStart: row.weekStart, taskType: row.taskType, value: row[measure] }))
    .filter((row): row is { weekStart: string; taskType: string; value: number } => row.value !== null);
  const series = [...new Set(values.map((value) => value.taskType))].sort();
  const weeks = [...new Set(values.map((value) => value.weekStart))].sort();
  return {
    data: { values },
    mark: { type: "line", point: { size: 22 }, strokeWidth: 1.6, interpolate: "linear" },
    encoding: {
      x: { ...WEEK_START_AXIS, sort: weeks, scale: { domain: weeks } },
      y: {
        field: "value",
        type: "quantitative",
        title: measure === "passRate" ? "Quality pass rate" : "Escalation rate",
        axis: { format: ".0%" },
        scale: { zero: measure !== "passRate" },
      },
      color: {
        field: "taskType",
        type: "nominal",
        title: null,
        scale: { domain: series, range: series.map((_, index) => categoricalColor(index)) },
      },
    },
  } as TopLevelSpec;
}
