import { divideRounded } from "@rightsize/contracts";
import { type DiscountSchedule, discountAt } from "./discount-schedule.js";

const BASIS = 10_000n;

/**
 * One commitment level priced against simulated spend. Every amount is integer pico-dollars;
 * expectations are exact means over the simulations, rounded once to the pico-dollar.
 *
 * The contract model: committing C a year earns the discount d the schedule gives C. Usage
 * priced at list S costs U = S × (1 − d) against the commitment. When U < C the difference is
 * forfeited (paid, unused). Usage above the commitment is overage: at the discounted rate it is
 * U − C; at list it is the list value of the usage the commitment did not cover,
 * S − C / (1 − d). Net cost = C + overage. A commitment of 0 is pay-as-you-go at list.
 */
export interface ScenarioFigures {
  commitPico: bigint;
  discountBasisPoints: number;
  expectedNetPico: bigint;
  expectedForfeitPico: bigint;
  expectedOveragePico: bigint;
  /** Share of simulations whose discounted usage falls short of the commitment. */
  shortfallProbability: number;
  /**
   * Usage ÷ commitment below which the commitment costs more than paying list for the same usage:
   * paying C for usage worth U / (1 − d) at list breaks even at U / C = 1 − d.
   */
  breakEvenUtilization: number;
}

/** Price committing `commitPico` a year against annual list-price spend samples (pico). */
export function priceScenario(options: {
  samples: readonly bigint[];
  commitPico: bigint;
  schedule: DiscountSchedule;
}): ScenarioFigures {
  const { samples, commitPico, schedule } = options;
  const basisPoints = discountAt(schedule, commitPico);
  const kept = BASIS - BigInt(basisPoints);
  // The list value of usage the commitment covers (overage at list starts beyond it).
  const coveredList = kept === 0n ? 0n : divideRounded(commitPico * BASIS, kept);
  let forfeit = 0n;
  let overage = 0n;
  let short = 0;
  for (const spend of samples) {
    const usage = divideRounded(spend * kept, BASIS);
    if (usage < commitPico) {
      forfeit += commitPico - usage;
      short++;
    }
    if (schedule.overage === "discounted") overage += usage > commitPico ? usage - commitPico : 0n;
    else overage += spend > coveredList ? spend - coveredList : 0n;
  }
  const count = BigInt(Math.max(1, samples.length));
  const expectedOverage = divideRounded(overage, count);
  return {
    commitPico,
    discountBasisPoints: basisPoints,
    expectedNetPico: commitPico + expectedOverage,
    expectedForfeitPico: divideRounded(forfeit, count),
    expectedOveragePico: expectedOverage,
    shortfallProbability: samples.length === 0 ? 0 : short / samples.length,
    breakEvenUtilization: Number(kept) / Number(BASIS),
  };
}

/**
 * The commitment levels to price: pay-as-you-go (0), each schedule tier's minimum up to the
 * highest simulated spend, and an even grid up to it (`steps` points, rounded to 3 significant
 * figures), so the expected-cost curve shows its shape and every discount step.
 */
export function scenarioLevels(options: {
  samples: readonly bigint[];
  schedule: DiscountSchedule;
  steps?: number;
}): bigint[] {
  let highest = 0n;
  for (const value of options.samples) if (value > highest) highest = value;
  const levels = new Set<bigint>([0n]);
  const steps = BigInt(options.steps ?? 24);
  for (let step = 1n; step <= steps; step++) levels.add(roundSignificant((highest * step) / steps));
  for (const tier of options.schedule.tiers)
    if (tier.minCommitPico > 0n && tier.minCommitPico <= highest) levels.add(tier.minCommitPico);
  return [...levels].sort((left, right) => (left < right ? -1 : left > right ? 1 : 0));
}

/**
 * The level with the lowest expected net cost among those whose shortfall probability is at
 * most `maxShortfall` (pay-as-you-go always qualifies); ties go to the smaller commitment.
 */
export function cheapestWithinRisk(
  scenarios: readonly ScenarioFigures[],
  maxShortfall: number,
): ScenarioFigures | undefined {
  let best: ScenarioFigures | undefined;
  for (const scenario of scenarios) {
    if (scenario.shortfallProbability > maxShortfall + 1e-12) continue;
    if (best === undefined || scenario.expectedNetPico < best.expectedNetPico) best = scenario;
  }
  return best;
}

/** An amount rounded to 3 significant figures (commitment levels a buyer would say aloud). */
export function roundSignificant(pico: bigint): bigint {
  if (pico <= 0n) return 0n;
  const digits = pico.toString().length;
  if (digits <= 3) return pico;
  const unit = 10n ** BigInt(digits - 3);
  return divideRounded(pico, unit) * unit;
}

/** A commitment that steps quarter by quarter with the forecast, priced like a flat one. */
export interface RampedFigures extends ScenarioFigures {
  quarters: Array<{ index: number; commitPico: bigint }>;
}

/**
 * A ramped commitment: each quarter commits the discounted spend that quarter reaches with
 * probability 1 − `risk` (its `risk` quantile, rounded to 3 significant figures), settled quarter
 * by quarter (a short quarter forfeits even when a later one runs over). The discount is the
 * tier the year's total earns. Shortfall: any quarter short.
 */
export function priceRamped(options: {
  /** quarterSamples[q][s]: list-price spend of quarter q in simulation s (pico). */
  quarterSamples: ReadonlyArray<readonly bigint[]>;
  schedule: DiscountSchedule;
  risk: number;
}): RampedFigures {
  const { quarterSamples, schedule } = options;
  const listLevels = quarterSamples.map((samples) => lowerQuantile(samples, options.risk));
  const listTotal = listLevels.reduce((sum, value) => sum + value, 0n);
  // The best tier whose minimum the discounted year still reaches.
  let basisPoints = 0;
  for (const tier of schedule.tiers) {
    const kept = BASIS - BigInt(tier.discountBasisPoints);
    if (divideRounded(listTotal * kept, BASIS) >= tier.minCommitPico) basisPoints = tier.discountBasisPoints;
  }
  const kept = BASIS - BigInt(basisPoints);
  const quarters = listLevels.map((level, index) => ({
    index,
    commitPico: roundSignificant(divideRounded(level * kept, BASIS)),
  }));
  const simulations = quarterSamples[0]?.length ?? 0;
  let forfeit = 0n;
  let overage = 0n;
  let short = 0;
  for (let simulation = 0; simulation < simulations; simulation++) {
    let anyShort = false;
    for (const quarter of quarters) {
      const spend = quarterSamples[quarter.index]?.[simulation] ?? 0n;
      const usage = divideRounded(spend * kept, BASIS);
      const commit = quarter.commitPico;
      if (usage < commit) {
        forfeit += commit - usage;
        anyShort = true;
      }
      if (schedule.overage === "discounted") overage += usage > commit ? usage - commit : 0n;
      else {
        const covered = kept === 0n ? 0n : divideRounded(commit * BASIS, kept);
        overage += spend > covered ? spend - covered : 0n;
      }
    }
    if (anyShort) short++;
  }
  const count = BigInt(Math.max(1, simulations));
  const commitPico = quarters.reduce((sum, quarter) => sum + quarter.commitPico, 0n);
  const expectedOverage = divideRounded(overage, count);
  return {
    quarters,
    commitPico,
    discountBasisPoints: basisPoints,
    expectedNetPico: commitPico + expectedOverage,
    expectedForfeitPico: divideRounded(forfeit, count),
    expectedOveragePico: expectedOverage,
    shortfallProbability: simulations === 0 ? 0 : short / simulations,
    breakEvenUtilization: Number(kept) / Number(BASIS),
  };
}

/** The value at or below which a share `probability` of the samples fall (nearest rank, from below). */
export function lowerQuantile(samples: readonly bigint[], probability: number): bigint {
  if (samples.length === 0) return 0n;
  const sorted = [...samples].sort((left, right) => (left < right ? -1 : left > right ? 1 : 0));
  const index = Math.min(sorted.length - 1, Math.max(0, Math.floor(probability * sorted.length)));
  return sorted[index] ?? 0n;
}
