import type { ReportFigures } from "@rightsize/baseline";
import { formatCount, formatDecimalUsd, formatPercent } from "../format.js";

/**
 * The executive summary's plain-language account of what drives the numbers: 3 to 5
 * sentences, each built from figures in the report (no sentence without a number behind it).
 */
export function summarySentences(figures: ReportFigures): string[] {
  const { runRates, inputs, policy, baseline, commitment, forecast } = figures;
  const sentences: string[] = [];
  sentences.push(
    `Over ${formatCount(figures.period.observedDays)} observed days of ${figures.period.label}, ` +
      `${formatCount(inputs.requests)} requests cost ${runRates.current.observed.usd}, ` +
      `a run-rate of ${runRates.current.monthly.usd} a month.`,
  );
  sentences.push(
    `Replaying the same requests under policy “${policy.name}” (version ${policy.version}) brings that to ` +
      `${runRates.optimized.monthly.usd} a month: ${runRates.savings.monthly.usd} less, ` +
      `${formatPercent(runRates.savingsShareOfCurrent)} of current spend.`,
  );
  const measured = figures.measured;
  if (measured) {
    sentences.push(
      `Measured under the policy, ${formatCount(measured.requests)} requests over ${formatCount(measured.period.observedDays)} days ` +
        `actually cost ${measured.runRate.observed.usd}, a run-rate of ${measured.runRate.monthly.usd} a month: ` +
        `${measured.savings.monthly.usd} a month less than before (${formatPercent(measured.savingsShareOfCurrent)}).`,
    );
  }
  const lever = largestLever(figures);
  if (lever) {
    const estimate = lever.estimated ? " (an estimate)" : "";
    sentences.push(
      `Against the baseline of every request on ${baseline.model}, the largest lever is ` +
        `${LEVER_NAMES[lever.key] ?? lever.label}, worth ${negate(lever.amount.usd)}${estimate} over the observed days.`,
    );
  }
  const escalated = figures.waterfall.steps.find((step) => step.key === "escalated_away");
  // Sub-cent amounts would read "$0.00": not worth a sentence.
  if (escalated && escalated.amount.value >= 0.005) {
    sentences.push(
      `Attempts that were paid for and then escalated to a stronger model add back ${escalated.amount.usd}; ` +
        `the waterfall shows them as their own line.`,
    );
  }
  const recommended = commitment.levels.find((level) => level.label === commitment.recommended);
  const median = commitment.levels.find((level) => level.confidence === 0.5);
  if (recommended) {
    const growth = !forecast.trendFitted
      ? "The history is too short to fit a trend"
      : Math.abs(forecast.quarterlyGrowth) < 0.0005
        ? "The optimized forecast is flat"
        : `The optimized forecast${forecast.levelScale ? " (at the measured level)" : ""} ${forecast.quarterlyGrowth > 0 ? "grows" : "falls"} about ${formatPercent(Math.abs(forecast.quarterlyGrowth))} a quarter`;
    sentences.push(
      `${growth}: over the next four quarters optimized spend reaches ${recommended.annual.usd} with ` +
        `${formatPercent(recommended.confidence, 0)} probability (${recommended.label})` +
        (median ? ` and ${median.annual.usd} with even odds (P50)` : "") +
        `; committing ${formatDecimalUsd(commitment.optimal.commitUsd)} costs least in expectation within a ` +
        `${formatPercent(commitment.maxShortfallProbability, 0)} shortfall risk.`,
    );
  }
  const flagged = figures.tasks.filter((task) => task.evidence.overrideFlag).length;
  if (flagged > 0 && sentences.length < 5) {
    sentences.push(
      `${formatCount(flagged)} task type${flagged === 1 ? " has" : "s have"} an override rate above 5% and ` +
        `should be reviewed before their recommendation is applied.`,
    );
  }
  return sentences.slice(0, 5);
}

/** How each lever is named in a sentence. */
const LEVER_NAMES: Partial<Record<string, string>> = {
  routing: "routing to cheaper models",
  caching: "prompt caching",
  batch: "the Batch API",
  ceilings: "output-token ceilings",
};

function largestLever(figures: ReportFigures) {
  const levers = figures.waterfall.steps.filter(
    (step) => step.kind === "delta" && step.key !== "escalated_away" && step.amount.value < 0,
  );
  return levers.sort((left, right) => left.amount.value - right.amount.value)[0];
}

/** "-$1,234.56" -> "$1,234.56" (a saving is shown as a positive amount in prose). */
function negate(usd: string): string {
  return usd.replace(/^-/, "").replace(/^\((.*)\)$/, "$1");
}
