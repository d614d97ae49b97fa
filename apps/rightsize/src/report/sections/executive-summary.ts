import type { ReportFigures } from "@rightsize/baseline";
import { formatDate, formatDecimalUsd, formatPercent, missingFactsWarning } from "../format.js";
import type { ReportCanvas } from "../pdf/report-canvas.js";
import { drawTable, type TableRow } from "../pdf/table.js";
import { COLORS, TEXT_STYLES } from "../pdf/typography.js";
import { summarySentences } from "./summary-sentences.js";

interface KeyFigure {
  label: string;
  value: string;
  detail: string;
}

/** Page 1: title block, the four figures a buyer needs, what drives them, run-rate table. */
export function drawExecutiveSummary(canvas: ReportCanvas, figures: ReportFigures): void {
  const { period, runRates, commitment } = figures;
  canvas.text("Claude commitment baseline", "title", { after: 2 });
  canvas.text(
    `${period.label}  ·  ${formatDate(period.start)} – ${formatDate(period.end)}  ·  ` +
      `prepared ${formatDate(figures.generatedAt)}`,
    "subtitle",
    { after: 14 },
  );
  canvas.section("Executive summary", { keepWith: 300 });

  const measured = figures.measured;
  const { optimal, atCurrentRunRate } = commitment;
  // The headline is what was measured when a measured run exists; the replay is its projection.
  drawKeyFigures(canvas, [
    {
      label: "CURRENT RUN-RATE",
      value: runRates.current.monthly.usd,
      detail: `per month · ${runRates.current.quarterly.usd} per quarter`,
    },
    measured
      ? {
          label: "MEASURED RUN-RATE UNDER THE POLICY",
          value: measured.runRate.monthly.usd,
          detail: `per month · replay projected ${runRates.optimized.monthly.usd}`,
        }
      : {
          label: "OPTIMIZED RUN-RATE (REPLAY PROJECTION)",
          value: runRates.optimized.monthly.usd,
          detail: `per month · ${runRates.optimized.quarterly.usd} per quarter`,
        },
    measured
      ? {
          label: "MEASURED SAVINGS",
          value: measured.savings.monthly.usd,
          detail: `per month · ${formatPercent(measured.savingsShareOfCurrent)} · replay projected ${formatPercent(runRates.savingsShareOfCurrent)}`,
        }
      : {
          label: "SAVINGS (REPLAY PROJECTION)",
          value: runRates.savings.monthly.usd,
          detail: `per month · ${formatPercent(runRates.savingsShareOfCurrent)} of current spend`,
        },
    {
      label: "COMMIT (FLAT, A YEAR)",
      value: formatDecimalUsd(optimal.commitUsd),
      detail:
        `${optimal.discountPct}% off · at today's run-rate ${formatDecimalUsd(atCurrentRunRate.commitUsd)} ` +
        `would forfeit ${formatDecimalUsd(atCurrentRunRate.expectedForfeitUsd)}`,
    },
  ]);

  canvas.subsection("What drives it", { listed: false, keepWith: 80 });
  canvas.bullets(summarySentences(figures));
  const whatIf = missingFactsWarning(figures.missingFacts, { short: true });
  if (whatIf !== "") canvas.note(whatIf);

  canvas.subsection("Run-rates", { listed: false, keepWith: 90 });
  drawTable(canvas, {
    columns: [
      { header: "", weight: 2.2 },
      { header: `Observed (${period.observedDays} days)`, weight: 1.5, align: "right" },
      { header: "Monthly", weight: 1.3, align: "right" },
      { header: "Quarterly", weight: 1.3, align: "right" },
    ],
    rows: [
      ["Current (actual spend)", runRates.current],
      [`Baseline (all on ${figures.baseline.model})`, runRates.baseline],
      ...(measured ? [["Measured under the policy", measured.runRate]] : []),
      [`Optimized (replay of policy ${figures.policy.name} ${figures.policy.version})`, runRates.optimized],
    ]
      .map(([label, rate]): TableRow => rowOf(label as string, rate as ReportFigures["runRates"]["current"]))
      .concat([
        measured
          ? { ...rowOf("Measured savings against current", measured.savings), kind: "total" }
          : { ...rowOf("Savings against current", runRates.savings), kind: "total" },
      ]),
    footnote:
      `Run-rates scale the ${period.observedDays} observed days to ${runRates.scale.basis}: three months make the quarter. ` +
      (runRates.current.observed.pico === runRates.baseline.observed.pico
        ? `Current equals the baseline: every request already runs on ${figures.baseline.model}, realtime, uncached. `
        : "") +
      (measured
        ? `The replay projects ${runRates.savings.monthly.usd} a month of savings, the measured run ${measured.savings.monthly.usd}: ` +
          "the headline is the measured figure; the replay prices each cohort's decision from its mean facts and estimates caching and ceilings. "
        : "") +
      `Prices from price book ${figures.priceBook.version}${figures.priceBook.allConfirmed ? "" : " (some rates unconfirmed)"}.`,
  });
}

function rowOf(label: string, rate: ReportFigures["runRates"]["current"]): TableRow {
  return { cells: [label, rate.observed.usd, rate.monthly.usd, rate.quarterly.usd] };
}

function drawKeyFigures(canvas: ReportCanvas, items: readonly KeyFigure[]): void {
  const gap = 10;
  const width = (canvas.contentWidth - gap) / 2;
  const height = 66;
  canvas.ensureSpace(2 * height + gap);
  const top = canvas.y;
  items.forEach((item, index) => {
    const x = canvas.left + (index % 2) * (width + gap);
    const y = top + Math.floor(index / 2) * (height + gap);
    canvas.doc.rect(x, y, width, height).fill(COLORS.panelFill);
    canvas.doc.rect(x, y, 3, height).fill(index === 2 ? COLORS.good : COLORS.accent);
    canvas.useStyle("figureLabel").text(item.label, x + 14, y + 10, { width: width - 24, lineBreak: false });
    canvas.useStyle("figureValue").text(item.value, x + 14, y + 23, { width: width - 24, lineBreak: false });
    canvas.useStyle("figureDetail").text(item.detail, x + 14, y + 23 + TEXT_STYLES.figureValue.size + 5, {
      width: width - 24,
      lineBreak: false,
    });
  });
  canvas.doc.x = canvas.left;
  canvas.y = top + 2 * height + gap + 12;
}
