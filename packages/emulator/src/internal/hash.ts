import { createHash } from "node:crypto";

/** A stable content digest (hex) for prompt prefixes and request bodies. */
export function digest(...parts: readonly string[]): string {
  const hash = createHash("sha1");
  for (const part of parts) {
    hash.update(part);
    // A separator byte that cannot occur in UTF-8 text keeps ("ab","c") apart from ("a","bc").
    hash.update("\u0000");
  }
  return hash.digest("hex");
}

/** 32-bit FNV-1a with a final avalanche: cheap, stable across runs and platforms. */
export function hash32(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** A reproducible number in [0, 1) from any list of parts (seed, model, prompt hash, ...). */
export function unitFrom(...parts: readonly (string | number)[]): number {
  return hash32(parts.join("|")) / 0x1_0000_0000;
}

/** A reproducible, roughly standard-normal number (sum of four uniforms, rescaled). */
export function normalFrom(...parts: readonly (string | number)[]): number {
  const random = createRandom(hash32(parts.join("|")));
  let sum = 0;
  for (let draw = 0; draw < 4; draw++) sum += random();
  // Irwin-Hall with n=4: mean 2, variance 4/12.
  return (sum - 2) / Math.sqrt(4 / 12);
}

/** mulberry32: a small seeded PRNG for generating answer text. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 0x1_0000_0000;
  };
}
