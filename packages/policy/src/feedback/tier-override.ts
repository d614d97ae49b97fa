import type { TierName } from "@rightsize/contracts";

/** Lifecycle of an override: proposed (review mode) → active → reverted; or proposed → rejected. */
export type TierOverrideStatus = "proposed" | "active" | "reverted" | "rejected";

/**
 * A task type moved up one tier because its flag rate crossed the threshold. Plain data, so it
 * can be listed for review, logged, and persisted by the host.
 */
export interface TierOverride {
  id: string;
  taskType: string;
  fromTier: TierName;
  toTier: TierName;
  status: TierOverrideStatus;
  /** ms since epoch. */
  createdAt: number;
  /** The evidence: flagged share and sample count in the window when it triggered. */
  flagRate: number;
  samples: number;
  reason: string;
  /** What raised it: user feedback (the flag rate) or the continuous shadow eval (a regression). */
  source?: "feedback" | "shadow-eval";
  /** Set when reviewed (approved, rejected) or reverted. */
  reviewedAt?: number;
  revertedAt?: number;
  note?: string;
}

/** What the feedback loop tells its subscribers. */
export type FeedbackEvent =
  | { type: "override_proposed"; override: TierOverride }
  | { type: "override_applied"; override: TierOverride }
  | { type: "override_rejected"; override: TierOverride }
  | { type: "override_reverted"; override: TierOverride };
