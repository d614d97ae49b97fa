import { promptTokens, type TokenCounts } from "@rightsize/contracts";
import { type Cohort, OUTPUT_BUCKET_EDGES } from "../cohort.js";
import type { ReplayDecision, ReplayFacts } from "./replay-decision.js";
import { type ScenarioCost, type ScenarioPricer, ZERO_COST } from "./scenario-pricer.js";

/**
 * Caching assumptions used when a cohort shows no cache activity of its own but the policy
 * enables caching for it: half of the prompt is a stable prefix, and 90% of requests find it
 * cached (the first request of each 5-minute window writes it). Stated in the report.
 */
export const DEFAULT_CACHEABLE_SHARE = 0.5;
export const DEFAULT_CACHE_HIT_RATE = 0.9;

/** One cohort replayed: actual cost and the cost after each lever, cumulatively. */
export interface ReplayedCohort {
  cohort: Cohort;
  /** Only what the figures need of the decision (the full one is not kept: memory per cohort). */
  decision: { kind: "route"; tier: string; model: string } | { kind: "reject" } | null;
  actual: ScenarioCost;
  /** All on the baseline model, realtime, uncached. */
  baseline: ScenarioCost;
  /** On the policy's model, realtime, uncached. */
  routed: ScenarioCost;
  /** + the policy's cache plan. */
  cached: ScenarioCost;
  /** + batch where the policy batches. */
  batched: ScenarioCost;
  /** + output ceilings = the optimized cost of the cohort. */
  optimized: ScenarioCost;
  /** Caching modelled from the default assumption rather than observed cache shares. */
  cachingAssumed: boolean;
  /** The ceiling lowered output tokens (an estimate from the cohort's output bucket). */
  ceilingApplied: boolean;
}

/** The facts a cohort presents to the policy (means over the cohort; buckets keep them tight). */
export function cohortFacts(cohort: Cohort): ReplayFacts {
  const prompt = promptTokens(cohort);
  const facts: ReplayFacts = { estimatedInputTokens: Math.round(prompt / cohort.requests) };
  if (cohort.taskType !== "unknown") facts.taskType = cohort.taskType;
  if (cohort.complexityKnown > 0) facts.complexity = cohort.complexityMicroSum / cohort.complexityKnown / 1e6;
  if (cohort.requestedMaxTokensKnown > 0) {
    facts.requestedMaxTokens = Math.round(cohort.requestedMaxTokensSum / cohort.requestedMaxTokensKnown);
  }
  const latency = cohort.latencyClass || (cohort.serviceTier === "batch" ? "async" : "");
  if (latency !== "") facts.latencyClass = latency;
  if (cohort.feature !== "") facts.feature = cohort.feature;
  // The cache plan needs the stable prefix: observed cache activity, else the stated default share.
  const observedCached = cohort.cacheRead + cohort.cacheWrite5m + cohort.cacheWrite1h;
  facts.stablePrefixTokens = Math.round(
    observedCached > 0
      ? observedCached / cohort.requests
      : (prompt / cohort.requests) * DEFAULT_CACHEABLE_SHARE,
  );
  return facts;
}

/** Replay one cohort under its decision; escalated-away attempts only carry their actual cost. */
export function replayCohort(options: {
  cohort: Cohort;
  decision: ReplayDecision | null;
  baselineModel: string;
  pricer: ScenarioPricer;
}): ReplayedCohort {
  const { cohort, pricer } = options;
  const base = { requests: cohort.requests, day: cohort.day, geo: cohort.geo };
  const observed: TokenCounts = cohort;
  const actual = pricer.price({
    ...base,
    model: cohort.model,
    tokens: observed,
    batch: cohort.serviceTier === "batch",
    fast: cohort.fast,
  });
  if (cohort.escalatedAway) {
    return {
      cohort,
      decision: null,
      actual,
      baseline: ZERO_COST,
      routed: ZERO_COST,
      cached: ZERO_COST,
      batched: ZERO_COST,
      optimized: ZERO_COST,
      cachingAssumed: false,
      ceilingApplied: false,
    };
  }
  const uncachedOn = (model: string): TokenCounts => ({
    uncachedInput: pricer.convert(promptTokens(cohort), cohort.model, model),
    cacheWrite5m: 0,
    cacheWrite1h: 0,
    cacheRead: 0,
    output: pricer.convert(cohort.output, cohort.model, model),
    webSearchRequests: cohort.webSearchRequests,
  });
  const realtime = { ...base, batch: false, fast: false };
  const baseline = pricer.price({
    ...realtime,
    model: options.baselineModel,
    tokens: uncachedOn(options.baselineModel),
  });
  const decision = options.decision;
  const route = decision?.kind === "route" ? decision : null;
  const model = route?.model ?? cohort.model;
  const routedTokens = uncachedOn(model);
  const routed = pricer.price({ ...realtime, model, tokens: routedTokens });
  const caching = route?.cache.enabled
    ? cacheTokens({ cohort, tokens: routedTokens, model, pricer, ttl: route.cache.ttl })
    : null;
  const cachedTokens = caching?.tokens ?? routedTokens;
  const cached = caching === null ? routed : pricer.price({ ...realtime, model, tokens: cachedTokens });
  const batch = route?.mode === "batch";
  const batched = batch ? pricer.price({ ...realtime, batch, model, tokens: cachedTokens }) : cached;
  const cappedOutput =
    route === null ? cachedTokens.output : capOutput({ cohort, tokens: cachedTokens, route, pricer });
  const ceilingApplied = cappedOutput < cachedTokens.output;
  const optimized = ceilingApplied
    ? pricer.price({ ...realtime, batch, model, tokens: { ...cachedTokens, output: cappedOutput } })
    : batched;
  return {
    cohort,
    decision:
      route === null
        ? decision === null
          ? null
          : { kind: "reject" }
        : { kind: "route", tier: route.tier, model: route.model },
    actual,
    baseline,
    routed,
    cached,
    batched,
    optimized,
    cachingAssumed: caching?.assumed ?? false,
    ceilingApplied,
  };
}

/** Split the prompt into uncached, cache-write and cache-read tokens as the cache plan would. */
function cacheTokens(options: {
  cohort: Cohort;
  tokens: TokenCounts;
  model: string;
  pricer: ScenarioPricer;
  ttl: "5m" | "1h";
}): { tokens: TokenCounts; assumed: boolean } | null {
  const { cohort, tokens } = options;
  const prompt = tokens.uncachedInput;
  const observedPrompt = promptTokens(cohort);
  const observedCached = cohort.cacheRead + cohort.cacheWrite5m + cohort.cacheWrite1h;
  let read: number;
  let write5m: number;
  let write1h: number;
  let assumed = false;
  if (observedCached > 0 && observedPrompt > 0) {
    // Observed shares of this cohort carry over to the new model's token counts.
    read = Math.round((prompt * cohort.cacheRead) / observedPrompt);
    write5m = Math.round((prompt * cohort.cacheWrite5m) / observedPrompt);
    write1h = Math.round((prompt * cohort.cacheWrite1h) / observedPrompt);
  } else {
    const minimum = options.pricer.minCacheable(options.model) ?? 1024;
    if ((prompt / cohort.requests) * DEFAULT_CACHEABLE_SHARE < minimum) return null;
    const cacheable = prompt * DEFAULT_CACHEABLE_SHARE;
    read = Math.round(cacheable * DEFAULT_CACHE_HIT_RATE);
    const write = Math.round(cacheable) - read;
    write5m = options.ttl === "5m" ? write : 0;
    write1h = options.ttl === "1h" ? write : 0;
    assumed = true;
  }
  const uncached = Math.max(0, prompt - read - write5m - write1h);
  return {
    tokens: {
      ...tokens,
      uncachedInput: uncached,
      cacheRead: read,
      cacheWrite5m: write5m,
      cacheWrite1h: write1h,
    },
    assumed,
  };
}

/**
 * Estimated output under the decision's max_tokens ceiling: all of the cohort is capped when
 * its output bucket starts above the ceiling, none when the bucket ends below it, else the
 * mean is capped. An estimate (a capped answer may also have needed a retry), labelled as such.
 */
function capOutput(options: {
  cohort: Cohort;
  tokens: TokenCounts;
  route: { maxTokens: number; model: string };
  pricer: ScenarioPricer;
}): number {
  const { cohort, tokens, route, pricer } = options;
  const ceiling = route.maxTokens;
  if (!(ceiling > 0)) return tokens.output;
  const lower = pricer.convert(OUTPUT_BUCKET_EDGES[cohort.outputBucket] ?? 0, cohort.model, route.model);
  const upperEdge = OUTPUT_BUCKET_EDGES[cohort.outputBucket + 1];
  const upper =
    upperEdge === undefined ? Number.POSITIVE_INFINITY : pricer.convert(upperEdge, cohort.model, route.model);
  if (upper <= ceiling) return tokens.output;
  if (lower >= ceiling) return Math.min(tokens.output, ceiling * cohort.requests);
  return Math.min(
    tokens.output,
    Math.round(Math.min(tokens.output / cohort.requests, ceiling) * cohort.requests),
  );
}
