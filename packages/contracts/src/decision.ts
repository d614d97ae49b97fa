/**
 * The decision types: the contract between the policy, the routed client, telemetry and
 * the report's replay. Engine-neutral: nothing here knows about json-rules-engine.
 * A decision is a value, never an exception: switch on `kind` exhaustively.
 */

/** A named slot of a policy (`haiku`, `sonnet`, `opus` by default) bound to a model id. */
export type TierName = string;

/** Realtime goes to the Messages API; batch goes through the Message Batches API (50% off). */
export type DeliveryMode = "realtime" | "batch";

/** Where to put cache_control breakpoints, and why. */
export interface CachePlan {
  enabled: boolean;
  ttl: "5m" | "1h";
  /** Stable-prefix segments that end in a breakpoint, in prompt order. */
  breakpoints: ReadonlyArray<"tools" | "system" | "static-messages">;
  reason: string;
}

/** One further attempt of the escalation chain, used only when the previous one fails a check. */
export interface EscalationStep {
  tier: TierName;
  model: string;
  maxTokens: number;
}

export interface PolicyRef {
  name: string;
  version: string;
}

/** Run the request: on this tier and model, with this ceiling and delivery mode. */
export interface RouteDecision {
  kind: "route";
  tier: TierName;
  model: string;
  maxTokens: number;
  mode: DeliveryMode;
  cache: CachePlan;
  /** Tiers to try next, in order, when an attempt fails its checks (excludes the first). */
  escalation: readonly EscalationStep[];
  /** Names of the rules that matched, highest priority first. */
  matchedRules: readonly string[];
  /** Human-readable reasons, one per applied rule or constraint. */
  reasons: readonly string[];
  policy: PolicyRef;
  /** Computed and recorded but not enforced: the request goes out as the caller asked. */
  shadow: boolean;
  /** True when the rules could not be evaluated and the policy's fallback tier was used. */
  fallback: boolean;
  /**
   * Where the tier came from when a quality override chose it instead of the rules: `caller` for
   * the request's `qualityOverride` fact, `feedback` for the feedback loop's override of the task
   * type. Absent when the rules chose. Telemetry records it as `rightsize.override`.
   */
  override?: OverrideSource;
}

/** Who overrode the rules' tier: the caller (`qualityOverride`) or the feedback loop. */
export type OverrideSource = "caller" | "feedback";

export type RejectCode = "budget_exhausted" | "no_eligible_model" | "policy_rejected";

/** Do not run the request (an expected outcome, never an exception). */
export interface RejectDecision {
  kind: "reject";
  code: RejectCode;
  reason: string;
  matchedRules: readonly string[];
  policy: PolicyRef;
}

export type Decision = RouteDecision | RejectDecision;
