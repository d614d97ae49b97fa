import type { ReportFigures } from "@rightsize/baseline";
import type { ChartSvg } from "../charts/chart-svg.js";
import { asSentence, formatDecimalUsd, formatPercent } from "../format.js";
import type { ReportCanvas } from "../pdf/report-canvas.js";
import { drawTable } from "../pdf/table.js";

/**
 * What a commitment buys: commit after optimizing (in dollars), the expected-cost curve over
 * flat levels with the cheapest within the risk, flat beside ramped, and the P-level table.
 */
export function drawCommitmentSection(canvas: ReportCanvas, figures: ReportFigures, curve: ChartSvg): void {
  const { commitment } = figures;
  const { optimal, ramped, atCurrentRunRate, discounts } = commitment;
  const dollars = formatDecimalUsd;
  canvas.section("Commitment: what it buys", { keepWith: 320 });
  canvas.paragraph(
    `Commit after optimizing. Committing at today's run-rate, ${dollars(atCurrentRunRate.commitUsd)} a year ` +
      `(today's daily spend over the forecast's ${atCurrentRunRate.days} days, ${dollars(atCurrentRunRate.runRateUsd)}, rounded), ` +
      `would forfeit an expected ${dollars(atCurrentRunRate.expectedForfeitUsd)} against the optimized forecast ` +
      `(shortfall in ${formatPercent(atCurrentRunRate.shortfallProbability, 0)} of simulated years) and cost ` +
      `${dollars(atCurrentRunRate.overpayVsOptimalUsd)} more in expectation than the recommended ` +
      `${dollars(optimal.commitUsd)} a year: the lowest expected net cost whose risk of under-using the ` +
      `commitment is at most ${formatPercent(commitment.maxShortfallProbability, 0)}.`,
  );
  canvas.paragraph(
    `${discounts.assumed ? "ASSUMPTION: " : ""}Discounts from ${discounts.source}. Overage billed at ` +
      `${discounts.overage === "list" ? "list prices" : "the committed discount"}. Expected figures average the ` +
      "forecast's 2,000 simulated years; all are estimates.",
  );
  canvas.chart(
    curve,
    `Expected net annual cost (commitment + expected overage) and expected forfeit by flat commitment level. ` +
      `Hollow points: shortfall risk above ${formatPercent(commitment.maxShortfallProbability, 0)}. ` +
      "Dashed line: the level recommended.",
  );
  drawTable(canvas, {
    title: "Flat annual or ramped quarter by quarter",
    columns: [
      { header: "Commitment", weight: 2.2 },
      { header: "Committed", weight: 1.3, align: "right" },
      { header: "Discount", weight: 1.05, align: "right" },
      { header: "Expected net", weight: 1.3, align: "right" },
      { header: "Expected forfeit", weight: 1.3, align: "right" },
      { header: "Expected overage", weight: 1.3, align: "right" },
      { header: "Shortfall risk", weight: 1, align: "right" },
      { header: "Break-even use", weight: 1, align: "right" },
    ],
    rows: [
      { label: "Flat annual (recommended)", scenario: optimal, total: true },
      {
        label: `Ramped: ${ramped.quarters.map((quarter) => `${quarter.label} ${dollars(quarter.commitUsd)}`).join(", ")}`,
        scenario: ramped,
        total: false,
      },
      {
        label: "Pay as you go (no commitment)",
        scenario: commitment.scenarios[0] ?? optimal,
        total: false,
      },
      {
        label: "At today's run-rate (not optimized first)",
        scenario: atCurrentRunRate,
        total: false,
      },
    ].map((row) => ({
      cells: [
        row.label,
        dollars(row.scenario.commitUsd),
        `${row.scenario.discountPct}%`,
        dollars(row.scenario.expectedNetUsd),
        dollars(row.scenario.expectedForfeitUsd),
        dollars(row.scenario.expectedOverageUsd),
        formatPercent(row.scenario.shortfallProbability, 0),
        formatPercent(row.scenario.breakEvenUtilization, 0),
      ],
      ...(row.total ? { kind: "total" as const } : {}),
    })),
    footnote:
      "Break-even use: usage ÷ commitment below which committing costs more than paying list for the same usage " +
      "(1 − discount). Ramped quarters settle separately: a short quarter forfeits even when a later one runs over.",
  });
  drawLevels(canvas, figures);
}

/** The P-levels: the spend the forecast reaches with a stated probability. */
function drawLevels(canvas: ReportCanvas, figures: ReportFigures): void {
  const { commitment } = figures;
  const contracted = commitment.contractedRatesApplied;
  canvas.paragraph(
    `Expected optimized spend over the next four quarters is ${commitment.expectedAnnual.usd} at list prices ` +
      `(standard deviation ${commitment.annualSd.usd}); spend reaches the levels below with the stated probability. ` +
      `Method: ${asSentence(commitment.method)}`,
  );
  drawTable(canvas, {
    title: "Spend levels of the optimized forecast (list prices, no discount)",
    columns: [
      { header: "Level", weight: 1.5 },
      { header: "Annual", weight: 1.5, align: "right" },
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
        level.label,
        level.annual.usd,
        level.quarterly.usd,
        formatPercent(level.forfeitProbability, 0),
        level.expectedForfeit.usd,
        level.expectedOverage.usd,
        ...(contracted ? [level.contractedAnnual?.usd ?? "n/a"] : []),
      ],
    })),
    footnote:
      "Committing exactly a level, without a discount: forfeit is the level left unused, overage the spend above it, " +
      "averaged over the forecast's outcomes.",
  });
}
