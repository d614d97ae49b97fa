import type { ReportFigures } from "@rightsize/baseline";
import { asSentence, formatPercent } from "../format.js";
import type { ReportCanvas } from "../pdf/report-canvas.js";
import { drawTable } from "../pdf/table.js";

/** Commitment levels with their risk, the recommended one in bold. */
export function drawCommitmentSection(canvas: ReportCanvas, figures: ReportFigures): void {
  const { commitment } = figures;
  canvas.section("Commitment recommendation", { keepWith: 200 });
  const recommended = commitment.levels.find((level) => level.label === commitment.recommended);
  canvas.paragraph(
    `Expected optimized spend over the next four quarters is ${commitment.expectedAnnual.usd} ` +
      `(standard deviation ${commitment.annualSd.usd}). ` +
      (recommended
        ? `The recommended commitment is ${recommended.annual.usd} a year (${recommended.quarterly.usd} a quarter), ` +
          `the ${recommended.label} level: spend reaches it with ${formatPercent(recommended.confidence, 0)} probability. `
        : "") +
      `The negotiating range is ${commitment.range.low.usd} to ${commitment.range.high.usd}. Method: ${asSentence(commitment.method)}`,
  );
  const contracted = commitment.contractedRatesApplied;
  drawTable(canvas, {
    title: "Commitment levels",
    columns: [
      { header: "Level", weight: 1.5 },
      { header: "Annual commitment", weight: 1.5, align: "right" },
      { header: "Per quarter", weight: 1.3, align: "right" },
      { header: "Risk of under-consuming", weight: 1.3, align: "right" },
      { header: "Expected forfeit", weight: 1.3, align: "right" },
      { header: "Expected overage", weight: 1.3, align: "right" },
      ...(contracted
        ? [{ header: "Annual at contracted prices", weight: 1.5, align: "right" as const }]
        : []),
    ],
    rows: commitment.levels.map((level) => ({
      cells: [
        level.label === commitment.recommended ? `${level.label} (recommended)` : level.label,
        level.annual.usd,
        level.quarterly.usd,
        formatPercent(level.forfeitProbability, 0),
        level.expectedForfeit.usd,
        level.expectedOverage.usd,
        ...(contracted ? [level.contractedAnnual?.usd ?? "n/a"] : []),
      ],
      ...(level.label === commitment.recommended ? { kind: "total" as const } : {}),
    })),
    footnote:
      "Expected forfeit: commitment left unused, averaged over the forecast's outcomes. Expected overage: spend " +
      "above the commitment, billed at " +
      (contracted ? "contracted" : "list") +
      " prices. All amounts are estimates from the forecast.",
  });
}
