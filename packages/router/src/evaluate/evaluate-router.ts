import { picoToDecimalUsd } from "@rightsize/contracts";
import { type ComplexityRouter, scoreComplexity, withoutEmulatorHints } from "@rightsize/policy";
import { apgr, cpt, pointAtQuality, type RoutedItem, routingCurve } from "../metrics/routing-curve.js";
import { RouterError, RouterErrorCode } from "../router-error.js";
import type { RouterExample } from "../train/router-examples.js";

/** The shares of strong calls the PGR table shows. */
export const PGR_SHARES = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1] as const;

/** One scorer's routing figures on a set of outcomes. */
export interface ScorerFigures {
  /** `router`, `random`, `oracle`, `prompt-length`, `default-scorer`. */
  name: string;
  apgr: number;
  /** Smallest share of strong calls reaching 50% / 80% of the gap (CPT(50%), CPT(80%)). */
  cpt50: number;
  cpt80: number;
  /** PGR at each share of PGR_SHARES (the nearest number of calls at or below it). */
  pgr: { strongShare: number; pgr: number }[];
  /** The fewest strong calls that reach 95% of the strong model's quality, and what that saves. */
  at95: { strongShare: number; quality: number; costUsd: string | null; savedShare: number | null };
}

export interface RouterEvaluation {
  requests: number;
  weak: { model: string; quality: number; costUsd: string | null };
  strong: { model: string; quality: number; costUsd: string | null };
  scorers: ScorerFigures[];
}

/**
 * Evaluates a router on outcomes with a weak and a strong model's graded answers, beside random
 * routing (exact expectation), the oracle (routes exactly the requests the strong model gains
 * on), prompt length and the default complexity scorer.
 */
export function evaluateRouter(options: {
  examples: readonly RouterExample[];
  /** Indices of the weak and strong tier in each example's arrays. */
  weakIndex: number;
  strongIndex: number;
  weak: string;
  strong: string;
  router?: ComplexityRouter | undefined;
}): RouterEvaluation {
  const { examples, weakIndex, strongIndex } = options;
  if (examples.length === 0)
    throw new RouterError({
      code: RouterErrorCode.insufficientOutcomes,
      message: "no usable outcomes to evaluate",
    });
  const item = (example: RouterExample, score: number): RoutedItem => ({
    score,
    weak: example.scores[weakIndex]!,
    strong: example.scores[strongIndex]!,
    ...(example.costs
      ? { weakCost: example.costs[weakIndex]!, strongCost: example.costs[strongIndex]! }
      : {}),
  });
  const scorers: [string, (example: RouterExample) => number][] = [];
  const router = options.router;
  if (router) scorers.push(["router", (example) => router.score(example.prompt, example.taskType).score]);
  // The baselines read the prompt as the router does: an emulator eval's inline hint (its answer
  // key: "task=reasoning" alone lifted the built-in scorer's APGR by 0.02) is not prompt text.
  scorers.push(
    [
      "default-scorer",
      (example) =>
        scoreComplexity({ messages: [{ role: "user", content: withoutEmulatorHints(example.prompt) }] })
          .score,
    ],
    ["prompt-length", (example) => withoutEmulatorHints(example.prompt).length],
    ["random", () => 0],
    ["oracle", (example) => example.scores[strongIndex]! - example.scores[weakIndex]!],
  );
  const figures = scorers.map(([name, score]) =>
    figuresOf(name, routingCurve(examples.map((example) => item(example, score(example))))),
  );
  const curve = routingCurve(examples.map((example) => item(example, 0)));
  const first = curve[0]!;
  const last = curve[curve.length - 1]!;
  const usd = (pico: bigint | null) => (pico === null ? null : picoToDecimalUsd(pico));
  return {
    requests: examples.length,
    weak: { model: options.weak, quality: round(first.quality), costUsd: usd(first.cost) },
    strong: { model: options.strong, quality: round(last.quality), costUsd: usd(last.cost) },
    scorers: figures,
  };
}

function figuresOf(name: string, points: ReturnType<typeof routingCurve>): ScorerFigures {
  const n = points.length - 1;
  const allStrong = points[n]!.cost;
  const at = pointAtQuality(points, 0.95);
  return {
    name,
    apgr: round(apgr(points)),
    cpt50: round(cpt(points, 0.5)),
    cpt80: round(cpt(points, 0.8)),
    pgr: PGR_SHARES.map((share) => ({
      strongShare: share,
      pgr: round(points[Math.floor(share * n + 1e-9)]!.pgr),
    })),
    at95: {
      strongShare: round(at.strongShare),
      quality: round(at.quality),
      costUsd: at.cost === null ? null : picoToDecimalUsd(at.cost),
      savedShare:
        at.cost === null || allStrong === null || allStrong === 0n
          ? null
          : round(1 - Number((at.cost * 1_000_000n) / allStrong) / 1_000_000),
    },
  };
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
