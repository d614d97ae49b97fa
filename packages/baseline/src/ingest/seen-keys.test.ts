import { describe, expect, it } from "vitest";
import { SeenKeys } from "./seen-keys.js";

const spanKey = (index: number) => `4bf92f3577b34da6a3ce929d0e0e4736/${index.toString(16).padStart(16, "0")}`;

describe("SeenKeys", () => {
  it("says a key is new once, through many growths of its table", () => {
    const seen = new SeenKeys();
    for (let index = 0; index < 50_000; index++) expect(seen.add(spanKey(index))).toBe(true);
    let repeats = 0;
    for (let index = 0; index < 50_000; index += 7) if (!seen.add(spanKey(index))) repeats++;
    expect(repeats).toBe(Math.ceil(50_000 / 7));
    expect(seen.size).toBe(50_000);
  });

  it("finds the keys two sets share from their packed form", () => {
    const left = new SeenKeys();
    const right = new SeenKeys();
    for (let index = 0; index < 3000; index++) left.add(spanKey(index));
    for (let index = 2500; index < 4000; index++) right.add(spanKey(index));
    const merged = new SeenKeys();
    expect(merged.addPacked(left.packed())).toBe(0);
    expect(merged.addPacked(right.packed())).toBe(500);
    expect(merged.size).toBe(4000);
  });
});
