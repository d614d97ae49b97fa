import { describe, expect, it } from "vitest";
import { releaseWords, SeenKeys, sharedKeyCount } from "./seen-keys.js";

const spanKey = (index: number) => `4bf92f3577b34da6a3ce929d0e0e4736/${index.toString(16).padStart(16, "0")}`;

/** The sorted hashes of the keys `from`..`to` - 1. */
function sortedKeys(from: number, to: number): Uint32Array {
  const seen = new SeenKeys();
  for (let index = from; index < to; index++) seen.add(spanKey(index));
  return seen.takeSorted();
}

/** The triples of a packed array, as strings of three zero-padded hex words (compare as the words do). */
const triples = (words: Uint32Array) =>
  Array.from({ length: words.length / 3 }, (_, index) =>
    [...words.subarray(index * 3, index * 3 + 3)].map((word) => word.toString(16).padStart(8, "0")).join(""),
  );

describe("SeenKeys", () => {
  it("says a key is new once, through many growths of its table", () => {
    const seen = new SeenKeys();
    for (let index = 0; index < 50_000; index++) expect(seen.add(spanKey(index))).toBe(true);
    let repeats = 0;
    for (let index = 0; index < 50_000; index += 7) if (!seen.add(spanKey(index))) repeats++;
    expect(repeats).toBe(Math.ceil(50_000 / 7));
    expect(seen.size).toBe(50_000);
  });

  it("hands over its keys sorted, each once, and is empty afterwards", () => {
    const seen = new SeenKeys({ capacity: 10 });
    for (let index = 0; index < 30_000; index++) seen.add(spanKey(index % 20_000));
    const sorted = seen.takeSorted();
    expect(sorted.length).toBe(20_000 * 3);
    expect(sorted.buffer.byteLength).toBe(20_000 * 12);
    const strings = triples(sorted);
    expect(new Set(strings).size).toBe(20_000);
    expect(strings).toEqual([...strings].sort());
    expect(seen.size).toBe(0);
    expect(seen.add(spanKey(1))).toBe(true);
    expect(new SeenKeys().takeSorted()).toHaveLength(0);
    // Its memory can be given back at once, without waiting for a collection.
    releaseWords(sorted);
    expect(sorted).toHaveLength(0);
    expect(sorted.buffer.byteLength).toBe(0);
  });
});

describe("sharedKeyCount", () => {
  it("finds no shared key between disjoint parts", () => {
    expect(sharedKeyCount([sortedKeys(0, 3000), sortedKeys(3000, 5000), sortedKeys(5000, 5001)])).toBe(0);
  });

  it("counts the keys two parts share, once per extra part holding them", () => {
    expect(sharedKeyCount([sortedKeys(0, 3000), sortedKeys(2500, 4000)])).toBe(500);
    // 100 keys in all three parts (2 extra copies each), 400 more in the first two.
    expect(sharedKeyCount([sortedKeys(0, 3000), sortedKeys(2500, 4000), sortedKeys(2900, 3500)])).toBe(
      400 + 100 * 2 + 500,
    );
  });

  it("does not count a repeat within one part as shared", () => {
    const part = sortedKeys(0, 1000);
    // Every tenth key twice in a row (still sorted): still one part's keys.
    const repeated: number[] = [];
    for (let at = 0; at < part.length; at += 3) {
      const triple = [...part.subarray(at, at + 3)];
      repeated.push(...triple, ...(at % 30 === 0 ? triple : []));
    }
    expect(repeated.length).toBe(part.length + 100 * 3);
    expect(sharedKeyCount([Uint32Array.from(repeated), sortedKeys(2000, 3000)])).toBe(0);
    expect(sharedKeyCount([Uint32Array.from(repeated), sortedKeys(0, 1000)])).toBe(1000);
  });

  it("needs two parts with keys: empty parts and a single part share nothing", () => {
    const empty = new Uint32Array(0);
    expect(sharedKeyCount([])).toBe(0);
    expect(sharedKeyCount([sortedKeys(0, 100)])).toBe(0);
    expect(sharedKeyCount([empty, sortedKeys(0, 100), empty])).toBe(0);
    expect(sharedKeyCount([empty, sortedKeys(0, 100), empty, sortedKeys(50, 60)])).toBe(10);
  });

  it("fails on a part that is not sorted rather than miss a shared key", () => {
    const part = sortedKeys(0, 100);
    const reversed = new Uint32Array(part.length);
    for (let index = 0; index < 100; index++)
      reversed.set(part.subarray(index * 3, index * 3 + 3), (99 - index) * 3);
    expect(() => sharedKeyCount([reversed, sortedKeys(200, 300)])).toThrow(/not sorted/);
  });
});
