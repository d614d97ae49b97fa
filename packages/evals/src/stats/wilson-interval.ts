/** The two-sided 95% normal quantile (Φ⁻¹(0.975)). */
export const Z_95 = 1.959963984540054;

/** A proportion's confidence interval, both ends in [0, 1]. */
export interface WilsonInterval {
  lower: number;
  upper: number;
}

/**
 * The Wilson score interval of `passes` successes in `n` trials (95% by default): unlike the
 * normal approximation it stays inside [0, 1] and is honest at 0% and 100% and for small n,
 * which is where evals live. With no trials the interval is the whole of [0, 1].
 * @example wilsonInterval({ passes: 95, n: 100 }) // { lower: 0.8882…, upper: 0.9785… }
 */
export function wilsonInterval(options: { passes: number; n: number; z?: number }): WilsonInterval {
  const { passes, n } = options;
  if (!Number.isInteger(n) || n < 0 || !Number.isInteger(passes) || passes < 0 || passes > n) {
    throw new RangeError(`wilsonInterval: expected whole 0 <= passes <= n, got passes=${passes}, n=${n}`);
  }
  if (n === 0) return { lower: 0, upper: 1 };
  const z = options.z ?? Z_95;
  const rate = passes / n;
  const z2 = z * z;
  const centre = rate + z2 / (2 * n);
  const margin = z * Math.sqrt((rate * (1 - rate)) / n + z2 / (4 * n * n));
  const denominator = 1 + z2 / n;
  // Clamp the float error at the ends (passes = 0 or n give exactly 0 or 1 in exact arithmetic).
  return {
    lower: passes === 0 ? 0 : Math.max(0, (centre - margin) / denominator),
    upper: passes === n ? 1 : Math.min(1, (centre + margin) / denominator),
  };
}
