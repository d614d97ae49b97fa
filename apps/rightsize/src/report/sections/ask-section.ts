import type { ReportFigures } from "@rightsize/baseline";
import { formatCount, formatDecimalUsd, formatPercent } from "../format.js";
import type { ReportCanvas } from "../pdf/report-canvas.js";
import { drawTable } from "../pdf/table.js";

/** Models carrying less than this share of optimized spend are not worth a price clause. */
const PRICE_PROTECTION_SHARE = 0.02;

/**
 * The ask: one page stating what to request in the negotiation, every line derived from the
 * figures: the commitment (flat or ramped, whichever costs less in expectation), price protection
 * for each model the optimized mix depends on, a commitment that counts spend on every model,
 * the overage rate, and the evidence that quality holds.
 */
export function drawAskSection(canvas: ReportCanvas, figures: ReportFigures): void {
  const { commitment } = figures;
  const { optimal, ramped, atCurrentRunRate, discounts } = commitment;
  const dollars = formatDecimalUsd;
  canvas.section("The ask");
  canvas.paragraph(
    "What to request from Anthropic, derived from the figures in this report. Optimize first, then commit to the " +
      "optimized run-rate and protect the unit prices and the overage rate the savings depend on.",
  );
  const rampedCheaper = BigInt(toPico(ramped.expectedNetUsd)) < BigInt(toPico(optimal.expectedNetUsd));
  const mix = optimizedMix(figures);
  const protectedModels = mix.filter((entry) => entry.share >= PRICE_PROTECTION_SHARE);
  const today = todaysMix(figures);
  const rows: Array<[string, string]> = [
    [
      "1. Commitment",
      Number(optimal.commitUsd) === 0 && !rampedCheaper
        ? `No commitment: at the ${discounts.assumed ? "assumed " : ""}discounts no level beats pay-as-you-go within a ` +
          `${formatPercent(commitment.maxShortfallProbability, 0)} shortfall risk (expected ${dollars(optimal.expectedNetUsd)} a year).`
        : rampedCheaper
          ? `Ramped: ${ramped.quarters.map((quarter) => `${quarter.label} ${dollars(quarter.commitUsd)}`).join(", ")} ` +
            `(${dollars(ramped.commitUsd)} a year at ${ramped.discountPct}% off; expected net ${dollars(ramped.expectedNetUsd)}, ` +
            `below the flat ${dollars(optimal.commitUsd)}'s ${dollars(optimal.expectedNetUsd)}).`
          : `Flat ${dollars(optimal.commitUsd)} a year at ${optimal.discountPct}% off: expected net ${dollars(optimal.expectedNetUsd)}, ` +
            `shortfall risk ${formatPercent(optimal.shortfallProbability, 0)}, break-even at ${formatPercent(optimal.breakEvenUtilization, 0)} use ` +
            `(a ramped schedule would cost ${dollars(ramped.expectedNetUsd)}).`,
    ],
    [
      "2. Not today's run-rate",
      `Do not commit ${dollars(atCurrentRunRate.commitUsd)} (today's run-rate): against the optimized forecast it would forfeit ` +
        `an expected ${dollars(atCurrentRunRate.expectedForfeitUsd)} and cost ${dollars(atCurrentRunRate.overpayVsOptimalUsd)} more.`,
    ],
    [
      "3. Price protection",
      protectedModels.length === 0
        ? "No model carries a material share of the optimized spend."
        : `Hold today's per-token rates for the term on ${protectedModels
            .map((entry) => `${entry.model} (${formatPercent(entry.share, 0)} of optimized spend)`)
            .join(", ")}: the optimized run-rate is priced at them.`,
    ],
    [
      "4. Every model counts",
      `The commitment must count spend on every model: the mix moves from ${today} to ${mix
        .slice(0, 3)
        .map((entry) => `${entry.model} ${formatPercent(entry.share, 0)}`)
        .join(", ")} of spend.`,
    ],
    [
      "5. Overage rate",
      `Overage at the committed discount, not list: the recommended level expects ${dollars(optimal.expectedOverageUsd)} a year ` +
        `above the commitment (priced here at ${discounts.overage === "list" ? "list" : "the discount"}).`,
    ],
    ["6. Quality holds", qualityEvidence(figures)],
  ];
  drawTable(canvas, {
    title: "What to request",
    columns: [
      { header: "Request", weight: 1.2 },
      { header: "From the figures", weight: 4.2 },
    ],
    rows: rows.map(([request, detail]) => ({ cells: [request, detail] })),
    footnote:
      `${discounts.assumed ? "ASSUMPTION: " : ""}discounts from ${discounts.source}. ` +
      "Commitment figures are expectations over the optimized forecast's simulated years (estimates).",
  });
}

/** Share of optimized spend per model: the measured run's, else the replay's routed mix. */
function optimizedMix(figures: ReportFigures): Array<{ model: string; share: number }> {
  const byModel = new Map<string, bigint>();
  for (const row of figures.measured?.requestsByModel ?? figures.optimizedRequestsByModel)
    byModel.set(row.model, (byModel.get(row.model) ?? 0n) + BigInt(row.cost.pico));
  return shares(byModel);
}

function todaysMix(figures: ReportFigures): string {
  const byModel = new Map<string, bigint>();
  for (const row of figures.requestsByModel) byModel.set(row.model, BigInt(row.cost.pico));
  return shares(byModel)
    .slice(0, 3)
    .map((entry) => `${entry.model} ${formatPercent(entry.share, 0)}`)
    .join(", ");
}

function shares(byModel: Map<string, bigint>): Array<{ model: string; share: number }> {
  const total = [...byModel.values()].reduce((sum, value) => sum + value, 0n);
  return [...byModel.entries()]
    .map(([model, pico]) => ({ model, share: total === 0n ? 0 : Number((pico * 10_000n) / total) / 10_000 }))
    .sort((left, right) => right.share - left.share);
}

/** The evals when present, else the measured run's pass rates before and after. */
function qualityEvidence(figures: ReportFigures): string {
  const evaluated = figures.tasks.filter((task) => task.evidence.evalSamples > 0);
  if (evaluated.length > 0) {
    const samples = evaluated.reduce((sum, task) => sum + task.evidence.evalSamples, 0);
    const weakest = [...evaluated].sort(
      (left, right) => (left.evidence.evalWilsonLower ?? 0) - (right.evidence.evalWilsonLower ?? 0),
    )[0];
    return (
      `Shadow evals on ${formatCount(evaluated.length)} task types (${formatCount(samples)} graded answers) back each ` +
      `recommended model; the lowest 95% Wilson lower bound is ${formatPercent(weakest?.evidence.evalWilsonLower ?? 0)} ` +
      `(${weakest?.taskType}).`
    );
  }
  const quality = figures.measured?.quality;
  if (quality && quality.before.passRate !== null && quality.after.passRate !== null) {
    return (
      `Measured: pass rate ${formatPercent(quality.before.passRate)} before and ${formatPercent(quality.after.passRate)} ` +
      `after (${formatCount(quality.after.verdicts)} verdicts; ${quality.source.replace(/\.$/, "")}).`
    );
  }
  return "No eval or measured quality evidence in these inputs: run `rightsize eval` before negotiating.";
}

/** Exact decimal USD to a pico string (for comparing two expectations exactly). */
function toPico(decimal: string): string {
  const [whole = "0", fraction = ""] = decimal.replace(/^-/, "").split(".");
  const pico = BigInt(whole) * 1_000_000_000_000n + BigInt(fraction.padEnd(12, "0") || "0");
  return (decimal.startsWith("-") ? -pico : pico).toString();
}
