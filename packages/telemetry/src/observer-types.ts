import type { AnthropicUsage } from "@rightsize/contracts";
/**
 * Structural copies of the routed client's observer contract (packages/policy/src/observer.ts).
 * Telemetry must not depend on policy at runtime, so these mirror it; a type test checks that
 * the telemetry object is assignable to policy's `RoutedCallObserver`. Every field telemetry
 * does not read is optional here, so policy may add fields without breaking the contract.
 */

/** The decision as telemetry reads it (policy's `Decision` union, structurally). */
export interface ObservedDecision {
  kind: "route" | "reject";
  tier?: string;
  model?: string;
  maxTokens?: number;
  mode?: "realtime" | "batch";
  matchedRules?: readonly string[];
  reasons?: readonly string[];
  policy?: { name: string; version: string };
  shadow?: boolean;
  fallback?: boolean;
  code?: string;
  reason?: string;
}

/** Facts as telemetry reads them: only low-cardinality, non-content fields are recorded. */
export interface ObservedFacts {
  taskType?: string;
  complexity?: number;
  tenant?: string;
  feature?: string;
  [custom: string]: unknown;
}

export interface RequestStartInfo {
  requestId: string;
  decision: ObservedDecision;
  facts: ObservedFacts;
  requested: { model: string; maxTokens: number };
  streaming: boolean;
}

export interface AttemptStartInfo {
  attempt: number;
  tier: string | null;
  model: string;
  maxTokens: number;
  mode: "realtime" | "batch";
  streaming: boolean;
  escalationReason?: string;
  serverAddress?: string;
  serverPort?: number;
}

export interface ObservedResponse {
  id: string;
  model: string;
  stop_reason: string | null;
  usage: AnthropicUsage;
}

export interface AttemptEndInfo {
  response?: ObservedResponse;
  error?: unknown;
  escalatedBecause?: string;
}

export interface RequestEndInfo {
  outcome: "ok" | "error" | "rejected" | "exhausted";
  attempts: number;
  escalations: number;
  finalTier: string | null;
  finalModel: string | null;
  error?: unknown;
}

export interface BatchEndInfo {
  status: "ended" | "canceled" | "failed";
  counts?: { succeeded: number; errored: number; canceled: number; expired: number };
  error?: unknown;
}

export interface BatchObservation {
  submitted(info: { batchId: string }): void;
  end(info: BatchEndInfo): void;
}

export interface AttemptObservation {
  firstChunk(): void;
  joinBatch(batch: BatchObservation): void;
  end(info: AttemptEndInfo): void;
}

export interface RequestObservation {
  startAttempt(info: AttemptStartInfo): AttemptObservation;
  end(info: RequestEndInfo): void;
}
