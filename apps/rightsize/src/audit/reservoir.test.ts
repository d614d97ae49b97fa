import { describe, expect, it } from "vitest";
import { Reservoir } from "./reservoir.js";

describe("Reservoir", () => {
  it("keeps everything below its size, the same sample for the same seed, and samples uniformly", () => {
    const small = new Reservoir<number>({ size: 10, seed: 1 });
    for (let index = 0; index < 5; index++) small.offer(() => index);
    expect(small.items).toEqual([0, 1, 2, 3, 4]);
    const draw = (seed: number) => {
      const reservoir = new Reservoir<number>({ size: 100, seed });
      for (let index = 0; index < 10_000; index++) reservoir.offer(() => index);
      return reservoir;
    };
    expect(draw(7).items).toEqual(draw(7).items);
    expect(draw(7).items).not.toEqual(draw(8).items);
    expect(draw(7).seen).toBe(10_000);
    // Uniform: over many seeds each tenth of the stream holds about a tenth of the sample.
    const counts = new Array<number>(10).fill(0);
    for (let seed = 0; seed < 200; seed++)
      for (const item of draw(seed).items) counts[Math.floor(item / 1000)]!++;
    for (const count of counts) expect(count / 20_000).toBeGreaterThan(0.09);
    for (const count of counts) expect(count / 20_000).toBeLessThan(0.11);
  });
});
