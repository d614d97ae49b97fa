import { divideRounded } from "@rightsize/contracts";
import { RouterError, RouterErrorCode } from "../router-error.js";

/** One request as routing metrics see it: a router's score and each model's quality and cost. */
export interface RoutedItem {
  /** Higher = more need for the strong model. */
  score: number;
  /** Quality in [0, 1] (the outcome's score). */
  weak: number;
  strong: number;
  /** List cost in pico-dollars, when known for every item. */
  weakCost?: bigint;
  strongCost?: bigint;
}

/** The quality and cost of routing the top `strongCalls` requests by score to the strong model. */
export interface RoutingPoint {
  strongCalls: number;
  /** strongCalls / n. */
  strongShare: number;
  /** Mean quality. */
  quality: number;
  /** Performance gap recovered: (quality - weak quality) / (strong quality - weak quality). */
  pgr: number;
  /** Total cost in pico-dollars (ties routed in expectation: rounded to the pico-dollar); null without costs. */
  cost: bigint | null;
}

/**
 * The routing curve of a scorer: for every number of strong calls k = 0..n, route the k
 * highest-scoring requests to the strong model and the rest to the weak one. Requests whose
 * scores tie are taken in expectation (a tie group partly routed contributes its share of each
 * model's quality and cost), so a constant scorer is exactly random routing.
 */
export function routingCurve(items: readonly RoutedItem[]): RoutingPoint[] {
  const n = items.length;
  if (n === 0)
    throw new RouterError({ code: RouterErrorCode.insufficientOutcomes, message: "no requests to evaluate" });
  const withCost = items.every((item) => item.weakCost !== undefined && item.strongCost !== undefined);
  const order = [...items].sort((left, right) => right.score - left.score);
  const weakQuality = sum(items.map((item) => item.weak));
  const strongQuality = sum(items.map((item) => item.strong));
  const gap = strongQuality - weakQuality;
  if (!(Math.abs(gap) > 1e-12))
    throw new RouterError({
      code: RouterErrorCode.insufficientOutcomes,
      message:
        "the strong and weak models have the same quality on these requests: there is no gap to recover",
    });
  const weakCost = withCost ? order.reduce((total, item) => total + item.weakCost!, 0n) : 0n;
  const points: RoutingPoint[] = [];
  let qualityDelta = 0; // strong - weak over the fully routed groups
  let costDelta = 0n;
  let start = 0;
  const point = (strongCalls: number, quality: number, cost: bigint | null): RoutingPoint => ({
    strongCalls,
    strongShare: strongCalls / n,
    quality: quality / n,
    pgr: (quality - weakQuality) / gap,
    cost,
  });
  points.push(point(0, weakQuality, withCost ? weakCost : null));
  while (start < n) {
    let end = start;
    while (end + 1 < n && order[end + 1]!.score === order[start]!.score) end++;
    const size = end - start + 1;
    let groupQuality = 0;
    let groupCost = 0n;
    for (let index = start; index <= end; index++) {
      groupQuality += order[index]!.strong - order[index]!.weak;
      if (withCost) groupCost += order[index]!.strongCost! - order[index]!.weakCost!;
    }
    for (let taken = 1; taken <= size; taken++) {
      const quality = weakQuality + qualityDelta + (groupQuality * taken) / size;
      const cost = withCost
        ? weakCost + costDelta + divideRounded(groupCost * BigInt(taken), BigInt(size))
        : null;
      points.push(point(start + taken, quality, cost));
    }
    qualityDelta += groupQuality;
    costDelta += groupCost;
    start = end + 1;
  }
  return points;
}

/** Area under the PGR curve over the strong-call share 0..1 (trapezoids): 0.5 is random routing. */
export function apgr(points: readonly RoutingPoint[]): number {
  let area = 0;
  for (let index = 1; index < points.length; index++) {
    const left = points[index - 1]!;
    const right = points[index]!;
    area += ((right.strongShare - left.strongShare) * (left.pgr + right.pgr)) / 2;
  }
  return area;
}

/** Call-performance threshold: the smallest strong-call share whose PGR reaches `target` (e.g. 0.5). */
export function cpt(points: readonly RoutingPoint[], target: number): number {
  const reached = points.find((point) => point.pgr >= target - 1e-12);
  return reached ? reached.strongShare : 1;
}

/** The cheapest point (fewest strong calls) whose quality reaches `share` of the strong model's (e.g. 0.95). */
export function pointAtQuality(points: readonly RoutingPoint[], share: number): RoutingPoint {
  const strong = points[points.length - 1]!.quality;
  return points.find((point) => point.quality >= share * strong - 1e-12) ?? points[points.length - 1]!;
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}
