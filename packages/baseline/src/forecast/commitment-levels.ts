import { mean, quantile } from "./simulate-forecast.js";

/** A commitment at one confidence level, from samples of future spend (same unit as the samples). */
export interface CommitmentAtLevel {
  confidence: number;
  amount: number;
  /** Share of samples below the commitment (money forfeited). */
  forfeitProbability: number;
  expectedForfeit: number;
  expectedOverage: number;
}

/**
 * Commit at the spend level reached with probability `confidence`: the (1 - confidence) quantile
 * of the simulated spend. Forfeit = commitment - spend when spend falls short; overage = spend -
 * commitment when it exceeds it (billed on demand).
 * @example commitmentAt({ samples: [80, 90, 100, 110, 120], confidence: 0.5 }) // amount 100, expectedForfeit 6, expectedOverage 6
 */
export function commitmentAt(options: { samples: ArrayLike<number>; confidence: number }): CommitmentAtLevel {
  const sorted = Float64Array.from(options.samples).sort();
  const amount = quantile(sorted, 1 - options.confidence);
  // Spend within a billionth of the commitment counts as meeting it (float noise, not a shortfall).
  const tolerance = Math.max(Math.abs(amount) * 1e-9, 1e-12);
  let below = 0;
  const forfeits = new Float64Array(sorted.length);
  const overages = new Float64Array(sorted.length);
  sorted.forEach((spend, index) => {
    if (spend < amount - tolerance) below++;
    forfeits[index] = Math.max(0, amount - spend);
    overages[index] = Math.max(0, spend - amount);
  });
  return {
    confidence: options.confidence,
    amount,
    forfeitProbability: sorted.length === 0 ? 0 : below / sorted.length,
    expectedForfeit: mean(forfeits),
    expectedOverage: mean(overages),
  };
}
