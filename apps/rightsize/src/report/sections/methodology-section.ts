import { basename } from "node:path";
import type { ReportFigures } from "@rightsize/baseline";
import { asSentence, formatCount, formatDate, formatPercent } from "../format.js";
import type { ReportCanvas } from "../pdf/report-canvas.js";

/** How every figure was made: period, baseline, policy, prices, levers, forecast, assumptions. */
export function drawMethodologySection(canvas: ReportCanvas, figures: ReportFigures): void {
  const { period, baseline, policy, priceBook, waterfall, forecast, commitment } = figures;
  canvas.section("Methodology and assumptions", { keepWith: 160 });

  canvas.subsection("Period", { keepWith: 40 });
  const observed =
    period.observedStart && period.observedEnd
      ? `Data was observed from ${formatDate(period.observedStart)} to ${formatDate(period.observedEnd)} ` +
        `(${formatCount(period.observedDays)} days); run-rates are scaled from those days.`
      : "No data fell inside the period.";
  canvas.paragraph(
    `${period.label}: ${formatDate(period.start)} to ${formatDate(period.end)} (${period.days} days). ${observed}`,
  );

  canvas.subsection("Baseline", { keepWith: 40 });
  const chosen =
    baseline.chosen === "given"
      ? "The baseline model was given on the command line."
      : "No baseline model was given, so the most expensive model seen in the input is used.";
  // The factor is stated only where it was used: models on different tokenizer generations.
  const factor =
    !baseline.tokenizerConverted || baseline.tokenizerFactor === 1
      ? ""
      : ` Token counts are converted between tokenizer generations with a factor of ${baseline.tokenizerFactor}.`;
  canvas.paragraph(`${baseline.definition} ${chosen}${factor}`);

  canvas.subsection("Policy", { keepWith: 40 });
  canvas.paragraph(
    `Candidate policy "${policy.name}", version ${policy.version}` +
      (policy.source ? `, from ${basename(policy.source)}.` : ", the policy bundled with rightsize.") +
      " Each cohort of requests is replayed through it: the model tier, max_tokens ceiling, delivery mode " +
      "(realtime or batch) and cache plan it would choose are priced with the same price book.",
  );

  canvas.subsection("Prices", { keepWith: 40 });
  canvas.paragraph(
    `Price book version ${priceBook.version}. ` +
      (priceBook.allConfirmed
        ? "Every rate used is confirmed by Anthropic's published pricing."
        : "Some rates used are not yet confirmed by Anthropic's published pricing and are marked unconfirmed in the price book.") +
      " Money is computed in integer pico-dollars (10^-12 USD) and rounded to cents only for display.",
  );
  if (priceBook.sources.length > 0)
    canvas.bullets(
      priceBook.sources.map((source) => `Source: ${source}`),
      "note",
    );

  canvas.subsection("Lever waterfall", { keepWith: 40 });
  const estimated = waterfall.steps.filter((step) => step.estimated).map((step) => step.label);
  canvas.paragraph(
    `Basis: ${asSentence(waterfall.basis)} ` +
      (estimated.length > 0
        ? `Estimated rather than measured: ${estimated.join(", ")}; they are labelled "(estimate)" wherever they appear.`
        : "Every step is computed from replayed cohorts; none is an estimate."),
  );
  canvas.bullets(
    waterfall.steps.map((step) => `${step.label}: ${step.method}`),
    "note",
  );

  canvas.subsection("Forecast and commitment", { keepWith: 40 });
  canvas.paragraph(
    `Forecast: fitted on ${formatCount(forecast.fitDays)} days of ${forecast.fitOn} spend; ` +
      `residual standard deviation ${forecast.residualSd.toFixed(3)} (log scale); quarterly growth ` +
      `${formatPercent(forecast.quarterlyGrowth)}${forecast.trendFitted ? "" : " (no trend fitted)"}. ` +
      `${asSentence(forecast.method)} ` +
      (forecast.levelScale ? `${asSentence(forecast.levelScale.note)} ` : "") +
      `Commitment: ${asSentence(commitment.method)} ` +
      (commitment.contractedRatesApplied
        ? "Contracted rates were supplied and are shown beside list prices."
        : "No contracted rates were supplied; all amounts are at list prices."),
  );

  if (figures.assumptions.length > 0) {
    canvas.subsection("Assumptions", { keepWith: 40 });
    canvas.bullets(figures.assumptions);
  }
}
