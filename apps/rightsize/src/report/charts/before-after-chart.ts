import type { MeasuredFigures } from "@rightsize/baseline";
import type { TopLevelSpec } from "vega-lite";
import { CHART_COLORS, isWholeWeek, usdAxisFormat, WEEK_START_AXIS } from "./chart-theme.js";

/** The two runs as the chart names them, before first. */
export const RUN_LABELS = { before: "Before (actual)", after: "After (measured)" } as const;

/** Actual cost per ISO week, before beside after (grouped bars, one pair per week). */
export function beforeAfterChartSpec(
  weeks: MeasuredFigures["weekly"],
  observed?: { start: string; end: string },
): TopLevelSpec {
  const drawn = observed ? weeks.filter((week) => isWholeWeek(week.weekStart, observed)) : weeks;
  const values = drawn.flatMap((week) => [
    { weekStart: week.weekStart, run: RUN_LABELS.before, cost: week.before.value },
    { weekStart: week.weekStart, run: RUN_LABELS.after, cost: week.after.value },
  ]);
  const highest = Math.max(0, ...values.map((value) => value.cost));
  const runs = [RUN_LABELS.before, RUN_LABELS.after];
  return {
    data: { values },
    mark: { type: "bar", width: { band: 0.9 } },
    encoding: {
      x: WEEK_START_AXIS,
      xOffset: { field: "run", type: "nominal", sort: runs },
      y: {
        field: "cost",
        type: "quantitative",
        title: "Cost (USD)",
        axis: { format: usdAxisFormat(highest) },
      },
      color: {
        field: "run",
        type: "nominal",
        title: null,
        sort: runs,
        scale: { domain: runs, range: [CHART_COLORS.total, CHART_COLORS.decrease] },
      },
    },
  } as TopLevelSpec;
}
