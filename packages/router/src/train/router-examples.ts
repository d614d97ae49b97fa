import { type OutcomeLine, outcomePassed } from "@rightsize/evals";
import { extractRouterFeatures, ROUTER_DENSE_FEATURES, ROUTER_GROUPS } from "@rightsize/policy";
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
 * The sparse feature vector of a prompt (policy's router features): hashed grams scaled by
 * 1/sqrt(their group's count), the task type, then the dense features after the buckets.
 */
export function featureRow(options: {
  prompt: string;
  taskType?: string | undefined;
  buckets: number;
}): SparseRow {
  const values = new Map<number, number>();
  const grams: number[] = [];
  const groups: number[] = [];
  const counts = extractRouterFeatures({
    text: options.prompt,
    taskType: options.taskType,
    buckets: options.buckets,
    sink: {
      gram(bucket, group) {
        grams.push(bucket);
        groups.push(group);
      },
      task(bucket) {
        values.set(bucket, (values.get(bucket) ?? 0) + 1);
      },
      dense(index, value) {
        if (value !== 0) values.set(options.buckets + index, value);
      },
    },
  });
  const scales = Array.from({ length: ROUTER_GROUPS }, (_, group) =>
    counts[group]! > 0 ? 1 / Math.sqrt(counts[group]!) : 0,
  );
  for (let at = 0; at < grams.length; at++) {
    const bucket = grams[at]!;
    values.set(bucket, (values.get(bucket) ?? 0) + scales[groups[at]!]!);
  }
  const indices = Int32Array.from([...values.keys()].sort((left, right) => left - right));
  return { indices, values: Float32Array.from(indices, (index) => values.get(index)!) };
}

/** The feature space's size: buckets, then the dense features. */
export function featureDimension(buckets: number): number {
  return buckets + ROUTER_DENSE_FEATURES.length;
}
