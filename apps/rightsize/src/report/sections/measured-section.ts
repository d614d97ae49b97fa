import { basename } from "node:path";
import type { MeasuredFigures, ReportFigures, RunRate } from "@rightsize/baseline";
import { formatUsd } from "@rightsize/contracts";
import type { ChartSvg } from "../charts/chart-svg.js";
import { formatCount, formatDate, formatPercent } from "../format.js";
import type { ReportCanvas } from "../pdf/report-canvas.js";
import { drawTable, type TableRow } from "../pdf/table.js";
import { duplicatesSentence } from "./data-quality-section.js";

/** The measured section's heading (also listed in the contents). */
export const MEASURED_SECTION_TITLE = "Before and after: measured";

/**
 * The measured comparison: the main inputs' actual spend against what the run under the policy
 * actually cost (summed from its own spans), savings by lever, escalations, quality, the
 * replay's projection against the measurement, and before/after cost by week. Every amount is
 * the figures' own string.
 */
export function drawMeasuredSection(
  canvas: ReportCanvas,
  section: {
    figures: ReportFigures;
    measured: MeasuredFigures;
    chart: ChartSvg;
    /** Quality over time from the run's continuous shadow eval, when it had one. */
    shadowQualityChart?: ChartSvg | null;
  },
): void {
  const { figures, measured, chart } = section;
  canvas.section(MEASURED_SECTION_TITLE, { newPage: true });
  const { period } = measured;
  canvas.paragraph(
    `The policy's run was measured from ${formatDate(period.observedStart)} to ${formatDate(period.observedEnd)} ` +
      `(${formatCount(period.observedDays)} days, ${formatCount(measured.requests)} requests, ` +
      `${formatCount(measured.attempts)} paid attempts). Its cost is the sum of the cost recorded on each ` +
      "attempt span, not a projection; before is the actual spend of the report's main inputs.",
  );
  drawTable(canvas, {
    title: "Before and after",
    columns: [
      { header: "", weight: 2.4 },
      { header: "Observed", weight: 1.3, align: "right" },
      { header: "Monthly", weight: 1.3, align: "right" },
      { header: "Quarterly", weight: 1.3, align: "right" },
    ],
    rows: [
      rateRow(`Before: actual (${figures.period.observedDays} days)`, measured.before),
      rateRow(`After: measured (${period.observedDays} days)`, measured.runRate),
      {
        ...rateRow(`Savings (${formatPercent(measured.savingsShareOfCurrent)})`, measured.savings),
        kind: "total",
      },
    ],
    footnote: `Run-rates scale each run's observed days to ${figures.runRates.scale.basis}.`,
  });
  canvas.chart(
    chart,
    "Actual cost per ISO week (Monday start): the main inputs (before) beside the measured run (after). Weeks cut by the start or end of the observed days are not drawn.",
  );
  drawLeverTable(canvas, measured);
  canvas.note(savingsReconciliation(measured));
  drawComparisonTable(canvas, measured);
  drawShadowQuality(canvas, measured, section.shadowQualityChart ?? null);
  drawModelTable(canvas, measured);
  const quality = measured.dataQuality;
  const bad = quality.badByReason.reduce((sum, entry) => sum + entry.count, 0);
  canvas.note(
    `Measured files: ${quality.files.map((file) => `${basename(file.path)} (${formatCount(file.records)} records, ${formatCount(file.bad)} bad)`).join("; ")}. ` +
      `${formatCount(bad)} bad line(s), ${formatCount(quality.outsidePeriod)} record(s) outside the period, ` +
      `${formatCount(quality.attemptsWithoutCost)} attempt(s) without a recorded cost.` +
      duplicatesSentence(quality.duplicates),
  );
  for (const note of measured.notes) canvas.note(note);
}

function rateRow(label: string, rate: RunRate): TableRow {
  return { cells: [label, rate.observed.usd, rate.monthly.usd, rate.quarterly.usd] };
}

function drawLeverTable(canvas: ReportCanvas, measured: MeasuredFigures): void {
  const levers = measured.leverSavings;
  drawTable(canvas, {
    title: "Measured savings by lever",
    columns: [
      { header: "Against the per-request counterfactual", weight: 3.2 },
      { header: "Observed", weight: 1.3, align: "right" },
    ],
    rows: [
      { cells: ["Counterfactual baseline (summed from the spans)", measured.counterfactualBaseline.usd] },
      { cells: ["Routing to cheaper models", levers.routing.usd] },
      { cells: ["Prompt caching", levers.caching.usd] },
      { cells: ["Batch API", levers.batch.usd] },
      { cells: ["Output-token ceilings", "not separately attributable"], kind: "muted" },
      { cells: ["Total measured savings", levers.total.usd], kind: "total" },
      {
        cells: [
          `Escalated-away attempts (${formatCount(measured.escalatedAway.attempts)}), paid and included above`,
          measured.escalatedAway.cost.usd,
        ],
      },
      ...(measured.qualityAssurance
        ? [
            {
              cells: [
                `Quality assurance: continuous shadow eval (${formatCount(measured.qualityAssurance.verdicts)} verdicts), paid, in the after run-rate`,
                measured.qualityAssurance.cost.usd,
              ],
            },
          ]
        : []),
    ],
    footnote: levers.note,
  });
}

/** The continuous shadow eval's quality over time (its spend is the lever table's quality-assurance line). */
function drawShadowQuality(canvas: ReportCanvas, measured: MeasuredFigures, chart: ChartSvg | null): void {
  const qa = measured.qualityAssurance;
  if (!qa) return;
  const rate = qa.passRate === null ? "no verdicts" : formatPercent(qa.passRate);
  canvas.paragraph(
    `Continuous shadow eval: ${formatCount(qa.verdicts)} sampled answers re-run on the next tier up and graded ` +
      `(${rate} held), ${formatCount(qa.regressions)} regression alert${qa.regressions === 1 ? "" : "s"}, ` +
      `at a quality-assurance cost of ${qa.cost.usd}.`,
  );
  if (chart)
    canvas.chart(chart, "Quality over time: weekly pass rate against the tier above, by task type and tier.");
  canvas.note(qa.note);
}

function drawComparisonTable(canvas: ReportCanvas, measured: MeasuredFigures): void {
  const { quality, projectedVsMeasured: projection } = measured;
  const passRate = (side: MeasuredFigures["quality"]["before"]) =>
    side.passRate === null
      ? "no verdicts"
      : `${formatPercent(side.passRate)} (${formatCount(side.passes)} of ${formatCount(side.verdicts)})`;
  const share = projection.differenceShare === null ? "n/a" : formatPercent(projection.differenceShare);
  drawTable(canvas, {
    title: "Projection and quality",
    columns: [
      { header: "", weight: 3.2 },
      { header: "Value", weight: 1.8, align: "right" },
    ],
    rows: [
      { cells: ["Projected optimized run-rate (replay), monthly", projection.projected.usd] },
      { cells: ["Measured after run-rate, monthly", projection.measured.usd] },
      { cells: [`Measured minus projected (${share})`, projection.difference.usd], kind: "total" },
      { cells: ["Quality before: pass rate", passRate(quality.before)] },
      { cells: ["Quality after: pass rate", passRate(quality.after)] },
      { cells: ["Requests through the Batch API", formatPercent(measured.batchShare)] },
      { cells: ["Prompt tokens read from cache", formatPercent(measured.cacheReadShare)] },
    ],
    footnote: quality.source,
  });
}

function drawModelTable(canvas: ReportCanvas, measured: MeasuredFigures): void {
  drawTable(canvas, {
    title: "After run by model",
    columns: [
      { header: "Model", weight: 2.5 },
      { header: "Tier", weight: 0.9 },
      { header: "Requests", weight: 1, align: "right" },
      { header: "Share", weight: 0.8, align: "right" },
      { header: "Attempts", weight: 1, align: "right" },
      { header: "Cost", weight: 1.2, align: "right" },
    ],
    rows: measured.requestsByModel.map((row) => ({
      cells: [
        row.model,
        row.tier || "none",
        formatCount(row.requests),
        formatPercent(row.share),
        formatCount(row.attempts),
        row.cost.usd,
      ],
    })),
    footnote: "Requests count the model that answered; attempts and cost include attempts escalated away.",
  });
}

/**
 * Why the two savings totals on this page differ: "Savings" is before − after (the main inputs'
 * actual spend against the run's), the lever total is counterfactual − after (the run's own
 * answers priced on the baseline model); their difference is before − counterfactual.
 */
export function savingsReconciliation(measured: MeasuredFigures): string {
  const savings = BigInt(measured.savings.observed.pico);
  const levers = BigInt(measured.leverSavings.total.pico);
  const difference = savings - levers;
  if (difference === 0n) return "The savings and the lever total agree to the cent.";
  return (
    `Reconciliation: the savings of ${measured.savings.observed.usd} (before − after) and the lever total of ` +
    `${measured.leverSavings.total.usd} (counterfactual − after) differ by ${formatUsd(difference < 0n ? -difference : difference)}: ` +
    `before is the main inputs' actual spend (${measured.before.observed.usd}); the counterfactual prices the after run's own ` +
    `answers on the baseline model (${measured.counterfactualBaseline.usd}), whose token counts differ from the before run's.`
  );
}
