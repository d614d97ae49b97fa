import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import type { PromptInput } from "../internal/prompt-text.js";
import { PolicyError, PolicyErrorCode } from "../policy-error.js";
import {
  createRouterScan,
  promptTextOf,
  ROUTER_GROUPS,
  type RouterScan,
  scanRouterFeatures,
} from "./router-features.js";
import { parseRouterFile, type RouterFile } from "./router-file.js";

/** What a router is asked about: a prompt (SDK shapes, or the text as outcomes store it) and its task type if known. */
export interface RouterInput {
  prompt: PromptInput | string;
  taskType?: string | undefined;
}

/**
 * A trained router, loaded: per tier the probability that it passes, and the complexity fact:
 * the probability that the cheap (`weak`) tier fails, so a policy threshold means the same thing
 * whichever scorer produced it.
 */
export interface ComplexityRouter {
  readonly weak: string;
  readonly strong: string;
  /** Tier names, cheapest first. */
  readonly tiers: readonly string[];
  /** P(pass) per tier. */
  passProbabilities(input: RouterInput): Record<string, number>;
  /** P(the weak tier fails), in [0, 1]. Usable as the routed client's `scoreComplexity`. */
  score(prompt: PromptInput | string, taskType?: string): { score: number };
}

/**
 * Builds a router from a parsed file: the weights go into dense typed arrays once, and one
 * feature scan (reused arrays) serves every call: a prompt is read once whatever the tiers.
 */
export function createComplexityRouter(file: RouterFile): ComplexityRouter {
  const dimension = file.buckets + file.denseFeatures.length;
  const models = file.tiers.map((tier) => {
    const weights = new Float64Array(dimension);
    tier.indices.forEach((index, at) => {
      weights[index] = tier.weights[at]!;
    });
    return { name: tier.name, bias: tier.bias, weights };
  });
  const weakModel = models.find((model) => model.name === file.weak)!;
  const scan = createRouterScan();
  const scanOf = (input: RouterInput) =>
    scanRouterFeatures({
      text: typeof input.prompt === "string" ? input.prompt : promptTextOf(input.prompt),
      taskType: input.taskType,
      buckets: file.buckets,
      scan,
    });
  return {
    weak: file.weak,
    strong: file.strong,
    tiers: models.map((model) => model.name),
    passProbabilities(input) {
      scanOf(input);
      return Object.fromEntries(
        models.map((model) => [model.name, sigmoid(logitOf(scan, model, file.buckets))]),
      );
    },
    score(prompt, taskType) {
      return { score: 1 - sigmoid(logitOf(scanOf({ prompt, taskType }), weakModel, file.buckets)) };
    },
  };
}

/** One tier's logit over a scan: per hashed group the sum of its grams' weights / sqrt(count). */
function logitOf(scan: RouterScan, model: { bias: number; weights: Float64Array }, buckets: number): number {
  const { weights } = model;
  let logit = model.bias;
  for (let group = 0; group < ROUTER_GROUPS; group++) {
    const grams = scan.grams[group]!;
    const count = scan.counts[group]!;
    let sum = 0;
    for (let at = 0; at < count; at++) sum += weights[grams[at]!]!;
    if (count > 0) logit += sum / Math.sqrt(count);
  }
  if (scan.task >= 0) logit += weights[scan.task]!;
  const dense = scan.dense;
  for (let index = 0; index < dense.length; index++) logit += weights[buckets + index]! * dense[index]!;
  return logit;
}

/** Reads and loads a router file (see `parseRouterFile` for what is refused). */
export async function loadRouterFile(path: string): Promise<ComplexityRouter> {
  return createComplexityRouter(parseRouterFile({ text: await readText(path), origin: path }));
}

/** The same, synchronously: for a client built from options that name a router file. */
export function loadRouterFileSync(path: string): ComplexityRouter {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (cause) {
    throw unreadable(path, cause);
  }
  return createComplexityRouter(parseRouterFile({ text, origin: path }));
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (cause) {
    throw unreadable(path, cause);
  }
}

function unreadable(path: string, cause: unknown): PolicyError {
  return new PolicyError({
    code: PolicyErrorCode.io,
    message: `cannot read the router file: ${(cause as Error).message}`,
    origin: path,
    cause,
  });
}

function sigmoid(logit: number): number {
  return 1 / (1 + Math.exp(-logit));
}
