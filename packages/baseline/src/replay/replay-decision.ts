import type { CachePlan, RejectDecision, RequestFacts, RouteDecision } from "@rightsize/contracts";

/**
 * The parts of a policy decision the replay reads (a subset of contracts' `Decision`), so the
 * engine's decisions fit as they are and the replay stays engine-neutral.
 */
export type ReplayDecision =
  | (Pick<RouteDecision, "kind" | "tier" | "model" | "maxTokens" | "mode" | "matchedRules"> & {
      cache: Pick<CachePlan, "enabled" | "ttl">;
    })
  | Pick<RejectDecision, "kind" | "code" | "reason">;

/** The facts a cohort offers a decision (the subset of RequestFacts the inputs can carry). */
export type ReplayFacts = Pick<
  RequestFacts,
  | "taskType"
  | "complexity"
  | "estimatedInputTokens"
  | "requestedMaxTokens"
  | "latencyClass"
  | "feature"
  | "stablePrefixTokens"
>;

/** Decide for one cohort's facts (synchronous: the policy's `decide`, bound to a policy). */
export type Decider = (facts: ReplayFacts) => ReplayDecision;
