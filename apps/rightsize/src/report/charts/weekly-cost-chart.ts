import type { ReportFigures } from "@rightsize/baseline";
import type { TopLevelSpec } from "vega-lite";
import { isWholeWeek, usdAxisFormat, WEEK_START_AXIS } from "./chart-theme.js";
import { colorsOf, type ModelColors } from "./model-colors.js";

type WeekCost = ReportFigures["costByModelWeek"][number];

/** Actual cost per ISO week, stacked by model (in the document's colour for each model). */
export function weeklyCostChartSpec(
  allRows: readonly WeekCost[],
  colors: ModelColors,
  observed?: { start: string; end: string },
): TopLevelSpec {
  const rows = observed ? allRows.filter((row) => isWholeWeek(row.weekStart, observed)) : allRows;
  const totals = new Map<string, number>();
  for (const row of rows) totals.set(row.model, (totals.get(row.model) ?? 0) + row.cost.value);
  const modelOrder = [...totals.entries()].sort((left, right) => right[1] - left[1]).map(([model]) => model);
  const weekTotals = new Map<string, number>();
  for (const row of rows)
    weekTotals.set(row.weekStart, (weekTotals.get(row.weekStart) ?? 0) + row.cost.value);
  const highest = Math.max(0, ...weekTotals.values());
  const values = rows.map((row) => ({
    weekStart: row.weekStart,
    model: row.model,
    cost: row.cost.value,
    stackOrder: modelOrder.indexOf(row.model),
  }));
  return {
    data: { values },
    mark: { type: "bar", width: { band: 0.75 } },
    encoding: {
      x: WEEK_START_AXIS,
      y: {
        aggregate: "sum",
        field: "cost",
        type: "quantitative",
        title: "Cost (USD)",
        axis: { format: usdAxisFormat(highest) },
      },
      color: {
        field: "model",
        type: "nominal",
        title: null,
        sort: modelOrder,
        scale: colorsOf(colors, modelOrder),
      },
      order: { field: "stackOrder", type: "quantitative" },
    },
  } as TopLevelSpec;
}
