import type { ReportFigures } from "@rightsize/baseline";
import type { ChartSvg } from "../charts/chart-svg.js";
import { asSentence, formatCount, formatPercent } from "../format.js";
import type { ReportCanvas } from "../pdf/report-canvas.js";
import { drawTable } from "../pdf/table.js";

/** The next four quarters: chart with prediction bands, then the quarterly figures. */
export function drawForecastSection(canvas: ReportCanvas, figures: ReportFigures, chart: ChartSvg): void {
  const { forecast } = figures;
  canvas.section("Forecast: the next four quarters", { keepWith: canvas.chartSpace(chart) + 100 });
  const flat = Math.abs(forecast.quarterlyGrowth) < 0.0005;
  const trend = !forecast.trendFitted
    ? "The history is too short to fit a trend, so the forecast is the flat mean with widened intervals"
    : flat
      ? "The trend is flat"
      : `The trend ${forecast.quarterlyGrowth > 0 ? "grows" : "falls"} ${formatPercent(Math.abs(forecast.dailyGrowth), 2)} ` +
        `a day (${formatPercent(Math.abs(forecast.quarterlyGrowth))} a quarter)`;
  canvas.paragraph(
    `Fitted on ${formatCount(forecast.fitDays)} days of ${forecast.fitOn} daily spend. ${trend}; day-of-week ` +
      `factors carry the weekly pattern. Shaded bands are 80% and 95% prediction intervals. ` +
      (forecast.levelScale ? `${asSentence(forecast.levelScale.note)} ` : "") +
      `Method: ${asSentence(forecast.method)}`,
  );
  canvas.chart(
    chart,
    `Spend per day, averaged over each week: actual and replayed-optimized history${figures.measured ? ", the measured run under the policy" : ""}, then the optimized forecast${forecast.levelScale ? " at the measured level" : ""}. Shaded: 80% (darker) and 95% prediction intervals, averaged the same way.`,
  );
  drawTable(canvas, {
    title: "Quarterly forecast",
    columns: [
      { header: "Quarter", weight: 1.6 },
      { header: "Optimized (point)", weight: 1.25, align: "right" },
      { header: "Optimized 80% interval", weight: 2.3, align: "right" },
      { header: "Optimized 95% interval", weight: 2.3, align: "right" },
      { header: "Current policy (point)", weight: 1.3, align: "right" },
    ],
    rows: forecast.quarters.map((quarter) => ({
      cells: [
        `${quarter.label}\n${shortDate(quarter.start)} – ${shortDate(quarter.end)}`,
        quarter.optimized.point.usd,
        `${quarter.optimized.p80Low.usd} – ${quarter.optimized.p80High.usd}`,
        `${quarter.optimized.p95Low.usd} – ${quarter.optimized.p95High.usd}`,
        quarter.current.point.usd,
      ],
    })),
    footnote:
      'Forecasts are estimates. "Current policy" continues today\'s routing without the candidate policy.',
  });
}

/** "2026-10-01" -> "Oct 1" (the quarter's year is in its label). */
function shortDate(isoDate: string): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  return date.toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
}
