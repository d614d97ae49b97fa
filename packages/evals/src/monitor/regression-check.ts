import type { QualityVerdict } from "@rightsize/policy";
import { wilsonInterval } from "../stats/wilson-interval.js";

/** A task type's quality window on one tier, against its bar. */
export interface QualityWindow {
  n: number;
  passes: number;
  passRate: number;
  lower: number;
  upper: number;
  bar: number;
  /** True when there are enough verdicts and the Wilson upper bound is below the bar. */
  regressed: boolean;
}

/**
 * Reads a window of verdicts against a bar: a regression is a Wilson upper bound below the bar,
 * that is, even the most favourable reading of the evidence (95%) says the tier no longer holds.
 * Fewer than `minSamples` verdicts never regress: a handful of failures is not yet evidence.
 */
export function qualityWindow(options: {
  verdicts: readonly QualityVerdict[];
  bar: number;
  minSamples: number;
}): QualityWindow {
  const n = options.verdicts.length;
  const passes = options.verdicts.reduce((count, verdict) => count + (verdict.pass ? 1 : 0), 0);
  const { lower, upper } = wilsonInterval({ passes, n });
  return {
    n,
    passes,
    passRate: n === 0 ? 0 : passes / n,
    lower,
    upper,
    bar: options.bar,
    regressed: n >= options.minSamples && upper < options.bar,
  };
}
