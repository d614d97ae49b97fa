import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { COMPLEXITY_FEATURES } from "./complexity-model.js";
import {
  createRouterScan,
  ROUTER_DENSE_FEATURES,
  ROUTER_HEAD_CHARS,
  ROUTER_TAIL_CHARS,
  type RouterScan,
  scanRouterFeatures,
  withoutEmulatorHints,
} from "./router-features.js";
import { scoreComplexity } from "./score-complexity.js";

const BUCKETS = 1024;
const labelled = readFileSync(new URL("./__fixtures__/labelled-prompts.jsonl", import.meta.url), "utf8")
  .split("\n")
  .filter((line) => line.trim() !== "")
  .map((line) => (JSON.parse(line) as { prompt: string }).prompt);

/** A scan's features as plain values (the scan's arrays are reused by the next scan). */
function featuresOf(text: string, taskType?: string, scan: RouterScan = createRouterScan()) {
  scanRouterFeatures({ text, taskType, buckets: BUCKETS, scan });
  return {
    grams: scan.grams.map((grams, group) => [...grams.subarray(0, scan.counts[group])]),
    task: scan.task,
    dense: Object.fromEntries(ROUTER_DENSE_FEATURES.map((name, index) => [name, scan.dense[index]!])),
  };
}
const scorerOf = (dense: Record<string, number>) =>
  Object.fromEntries(COMPLEXITY_FEATURES.map((feature) => [feature, dense[`scorer.${feature}`]]));

describe("scanRouterFeatures", () => {
  it("takes the scorer's features in the same pass: within the budget, exactly scoreComplexity's", () => {
    const scan = createRouterScan();
    const within = labelled.filter((prompt) => prompt.length <= ROUTER_HEAD_CHARS + ROUTER_TAIL_CHARS);
    expect(within.length).toBeGreaterThan(200);
    for (const prompt of within)
      expect(scorerOf(featuresOf(prompt, undefined, scan).dense), prompt.slice(0, 60)).toEqual(
        scoreComplexity({ messages: [{ role: "user", content: prompt }] }).features,
      );
    // Any text: letters, digits, symbols, list items, fences, other scripts.
    const alphabet = fc.constantFrom(
      ..."abcXYZ 019.,-*?;{}=+^%\\`\n\t()é∑中".split(""),
      " must ",
      " prove ",
      " step ",
      "\n- ",
      "\n1. ",
      "```",
    );
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 300 }), (parts) => {
        const text = parts.join("");
        expect(scorerOf(featuresOf(text, undefined, scan).dense)).toEqual(
          scoreComplexity({ messages: [{ role: "user", content: text }] }).features,
        );
      }),
      { numRuns: 300 },
    );
  });

  it("reads a bounded amount: the middle of a long prompt changes nothing but its length", () => {
    // Longer than what is read of each end, so only the middle differs.
    const head = `Prove that the scheduler below never deadlocks; justify each step.\n${"alpha ".repeat(400)}`;
    const tail = `${"omega ".repeat(200)}\nAnswer in three sentences.`;
    const middle = (word: string, size: number) => `${word} `.repeat(Math.ceil(size / (word.length + 1)));
    const long = featuresOf(head + middle("lorem", 20_000) + tail);
    const other = featuresOf(head + middle("ipsum", 20_000) + tail);
    expect(other.grams).toEqual(long.grams);
    const { "chars.log": _, ...rest } = other.dense;
    const { "chars.log": __, ...longRest } = long.dense;
    expect(rest).toEqual(longRest);
    // The head and the tail are read: the instruction at either end changes the features.
    expect(featuresOf(`Summarize this.${head.slice(67)}${middle("lorem", 20_000)}${tail}`).grams).not.toEqual(
      long.grams,
    );
    expect(
      featuresOf(`${head}${middle("lorem", 20_000)}${tail.slice(0, -26)}Translate it.`).grams,
    ).not.toEqual(long.grams);
    // At most one gram per group per character read.
    for (const grams of long.grams)
      expect(grams.length).toBeLessThanOrEqual(ROUTER_HEAD_CHARS + ROUTER_TAIL_CHARS);
    // The length itself is the whole text's, and the scorer's document cue sees it.
    expect(long.dense["chars.log"]).toBeGreaterThan(
      featuresOf(head + middle("lorem", 3_000)).dense["chars.log"]!,
    );
    expect(long.dense["scorer.documents"]).toBeGreaterThan(0);
  });

  it("reads the emulator's hint as a space: its words, digits and length are not features", () => {
    const plain = featuresOf("Label this ticket:   refund please", "classification");
    const hinted = featuresOf(
      "Label this ticket: [[emulator task=reasoning difficulty=0.913]] refund please",
      "classification",
    );
    expect(hinted.grams[0]).toEqual(plain.grams[0]);
    expect(hinted.grams[1]).toEqual(plain.grams[1]);
    expect(hinted.dense).toEqual(plain.dense);
    // The baselines a router is evaluated beside get the same text.
    expect(withoutEmulatorHints("a [[emulator task=x difficulty=0.5]] b [[emulator y]]c [[unclosed")).toBe(
      "a   b  c [[unclosed",
    );
    expect(withoutEmulatorHints("no hint")).toBe("no hint");
    const text = "Label this ticket: [[emulator task=reasoning difficulty=0.913]] refund please";
    expect(featuresOf(withoutEmulatorHints(text)).dense).toEqual(hinted.dense);
    // Any text within the budget: the same words, bigrams and dense features as with the hints
    // removed; and any length, hints anywhere (across the cut too), within the arrays.
    const scan = createRouterScan();
    const piece = fc.constantFrom(
      "word ",
      "Two. ",
      "\n",
      "[[emulator task=x difficulty=0.7]]",
      "[[",
      "]]",
      "9",
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 400 }), fc.integer({ min: 0, max: 3000 }), (parts, pad) => {
        const text = parts.join("");
        if (text.length <= ROUTER_HEAD_CHARS + ROUTER_TAIL_CHARS) {
          const bare = featuresOf(withoutEmulatorHints(text));
          const read = featuresOf(text, undefined, scan);
          expect([read.grams[0], read.grams[1], read.dense]).toEqual([
            bare.grams[0],
            bare.grams[1],
            bare.dense,
          ]);
        }
        const long = `${"x".repeat(pad)}${text}${"y ".repeat(pad)}${text}`;
        const features = featuresOf(long, undefined, scan);
        for (const grams of features.grams)
          expect(grams.length).toBeLessThanOrEqual(ROUTER_HEAD_CHARS + ROUTER_TAIL_CHARS + 2);
        expect(features.dense["scorer.reasoning"]).toBe(0);
      }),
      { numRuns: 200 },
    );
    // A hint at the start of a long prompt is skipped as well.
    const long = `[[emulator task=reasoning difficulty=0.5]] ${"word ".repeat(2000)}`;
    expect(featuresOf(long).dense["scorer.reasoning"]).toBe(0);
  });

  it("hashes the task type to one bucket, and none without one", () => {
    const task = featuresOf("Hello", "classification").task;
    expect(task).toBeGreaterThanOrEqual(0);
    expect(task).toBeLessThan(BUCKETS);
    expect(featuresOf("Other words", "classification").task).toBe(task);
    expect(featuresOf("Hello").task).toBe(-1);
  });

  it("gives the same features whether a scan is fresh or reused", () => {
    const scan = createRouterScan();
    featuresOf(labelled[0]!.repeat(20), "summarization", scan);
    for (const prompt of labelled.slice(1, 40))
      expect(featuresOf(prompt, "qa", scan)).toEqual(featuresOf(prompt, "qa"));
  });
});
