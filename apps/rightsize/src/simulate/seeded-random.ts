import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";

/** A seeded random source: the same seed gives the same workload on every machine. */
export interface SeededRandom {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [low, high]. */
  between(low: number, high: number): number;
  /** An integer in [low, high]. */
  integer(low: number, high: number): number;
  /** Picks a key with probability proportional to its weight. */
  pick<T>(entries: readonly (readonly [T, number])[]): T;
}

export function createSeededRandom(seed: number): SeededRandom {
  const generator = xoroshiro128plus(seed | 0);
  const next = () => uniformFloat64(generator);
  return {
    next,
    between: (low, high) => low + (high - low) * next(),
    integer: (low, high) => low + Math.floor((high - low + 1) * next()),
    pick(entries) {
      const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
      let target = next() * total;
      for (const [value, weight] of entries) {
        target -= weight;
        if (target < 0) return value;
      }
      return entries[entries.length - 1]![0];
    },
  };
}
