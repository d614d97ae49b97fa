import { promptTokens, type TokenCounts, ZERO_TOKEN_COUNTS } from "@rightsize/contracts";
import type { UsageRecord } from "./usage-record.js";

/**
 * Prompt-token bucket edges (lower bounds). 100,001 and 200,001 are edges so every request of
 * a cohort falls in the same price band (Haiku 5.5 bills prompts over 100K at a higher band;
 * legacy long context over 200K).
 */
export const PROMPT_BUCKET_EDGES = [
  0, 256, 512, 1024, 2048, 4096, 8192, 16_384, 32_768, 65_536, 100_001, 131_072, 200_001, 262_144, 524_288,
] as const;
export const OUTPUT_BUCKET_EDGES = [
  0, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16_384, 32_768, 65_536,
] as const;
/** Complexity in five equal-width buckets; -1 = unknown. */
export const COMPLEXITY_BUCKETS = 5;

/**
 * Requests that share everything a decision and a price depend on, with exact sums. Token
 * sums are plain numbers (exact integers below 2^53, i.e. ~9e15 tokens); money is priced from
 * them later as bigint.
 */
export interface Cohort extends TokenCounts {
  key: string;
  day: string;
  taskType: string;
  model: string;
  serviceTier: UsageRecord["serviceTier"];
  geo: string;
  fast: boolean;
  tier: string;
  feature: string;
  latencyClass: UsageRecord["latencyClass"];
  escalatedAway: boolean;
  complexityBucket: number;
  promptBucket: number;
  outputBucket: number;
  /** log2 bucket of the requested max_tokens (-1 unknown). */
  maxTokensBucket: number;
  requests: number;
  requestedMaxTokensSum: number;
  requestedMaxTokensKnown: number;
  /** Sum of complexity scores in millionths (integers, so the sum is order-independent). */
  complexityMicroSum: number;
  complexityKnown: number;
  escalated: number;
  overrides: number;
  passes: number;
  fails: number;
}

/** Index of the bucket holding `value` given ascending lower-bound edges. */
export function bucketIndex(value: number, edges: readonly number[]): number {
  let index = 0;
  while (index + 1 < edges.length && value >= (edges[index + 1] ?? Number.POSITIVE_INFINITY)) index++;
  return index;
}

/** The UTC day (YYYY-MM-DD) of an epoch-milliseconds time. */
export function utcDay(timeMs: number): string {
  return new Date(timeMs).toISOString().slice(0, 10);
}

/**
 * Streaming aggregation of usage records into cohorts: memory grows with the number of
 * distinct cohorts, not with requests; the result does not depend on the order of records.
 */
export class CohortAccumulator {
  private readonly cohorts = new Map<string, Cohort>();
  private lastDayIndex = Number.NaN;
  private lastDay = "";

  get size(): number {
    return this.cohorts.size;
  }

  add(record: UsageRecord): void {
    const dayIndex = Math.floor(record.timeMs / 86_400_000);
    if (dayIndex !== this.lastDayIndex) {
      this.lastDayIndex = dayIndex;
      this.lastDay = utcDay(dayIndex * 86_400_000);
    }
    const complexityBucket =
      record.complexity < 0
        ? -1
        : Math.min(COMPLEXITY_BUCKETS - 1, Math.floor(record.complexity * COMPLEXITY_BUCKETS));
    const promptBucket = bucketIndex(promptTokens(record), PROMPT_BUCKET_EDGES);
    const outputBucket = bucketIndex(record.output, OUTPUT_BUCKET_EDGES);
    const requested = record.requestedMaxTokens || record.maxTokens;
    const maxTokensBucket = requested > 0 ? Math.ceil(Math.log2(requested)) : -1;
    const place: CohortPlace = {
      day: this.lastDay,
      complexityBucket,
      promptBucket,
      outputBucket,
      maxTokensBucket,
    };
    const key = cohortKey(place, record);
    let cohort = this.cohorts.get(key);
    if (cohort === undefined) {
      cohort = newCohort({ key, record, ...place });
      this.cohorts.set(key, cohort);
    }
    // A sampled record stands for `weight` requests: every count and sum grows by that many.
    const weight = record.weight;
    cohort.requests += weight;
    cohort.uncachedInput += record.uncachedInput * weight;
    cohort.cacheWrite5m += record.cacheWrite5m * weight;
    cohort.cacheWrite1h += record.cacheWrite1h * weight;
    cohort.cacheRead += record.cacheRead * weight;
    cohort.output += record.output * weight;
    cohort.webSearchRequests += record.webSearchRequests * weight;
    if (requested > 0) {
      cohort.requestedMaxTokensSum += requested * weight;
      cohort.requestedMaxTokensKnown += weight;
    }
    if (record.complexity >= 0) {
      cohort.complexityMicroSum += Math.round(record.complexity * 1e6) * weight;
      cohort.complexityKnown += weight;
    }
    if (record.escalated) cohort.escalated += weight;
    if (record.override) cohort.overrides += weight;
    if (record.verdict === "pass") cohort.passes += weight;
    else if (record.verdict === "fail") cohort.fails += weight;
  }

  /**
   * Take over a cohort aggregated elsewhere (another accumulator, e.g. in an ingest worker),
   * under `model` (its canonical id; default: its own). The object is kept and updated in place
   * when its key is new here, so the caller must not use it afterwards. Sums are integers, so
   * merging is exact: the result is the same as if every record had been added here.
   */
  absorb(cohort: Cohort, model: string = cohort.model): void {
    cohort.model = model;
    cohort.key = cohortKey(cohort, cohort);
    const existing = this.cohorts.get(cohort.key);
    if (existing === undefined) {
      this.cohorts.set(cohort.key, cohort);
      return;
    }
    for (const field of SUM_FIELDS) existing[field] += cohort[field];
  }

  /** The cohorts in no particular order (cheaper than `list()` when they are merged elsewhere). */
  values(): IterableIterator<Cohort> {
    return this.cohorts.values();
  }

  /** The cohorts, sorted by key (deterministic whatever the input order). */
  list(): Cohort[] {
    return [...this.cohorts.values()].sort((left, right) =>
      left.key < right.key ? -1 : left.key > right.key ? 1 : 0,
    );
  }
}

/** The fields of a cohort that are sums (everything else is part of its key). */
const SUM_FIELDS = [
  "requests",
  "uncachedInput",
  "cacheWrite5m",
  "cacheWrite1h",
  "cacheRead",
  "output",
  "webSearchRequests",
  "requestedMaxTokensSum",
  "requestedMaxTokensKnown",
  "complexityMicroSum",
  "complexityKnown",
  "escalated",
  "overrides",
  "passes",
  "fails",
] as const satisfies readonly (keyof Cohort)[];

type KeyFields = Pick<
  Cohort,
  | "taskType"
  | "model"
  | "serviceTier"
  | "geo"
  | "fast"
  | "tier"
  | "feature"
  | "latencyClass"
  | "escalatedAway"
>;

/** The day and buckets a record falls in (a cohort carries them too). */
type CohortPlace = Pick<
  Cohort,
  "day" | "complexityBucket" | "promptBucket" | "outputBucket" | "maxTokensBucket"
>;

/** The cohort key: every field a decision or a price depends on (a record or a cohort has them). */
function cohortKey(place: CohortPlace, fields: KeyFields): string {
  return (
    `${place.day}|${fields.taskType}|${fields.model}|${fields.serviceTier}|${fields.geo}|${fields.fast ? 1 : 0}` +
    `|${fields.tier}|${fields.feature}|${fields.latencyClass}|${fields.escalatedAway ? 1 : 0}` +
    `|${place.complexityBucket}|${place.promptBucket}|${place.outputBucket}|${place.maxTokensBucket}`
  );
}

function newCohort(options: CohortPlace & { key: string; record: UsageRecord }): Cohort {
  const { record } = options;
  return {
    key: options.key,
    day: options.day,
    taskType: record.taskType,
    model: record.model,
    serviceTier: record.serviceTier,
    geo: record.geo,
    fast: record.fast,
    tier: record.tier,
    feature: record.feature,
    latencyClass: record.latencyClass,
    escalatedAway: record.escalatedAway,
    complexityBucket: options.complexityBucket,
    promptBucket: options.promptBucket,
    outputBucket: options.outputBucket,
    maxTokensBucket: options.maxTokensBucket,
    requests: 0,
    ...ZERO_TOKEN_COUNTS,
    requestedMaxTokensSum: 0,
    requestedMaxTokensKnown: 0,
    complexityMicroSum: 0,
    complexityKnown: 0,
    escalated: 0,
    overrides: 0,
    passes: 0,
    fails: 0,
  };
}
