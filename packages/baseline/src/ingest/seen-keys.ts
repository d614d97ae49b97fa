/**
 * The set of record identities (an OTLP span's trace id + span id, a request log's request id)
 * seen so far, so an exporter's retry or a file passed twice is counted once. Each key is kept
 * as a 96-bit hash in an open-addressing table of 32-bit words (linear probing, at most 3/4
 * full): 12 to 24 bytes per key, off the JS heap, so millions of spans fit where a Set of
 * strings would not. No repeat is ever missed; two distinct keys share a hash (and the second
 * is taken for a repeat) with probability at most n²/2^97: 3 million spans, 1 in 10^16.
 */
export class SeenKeys {
  private table: Uint32Array<ArrayBuffer>;
  private used = 0;

  constructor(options: { capacity?: number } = {}) {
    this.table = new Uint32Array(3 * slotsFor(options.capacity ?? 0));
  }

  get size(): number {
    return this.used;
  }

  /** Add a key; false when it was already there (a duplicate). */
  add(key: string): boolean {
    hashKey(key, HASH);
    return this.addHash(HASH[0] as number, HASH[1] as number, HASH[2] as number);
  }

  /**
   * The keys' hashes, three words each, in ascending order (see `sharedKeyCount`), in an array
   * of their own (transferable, e.g. from an ingest worker without a copy). The set is left
   * empty: its table is compacted and sorted in place, then given up.
   */
  takeSorted(): Uint32Array<ArrayBuffer> {
    const table = this.table;
    let next = 0;
    for (let at = 0; at < table.length; at += 3) {
      if (table[at] === 0) continue;
      // next <= at: the compacted keys only move towards the front.
      table[next++] = table[at] as number;
      table[next++] = table[at + 1] as number;
      table[next++] = table[at + 2] as number;
    }
    sortTriples(table, 0, next / 3 - 1);
    const sorted = table.slice(0, next);
    releaseWords(table);
    this.table = new Uint32Array(3 * slotsFor(0));
    this.used = 0;
    return sorted;
  }

  private addHash(first: number, second: number, third: number): boolean {
    // At most 3/4 full (linear probing then takes ~2.5 probes per new key, ~8.5 at the worst).
    if ((this.used + 1) * 4 > this.table.length) this.grow();
    const slots = this.table.length / 3;
    let slot = (first ^ Math.imul(second, 0x9e3779b1)) & (slots - 1);
    for (;;) {
      const at = slot * 3;
      const stored = this.table[at];
      if (stored === 0) {
        this.table[at] = first;
        this.table[at + 1] = second;
        this.table[at + 2] = third;
        this.used++;
        return true;
      }
      if (stored === first && this.table[at + 1] === second && this.table[at + 2] === third) return false;
      slot = (slot + 1) & (slots - 1);
    }
  }

  private grow(): void {
    const old = this.table;
    this.table = new Uint32Array(old.length * 2);
    this.used = 0;
    for (let at = 0; at < old.length; at += 3) {
      if (old[at] !== 0) this.addHash(old[at] as number, old[at + 1] as number, old[at + 2] as number);
    }
    // Not held until the next collection beside a table twice its size.
    releaseWords(old);
  }
}

/**
 * How many keys that several sets each hold once are one key: for every hash found in more
 * than one of `parts` (each from `SeenKeys.takeSorted()`), the number of parts holding it less
 * one. A k-way merge of the sorted parts, so no table is built; a repeat within one part is not
 * counted (each part is a set). Fails if a part is not sorted, rather than miss a shared key.
 */
export function sharedKeyCount(parts: readonly Uint32Array[]): number {
  const lists = parts.filter((part) => part.length >= 3);
  if (lists.length < 2) return 0;
  const positions = lists.map(() => 0);
  const smallest = new Uint32Array(3);
  let shared = 0;
  for (;;) {
    let found = false;
    for (const [index, list] of lists.entries()) {
      const at = positions[index] as number;
      if (at >= list.length || (found && compareTo(list, at, smallest) >= 0)) continue;
      smallest.set(list.subarray(at, at + 3));
      found = true;
    }
    if (!found) return shared;
    let holders = 0;
    for (const [index, list] of lists.entries()) {
      let at = positions[index] as number;
      if (compareTo(list, at, smallest) !== 0) continue;
      holders++;
      while (compareTo(list, at, smallest) === 0) at += 3;
      if (compareTo(list, at, smallest) < 0)
        throw new Error(`sharedKeyCount: part ${index} is not sorted (at word ${at})`);
      positions[index] = at;
    }
    shared += holders - 1;
  }
}

/**
 * Free an array's memory now rather than at its owner's next garbage collection (external
 * memory a small worker heap may not collect for a while): ES2024's `ArrayBuffer.transfer(0)`
 * detaches the buffer, so the array reads as empty afterwards.
 */
export function releaseWords(words: Uint32Array<ArrayBuffer>): void {
  (words.buffer as ArrayBuffer & { transfer(length: number): ArrayBuffer }).transfer(0);
}

/** Slots (a power of two) for `capacity` keys at most 3/4 full. */
function slotsFor(capacity: number): number {
  return nextPowerOfTwo(Math.max(1024, Math.ceil((capacity * 4) / 3)));
}

/** Compare the key at word `at` of `words` (past the end: above every key) with `key` (three words). */
function compareTo(words: Uint32Array, at: number, key: Uint32Array): number {
  if (at >= words.length) return 1;
  for (let offset = 0; offset < 3; offset++) {
    const word = words[at + offset] as number;
    const other = key[offset] as number;
    if (word !== other) return word < other ? -1 : 1;
  }
  return 0;
}

const PIVOT = new Uint32Array(3);
const HELD = new Uint32Array(3);

/** Sort the triples `low`..`high` (inclusive, in triples) of `words` in place: quicksort, insertion sort below 16. */
function sortTriples(words: Uint32Array, low: number, high: number): void {
  let from = low;
  let to = high;
  while (to - from > 16) {
    const pivot = ((from + to) >>> 1) * 3;
    PIVOT.set(words.subarray(pivot, pivot + 3));
    let left = from;
    let right = to;
    while (left <= right) {
      while (compareTo(words, left * 3, PIVOT) < 0) left++;
      while (compareTo(words, right * 3, PIVOT) > 0) right--;
      if (left <= right) {
        swapTriples(words, left * 3, right * 3);
        left++;
        right--;
      }
    }
    // Recurse into the smaller side, loop on the larger: the stack stays O(log n) deep.
    if (right - from < to - left) {
      sortTriples(words, from, right);
      from = left;
    } else {
      sortTriples(words, left, to);
      to = right;
    }
  }
  for (let index = from + 1; index <= to; index++) {
    HELD.set(words.subarray(index * 3, index * 3 + 3));
    let into = index;
    while (into > from && compareTo(words, (into - 1) * 3, HELD) > 0) {
      words.copyWithin(into * 3, (into - 1) * 3, into * 3);
      into--;
    }
    words.set(HELD, into * 3);
  }
}

function swapTriples(words: Uint32Array, left: number, right: number): void {
  for (let offset = 0; offset < 3; offset++) {
    const kept = words[left + offset] as number;
    words[left + offset] = words[right + offset] as number;
    words[right + offset] = kept;
  }
}
const HASH = new Uint32Array(3);

/** Three 32-bit hashes of a string (multiplicative mixing per character, murmur3's finalizer); the first never 0. */
function hashKey(key: string, out: Uint32Array): void {
  let first = 0x811c9dc5;
  let second = 0x27d4eb2f;
  let third = 0x165667b1;
  for (let index = 0; index < key.length; index++) {
    const code = key.charCodeAt(index);
    first = Math.imul(first ^ code, 0x01000193);
    second = Math.imul(second ^ code, 0x5bd1e995);
    third = Math.imul(third + code, 0x9e3779b1) ^ (third >>> 13);
  }
  out[0] = finalize(first ^ key.length) || 1;
  out[1] = finalize(second);
  out[2] = finalize(third);
}

function finalize(value: number): number {
  let hash = value;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

function nextPowerOfTwo(value: number): number {
  let power = 1;
  while (power < value) power *= 2;
  return power;
}
