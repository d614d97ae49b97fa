import type { ReportFigures } from "@rightsize/baseline";
import type { TopLevelSpec } from "vega-lite";
import { formatPercent } from "../format.js";

type ModelShare = ReportFigures["requestsByModel"][number];

/** Requests by model as a donut, largest first, each legend entry with its share. */
export function modelMixChartSpec(rows: readonly ModelShare[]): TopLevelSpec {
  const values = [...rows]
    .sort((left, right) => right.requests - left.requests)
    .map((row, order) => ({
      order,
      requests: row.requests,
      legend: `${row.model}  ${formatPercent(row.share)}`,
    }));
  return {
    data: { values },
    mark: { type: "arc", innerRadius: 52, outerRadius: 92, stroke: "white", strokeWidth: 1.5 },
    encoding: {
      theta: { field: "requests", type: "quantitative", stack: true },
      order: { field: "order", type: "quantitative" },
      color: {
        field: "legend",
        type: "nominal",
        sort: { field: "order" },
        title: "Requests by model",
        legend: { orient: "right", direction: "vertical", columns: 1, labelLimit: 260 },
      },
    },
    view: { stroke: null },
  } as TopLevelSpec;
}
