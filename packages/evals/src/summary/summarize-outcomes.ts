import { divideRounded, picoToDecimalUsd, usdToPico } from "@rightsize/contracts";
import { findModel, rateCard } from "@rightsize/pricing";
import { type OutcomeLine, outcomePassed } from "../outcomes/outcome-schema.js";
import { wilsonInterval } from "../stats/wilson-interval.js";
import type { EvalCandidate } from "./eval-candidate.js";
import type { EvalSummary, ModelSummary, TaskSummary } from "./summary-schema.js";

/** Options of `summarizeOutcomes`. */
export interface SummarizeOptions {
  outcomes: readonly OutcomeLine[];
  /** Absolute pass-rate bars per task type (from a graders file); others use the tolerance rule. */
  bars?: Readonly<Record<string, number>>;
  /** The policy's qualityTolerance: default bar = strongest model's pass rate minus this (default 0.02). */
  qualityTolerance?: number;
  /**
   * The tiers or models, cheapest first (a policy's tier order). Keys not listed are resolved by
   * `resolveKey` and ordered by list price; unknown models come last.
   */
  candidates?: readonly EvalCandidate[];
  /** Maps an outcome key to its model and tier (a policy's tier bindings); default: the key is the model. */
  resolveKey?: (key: string) => EvalCandidate;
}

interface Tally {
  n: number;
  passes: number;
  errors: number;
  costPico: bigint;
  costed: number;
}

/**
 * The summary of outcomes: per task type, each model's pass rate with its 95% Wilson interval
 * and mean cost, the bar (the graders file's, else the strongest model's pass rate minus the
 * quality tolerance) and the recommendation (the cheapest model whose lower bound clears the
 * bar; the strongest, `cleared: false`, when none does). Error outcomes are not in n.
 */
export function summarizeOutcomes(options: SummarizeOptions): EvalSummary {
  const tolerance = options.qualityTolerance ?? 0.02;
  const order = candidateOrder(options);
  const byTask = new Map<string, Map<string, Tally>>();
  for (const line of options.outcomes) {
    const tallies = byTask.get(line.taskType) ?? new Map<string, Tally>();
    byTask.set(line.taskType, tallies);
    for (const [key, outcome] of Object.entries(line.models)) {
      const tally = tallies.get(key) ?? { n: 0, passes: 0, errors: 0, costPico: 0n, costed: 0 };
      tallies.set(key, tally);
      if (outcome.costUsd !== undefined) {
        tally.costPico += usdToPico(outcome.costUsd);
        tally.costed++;
      }
      if (outcome.error !== undefined) {
        tally.errors++;
        continue;
      }
      tally.n++;
      if (outcomePassed(outcome)) tally.passes++;
    }
  }
  const tasks = [...byTask.entries()]
    .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0))
    .map(([taskType, tallies]) =>
      summarizeTask({ taskType, tallies, order, tolerance, bar: options.bars?.[taskType] }),
    );
  return { tasks };
}

function summarizeTask(options: {
  taskType: string;
  tallies: Map<string, Tally>;
  order: (keys: string[]) => EvalCandidate[];
  tolerance: number;
  bar: number | undefined;
}): TaskSummary {
  const candidates = options.order([...options.tallies.keys()]);
  const models = candidates.map((candidate) => modelFigures(candidate, options.tallies.get(candidate.key)!));
  const graded = candidates
    .map((candidate, index) => ({ candidate, figures: models[index]! }))
    .filter(({ figures }) => figures.n > 0);
  const strongest = graded.at(-1) ?? { candidate: candidates.at(-1)!, figures: models.at(-1)! };
  const bar =
    options.bar ?? clamp(Math.round((strongest.figures.passRate - options.tolerance) * 1e12) / 1e12);
  const winner = graded.find(({ figures }) => figures.lower >= bar);
  const chosen = winner ?? strongest;
  return {
    taskType: options.taskType,
    bar,
    barSource: options.bar === undefined ? "tolerance" : "graders",
    models,
    recommended: {
      ...(chosen.candidate.tier === undefined ? {} : { tier: chosen.candidate.tier }),
      model: chosen.candidate.model,
      cleared: winner !== undefined,
    },
  };
}

function modelFigures(candidate: EvalCandidate, tally: Tally): ModelSummary {
  const { lower, upper } = wilsonInterval({ passes: tally.passes, n: tally.n });
  return {
    ...(candidate.tier === undefined ? {} : { tier: candidate.tier }),
    model: candidate.model,
    n: tally.n,
    passes: tally.passes,
    passRate: tally.n === 0 ? 0 : tally.passes / tally.n,
    lower,
    upper,
    ...(tally.costed === 0
      ? {}
      : { costPerRequestUsd: Number(picoToDecimalUsd(divideRounded(tally.costPico, BigInt(tally.costed)))) }),
    ...(tally.errors === 0 ? {} : { errors: tally.errors }),
  };
}

/** Orders outcome keys cheapest first: listed candidates in their order, then by list price, then unknown. */
function candidateOrder(options: SummarizeOptions): (keys: string[]) => EvalCandidate[] {
  const listed = options.candidates ?? [];
  const position = new Map(listed.map((candidate, index) => [candidate.key, index]));
  const resolve = (key: string): EvalCandidate =>
    listed.find((candidate) => candidate.key === key) ?? options.resolveKey?.(key) ?? { key, model: key };
  return (keys) => {
    const resolved = keys.map((key, seen) => ({ candidate: resolve(key), seen }));
    const rank = ({
      candidate,
      seen,
    }: {
      candidate: EvalCandidate;
      seen: number;
    }): [number, number, number] => {
      const listedAt = position.get(candidate.key);
      if (listedAt !== undefined) return [0, listedAt, 0];
      const price = listPrice(candidate.model);
      return price === null ? [2, seen, 0] : [1, price, seen];
    };
    return resolved
      .map((entry) => ({ entry, rank: rank(entry) }))
      .sort((left, right) => compareRanks(left.rank, right.rank))
      .map(({ entry }) => entry.candidate);
  };
}

function compareRanks(left: [number, number, number], right: [number, number, number]): number {
  for (let index = 0; index < 3; index++)
    if (left[index] !== right[index]) return left[index]! - right[index]!;
  return 0;
}

/** Input + output list rate per token (pico-dollars): the price book's view of how expensive a model is. */
function listPrice(model: string): number | null {
  const found = findModel(model);
  if (!found) return null;
  try {
    const card = rateCard({ model: found.id });
    return card.input + card.output;
  } catch {
    return null;
  }
}

function clamp(value: number): number {
  return Math.min(1, Math.max(0, value));
}
