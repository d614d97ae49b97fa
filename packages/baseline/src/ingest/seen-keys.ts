/**
 * The set of record identities (an OTLP span's trace id + span id, a request log's request id)
 * seen so far, so an exporter's retry or a file passed twice is counted once. Each key is kept
 * as a 96-bit hash in an open-addressing table of 32-bit words: 24 bytes per key at the worst
 * load, off the JS heap, so millions of spans fit where a Set of strings would not. Two distinct
 * keys share a hash with probability ~n²/2^97 (3 million spans: 1 in 10^16).
 */
export class SeenKeys {
  private table: Uint32Array;
  private used = 0;

  constructor(options: { capacity?: number } = {}) {
    this.table = new Uint32Array(3 * nextPowerOfTwo(Math.max(1024, (options.capacity ?? 0) * 2)));
  }

  get size(): number {
    return this.used;
  }

  /** Add a key; false when it was already there (a duplicate). */
  add(key: string): boolean {
    hashKey(key, HASH);
    return this.addHash(HASH[0] as number, HASH[1] as number, HASH[2] as number);
  }

  /** Add every key of another set (as `packed()`); returns how many were already here. */
  addPacked(packed: Uint32Array): number {
    let duplicates = 0;
    for (let at = 0; at + 2 < packed.length; at += 3) {
      if (!this.addHash(packed[at] as number, packed[at + 1] as number, packed[at + 2] as number))
        duplicates++;
    }
    return duplicates;
  }

  /** The keys' hashes, three words each (structured-cloneable, e.g. from an ingest worker). */
  packed(): Uint32Array {
    const out = new Uint32Array(this.used * 3);
    let next = 0;
    for (let at = 0; at < this.table.length; at += 3) {
      if (this.table[at] === 0) continue;
      out[next++] = this.table[at] as number;
      out[next++] = this.table[at + 1] as number;
      out[next++] = this.table[at + 2] as number;
    }
    return out;
  }

  private addHash(first: number, second: number, third: number): boolean {
    if ((this.used + 1) * 2 > this.table.length / 3) this.grow();
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
