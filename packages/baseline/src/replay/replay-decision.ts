/**
 * The parts of a policy decision the replay reads. Structurally a subset of @rightsize/policy's
 * `Decision` (RouteDecision | RejectDecision), so the engine's decisions fit as they are and
 * the replay stays engine-neutral.
 */
export type ReplayDecision =
  | {
      kind: "route";
      tier: string;
      model: string;
      maxTokens: number;
      mode: "realtime" | "batch";
      cache: { enabled: boolean; ttl: "5m" | "1h" };
      matchedRules: readonly string[];
    }
  | { kind: "reject"; code: string; reason: string };

/** The facts a cohort offers a decision (the subset of RequestFacts the inputs can carry). */
export interface ReplayFacts {
  taskType?: string;
  complexity?: number;
  estimatedInputTokens?: number;
  requestedMaxTokens?: number;
  latencyClass?: "realtime" | "async";
  feature?: string;
  [custom: string]: unknown;
}

/** Decide for one cohort's facts (synchronous: the policy's `decide`, bound to a policy). */
export type Decider = (facts: ReplayFacts) => ReplayDecision;
