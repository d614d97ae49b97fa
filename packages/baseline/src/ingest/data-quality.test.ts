import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DataQualityLog } from "./data-quality.js";

interface Item {
  kind: "bad" | "skipped";
  reason: string;
}

const itemArbitrary: fc.Arbitrary<Item> = fc.record({
  kind: fc.constantFrom("bad" as const, "bad" as const, "skipped" as const),
  // Many reasons, so the 30-sample cap over all reasons is reached as well as the 3 per reason.
  reason: fc.integer({ min: 0, max: 14 }).map((index) => `reason ${index}`),
});

/** Record item number `index` of the input (its text names it) at `line` of the log's own input. */
function record(log: DataQualityLog, item: Item, options: { index: number; line: number }): void {
  if (item.kind === "skipped") log.skipped(item.reason);
  else
    log.bad({ file: "spans.jsonl", line: options.line, reason: item.reason, text: `item ${options.index}` });
}

describe("DataQualityLog.absorb", () => {
  it("keeps exactly the counts, samples and reason order of one sequential log", () => {
    const chunked = fc
      .array(itemArbitrary, { maxLength: 150 })
      .chain((items) =>
        fc
          .uniqueArray(fc.integer({ min: 0, max: items.length }), { maxLength: 8 })
          .map((cuts) => [items, [...cuts].sort((left, right) => left - right)] as const),
      );
    fc.assert(
      fc.property(chunked, ([items, cuts]) => {
        const sequential = new DataQualityLog();
        for (const [index, item] of items.entries()) record(sequential, item, { index, line: index + 1 });
        const merged = new DataQualityLog();
        const bounds = [0, ...cuts, items.length];
        for (let chunk = 0; chunk + 1 < bounds.length; chunk++) {
          const start = bounds[chunk] ?? 0;
          const local = new DataQualityLog({ maxSamples: Number.POSITIVE_INFINITY });
          for (const [index, item] of items.slice(start, bounds[chunk + 1]).entries()) {
            record(local, item, { index: start + index, line: index + 1 });
          }
          merged.absorb(local, { lineOffset: start });
        }
        expect([...merged.badByReason]).toEqual([...sequential.badByReason]);
        expect([...merged.skippedByReason]).toEqual([...sequential.skippedByReason]);
        expect(merged.samples).toEqual(sequential.samples);
      }),
      { numRuns: 200 },
    );
  });
});
