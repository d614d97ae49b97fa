import type { ReportFigures } from "@rightsize/baseline";
import type { ChartSvg } from "../charts/chart-svg.js";
import { formatCount, formatPercent } from "../format.js";
import type { ReportCanvas } from "../pdf/report-canvas.js";
import { drawTable } from "../pdf/table.js";

/** Requests by model (donut and table) and actual cost by model per week (stacked bars). */
export function drawUsageSection(
  canvas: ReportCanvas,
  figures: ReportFigures,
  charts: { modelMix: ChartSvg; weeklyCost: ChartSvg },
): void {
  canvas.section("Usage by model", { newPage: true });
  canvas.subsection("Requests by model");
  canvas.chart(charts.modelMix);
  const rows = [...figures.requestsByModel].sort((left, right) => right.requests - left.requests);
  drawTable(canvas, {
    title: "Requests by model",
    columns: [
      { header: "Model", weight: 2.6 },
      { header: "Requests", weight: 1.2, align: "right" },
      { header: "Share", weight: 0.9, align: "right" },
      { header: "Actual cost", weight: 1.4, align: "right" },
    ],
    rows: rows.map((row) => ({
      cells: [row.model, formatCount(row.requests), formatPercent(row.share), row.cost.usd],
    })),
    emptyText: "No requests in the period.",
  });
  canvas.subsection("Cost by model per week");
  canvas.chart(
    charts.weeklyCost,
    "Actual spend per ISO week (Monday start), stacked by model. Weeks cut by the start or end of the observed days are not drawn (their spend is in every total).",
  );
}
