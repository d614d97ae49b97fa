import { type OutcomeLine, outcomePassed } from "@rightsize/evals";
import {
  createRouterScan,
  ROUTER_DENSE_FEATURES,
  ROUTER_GROUPS,
  scanRouterFeatures,
} from "@rightsize/policy";
import type { SparseRow } from "./logistic-regression.js";

/** An outcome line a router can learn from: its prompt, task type, and per tier pass and score. */
export interface RouterExample {
  id: string;
  prompt: string;
  taskType: string;
  passed: boolean[];
  scores: number[];
  /** Pico-dollars per tier, when every tier's outcome carries costUsd. */
  costs?: bigint[];
}

/** Outcome lines left out, by why. */
export interface SkippedOutcomes {
  noPrompt: number;
  /** A named tier is missing or errored. */
  incomplete: number;
}

/**
 * The usable examples of an outcomes file for the named tiers (keys of `models`, cheapest first):
 * lines with a prompt and an error-free outcome on every tier.
 */
export function routerExamples(options: { outcomes: readonly OutcomeLine[]; tiers: readonly string[] }): {
  examples: RouterExample[];
  skipped: SkippedOutcomes;
} {
  const skipped: SkippedOutcomes = { noPrompt: 0, incomplete: 0 };
  const examples: RouterExample[] = [];
  for (const line of options.outcomes) {
    if (line.prompt === undefined || line.prompt === "") {
      skipped.noPrompt++;
      continue;
    }
    const outcomes = options.tiers.map((tier) => line.models[tier]);
    if (outcomes.some((outcome) => outcome === undefined || outcome.error !== undefined)) {
      skipped.incomplete++;
      continue;
    }
    const complete = outcomes as NonNullable<(typeof outcomes)[number]>[];
    const example: RouterExample = {
      id: line.id,
      prompt: line.prompt,
      taskType: line.taskType,
      passed: complete.map((outcome) => outcomePassed(outcome)),
      scores: complete.map((outcome) => outcome.score),
    };
    if (complete.every((outcome) => outcome.costUsd !== undefined))
      example.costs = complete.map((outcome) => picoOf(outcome.costUsd!));
    examples.push(example);
  }
  return { examples, skipped };
}

/** USD with at most 12 decimals to pico-dollars, exactly (the outcomes format's promise). */
function picoOf(usd: number): bigint {
  const [whole, fraction = ""] = usd.toFixed(12).split(".");
  return BigInt(whole!) * 1_000_000_000_000n + BigInt(fraction.padEnd(12, "0"));
}

/**
 * The sparse feature vectors of prompts (policy's router features): hashed grams scaled by
 * 1/sqrt(their group's count), the task type, then the dense features after the buckets. One
 * scan and one dense accumulator serve every prompt (only the touched entries are cleared).
 */
export function featureRows(options: {
  prompts: readonly { prompt: string; taskType?: string | undefined }[];
  buckets: number;
}): SparseRow[] {
  const { buckets } = options;
  const scan = createRouterScan();
  const sums = new Float64Array(featureDimension(buckets));
  const touched = new Int32Array(scan.grams[0].length * ROUTER_GROUPS + ROUTER_DENSE_FEATURES.length + 1);
  return options.prompts.map(({ prompt, taskType }) => {
    scanRouterFeatures({ text: prompt, taskType, buckets, scan });
    let size = 0;
    const add = (index: number, value: number) => {
      if (sums[index] === 0) touched[size++] = index;
      sums[index]! += value;
    };
    for (let group = 0; group < ROUTER_GROUPS; group++) {
      const count = scan.counts[group]!;
      const grams = scan.grams[group]!;
      const scale = 1 / Math.sqrt(count);
      for (let at = 0; at < count; at++) add(grams[at]!, scale);
    }
    if (scan.task >= 0) add(scan.task, 1);
    scan.dense.forEach((value, index) => {
      if (value !== 0) add(buckets + index, value);
    });
    const indices = touched.slice(0, size).sort();
    const values = Float32Array.from(indices, (index) => sums[index]!);
    for (const index of indices) sums[index] = 0;
    return { indices, values };
  });
}

/** The feature space's size: buckets, then the dense features. */
export function featureDimension(buckets: number): number {
  return buckets + ROUTER_DENSE_FEATURES.length;
}
