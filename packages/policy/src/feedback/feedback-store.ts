import type { TierName } from "@rightsize/contracts";
import type { TierOverride } from "./tier-override.js";

/** One graded answer of the continuous shadow eval: when, and whether it held against the tier above. */
export interface QualityVerdict {
  /** ms since epoch. */
  at: number;
  pass: boolean;
  /** The grader's score in [0, 1]. */
  score: number;
}

/**
 * Where a feedback loop keeps what the fleet shares: tier overrides and the quality series (the
 * shadow eval's verdicts per task type and tier). In memory by default (each process alone);
 * `createRedisFeedbackStore` shares them between the replicas of a service.
 */
export interface FeedbackStore {
  /**
   * Adds an override unless an active or proposed one already moves the same task type from the
   * same tier (another replica raised it first): resolves with the one that stands.
   */
  addOverride(override: TierOverride): Promise<TierOverride>;
  /** Records a status change (approved, rejected, reverted) of an override it holds. */
  updateOverride(override: TierOverride): Promise<void>;
  /** Every override, oldest first. */
  listOverrides(): Promise<TierOverride[]>;
  /** Appends a verdict to the task type's series on a tier, keeping the newest `keep`. */
  addVerdict(options: {
    taskType: string;
    tier: TierName;
    verdict: QualityVerdict;
    keep: number;
  }): Promise<void>;
  /** The newest `limit` verdicts of a task type on a tier, newest first. */
  readVerdicts(options: { taskType: string; tier: TierName; limit: number }): Promise<QualityVerdict[]>;
}

/** True while an override still moves its task type (or waits for review to). */
export function isStanding(override: TierOverride): boolean {
  return override.status === "active" || override.status === "proposed";
}

/** A feedback store in process memory: what a single process, or a test, needs. */
export function createMemoryFeedbackStore(): FeedbackStore {
  const overrides: TierOverride[] = [];
  const series = new Map<string, QualityVerdict[]>();
  const seriesKey = (taskType: string, tier: TierName) => `${taskType}\u0000${tier}`;
  return {
    addOverride: async (override) => {
      const standing = overrides.find(
        (other) =>
          isStanding(other) && other.taskType === override.taskType && other.fromTier === override.fromTier,
      );
      if (standing) return { ...standing };
      overrides.push({ ...override });
      return { ...override };
    },
    updateOverride: async (override) => {
      const index = overrides.findIndex((other) => other.id === override.id);
      if (index >= 0) overrides[index] = { ...override };
    },
    listOverrides: async () => overrides.map((override) => ({ ...override })),
    addVerdict: async ({ taskType, tier, verdict, keep }) => {
      const key = seriesKey(taskType, tier);
      const list = series.get(key) ?? [];
      list.unshift({ ...verdict });
      if (list.length > keep) list.length = keep;
      series.set(key, list);
    },
    readVerdicts: async ({ taskType, tier, limit }) =>
      (series.get(seriesKey(taskType, tier)) ?? []).slice(0, limit).map((verdict) => ({ ...verdict })),
  };
}
