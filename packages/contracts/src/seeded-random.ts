/**
 * mulberry32: a small seeded PRNG (32-bit state), uniform in [0, 1). The same seed gives the
 * same sequence on every machine, so forecasts, simulated answers and generated test cases
 * reproduce from a printed seed. Not for anything secret.
 * @example const random = seededRandom(42); random(); // 0.6011037519201636
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}
