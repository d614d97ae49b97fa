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

/**
 * An open-addressing hash table from word hashes to small integer payloads in typed arrays:
 * a lookup is a few array reads, several times cheaper than Map.get on the scoring hot path.
 * Payload 0 means "absent", so payloads must be non-zero.
 */
export interface WordTable {
  keys: Int32Array;
  values: Int32Array;
  mask: number;
}

export function wordTable(entries: Iterable<readonly [string, number]>): WordTable {
  const table = keywordTable(entries);
  let size = 64;
  while (size < table.size * 4) size *= 2;
  const keys = new Int32Array(size);
  const values = new Int32Array(size);
  const mask = size - 1;
  for (const [hash, value] of table) {
    if (value === 0) throw new Error("word table payloads must be non-zero");
    let slot = (hash ^ (hash >>> 13)) & mask;
    while (values[slot] !== 0) slot = (slot + 1) & mask;
    keys[slot] = hash;
    values[slot] = value;
  }
  return { keys, values, mask };
}

/** The payload for a word hash, or 0. */
export function lookupWord(table: WordTable, hash: number): number {
  const { keys, values, mask } = table;
  let slot = (hash ^ (hash >>> 13)) & mask;
  for (;;) {
    const value = values[slot]!;
    if (value === 0 || keys[slot] === hash) return value;
    slot = (slot + 1) & mask;
  }
}
