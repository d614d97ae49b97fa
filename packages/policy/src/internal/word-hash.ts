/**
 * Word hashing for single-pass keyword detection: a word's letters (ASCII, case-folded) fold
 * into a 32-bit hash as the scanner walks the text, and a keyword table is a Map from hash to
 * payload. No substring is ever allocated. A non-keyword colliding with a keyword's hash has
 * a probability of about n / 2^32 per word (n keywords): negligible for a scoring heuristic.
 */

/** Folds one lower-case letter code into the running hash. */
export function foldLetter(hash: number, lowerCode: number): number {
  return (Math.imul(hash, 31) + lowerCode) | 0;
}

/** The hash of a whole word, as the scanners compute it letter by letter. */
export function hashWord(word: string): number {
  let hash = 0;
  for (let index = 0; index < word.length; index++) hash = foldLetter(hash, word.charCodeAt(index) | 0x20);
  return hash;
}

/** Builds a hash table from words to payloads; throws if two different words collide. */
export function keywordTable<T>(entries: Iterable<readonly [string, T]>): Map<number, T> {
  const table = new Map<number, T>();
  const words = new Map<number, string>();
  for (const [word, payload] of entries) {
    const hash = hashWord(word);
    const existing = words.get(hash);
    if (existing !== undefined && existing !== word)
      throw new Error(`keyword hash collision: ${existing} / ${word}`);
    words.set(hash, word);
    table.set(hash, payload);
  }
  return table;
}
