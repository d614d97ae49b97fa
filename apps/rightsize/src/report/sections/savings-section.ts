import type { ReportFigures } from "@rightsize/baseline";
import type { ChartSvg } from "../charts/chart-svg.js";
import { asSentence, missingFactsWarning } from "../format.js";
import type { ReportCanvas } from "../pdf/report-canvas.js";
import { drawTable } from "../pdf/table.js";

/** The lever waterfall: chart, then every step with its method and whether it is an estimate. */
export function drawSavingsSection(canvas: ReportCanvas, figures: ReportFigures, chart: ChartSvg): void {
  const { waterfall, baseline } = figures;
  canvas.section("Where the savings come from", { keepWith: canvas.chartSpace(chart) + 110 });
  canvas.paragraph(
    `Starting from the baseline (every request on ${baseline.model}, realtime, uncached), each lever's ` +
      `saving is taken in turn until the optimized run-rate is reached. Basis: ${asSentence(waterfall.basis)} ` +
      `Attempts that were paid for and then escalated to a stronger model are added back as their ` +
      `own line, so aggressive routing to cheap models cannot hide its cost. Estimates are labelled and drawn lighter.`,
  );
  const whatIf = missingFactsWarning(figures.missingFacts);
  if (whatIf !== "") canvas.paragraph(whatIf);
  const deltas = waterfall.steps.filter((step) => step.kind === "delta");
  const idle = deltas.filter((step) => step.amount.pico === "0").map((step) => step.label.toLowerCase());
  const addsCost = deltas.some((step) => BigInt(step.amount.pico) > 0n);
  canvas.chart(
    chart,
    `Lever waterfall. Green bars are savings${addsCost ? ", red bars add cost" : ""}; lighter bars are estimates.` +
      (idle.length > 0 ? ` Not drawn, no effect on these inputs: ${idle.join(", ")}.` : ""),
  );
  drawTable(canvas, {
    title: "Lever waterfall",
    columns: [
      { header: "Step", weight: 1.7 },
      { header: "Amount", weight: 1.05, align: "right" },
      { header: "Level after step", weight: 1.15, align: "right" },
      { header: "How it is computed", weight: 4 },
    ],
    // A lever with no effect on these inputs is a $0.00 row: named under the table instead.
    rows: waterfall.steps
      .filter((step) => step.kind === "total" || step.amount.pico !== "0")
      .map((step) => ({
        cells: [
          step.estimated ? `${step.label} (estimate)` : step.label,
          step.amount.usd,
          step.cumulative.usd,
          step.method,
        ],
        ...(step.kind === "total" ? { kind: "total" as const } : {}),
      })),
    ...(idle.length > 0
      ? { footnote: `No effect on these inputs ($0.00), so not listed: ${idle.join(", ")}.` }
      : {}),
  });
}
