import type { TierName } from "./decision.js";

/**
 * What a decision may look at. Prompt text never appears here: the complexity scorer and the
 * task classifier turn it into `complexity` and `taskType` first.
 */
export interface RequestFacts {
  taskType?: string;
  /** Complexity score in [0, 1] from the scorer. */
  complexity?: number;
  estimatedInputTokens?: number;
  requestedMaxTokens?: number;
  latencyClass?: "realtime" | "async";
  stakes?: "low" | "normal" | "high";
  /** Caller-forced tier, e.g. for a VIP tenant. */
  qualityOverride?: TierName;
  tenant?: string;
  feature?: string;
  /** An identifier of the calling key (never the secret). */
  apiKeyId?: string;
  hasTools?: boolean;
  hasImages?: boolean;
  contextTokens?: number;
  /** Tokens of the prompt's stable prefix (tools, system, static messages): drives the cache plan. */
  stablePrefixTokens?: number;
  /** How many requests are expected to reuse that prefix within the cache TTL. */
  expectedReuse?: number;
  /** Custom facts a policy's rules may reference. */
  [custom: string]: unknown;
}
