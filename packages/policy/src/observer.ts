/**
 * Hooks the routed client calls around every request, attempt and batch. The telemetry
 * package implements them (structurally: policy does not depend on telemetry). Every hook
 * must be cheap and must never throw; the client also guards each call.
 */
import type { AnthropicUsage } from "@rightsize/contracts";
import type { Decision, DeliveryMode, RequestFacts, TierName } from "./decision.js";

export interface RequestStartInfo {
  requestId: string;
  decision: Decision;
  facts: RequestFacts;
  /** What the caller originally asked for (model and max_tokens before the policy). */
  requested: { model: string; maxTokens: number };
  streaming: boolean;
}

export interface AttemptStartInfo {
  /** 1-based. */
  attempt: number;
  tier: TierName | null;
  model: string;
  maxTokens: number;
  mode: DeliveryMode;
  streaming: boolean;
  /** Why this attempt exists (absent on the first). */
  escalationReason?: string;
  serverAddress?: string;
  serverPort?: number;
}

/** The parts of a Messages API response telemetry reads (never the content). */
export interface ObservedResponse {
  id: string;
  model: string;
  stop_reason: string | null;
  usage: AnthropicUsage;
}

export interface AttemptEndInfo {
  response?: ObservedResponse;
  error?: unknown;
  /** Set when this attempt's result failed a check and the client escalates. */
  escalatedBecause?: string;
}

export interface RequestEndInfo {
  outcome: "ok" | "error" | "rejected" | "exhausted";
  attempts: number;
  escalations: number;
  finalTier: TierName | null;
  finalModel: string | null;
  error?: unknown;
}

export interface AttemptObservation {
  /** Streaming: the first content chunk arrived. */
  firstChunk(): void;
  /** Batch: the attempt was submitted as part of this batch. */
  joinBatch(batch: BatchObservation): void;
  end(info: AttemptEndInfo): void;
}

export interface RequestObservation {
  startAttempt(info: AttemptStartInfo): AttemptObservation;
  end(info: RequestEndInfo): void;
}

export interface BatchObservation {
  submitted(info: { batchId: string }): void;
  end(info: {
    status: "ended" | "canceled" | "failed";
    counts?: { succeeded: number; errored: number; canceled: number; expired: number };
    error?: unknown;
  }): void;
}

/** What the routed client needs from an observer. */
export interface RoutedCallObserver {
  startRequest(info: RequestStartInfo): RequestObservation;
  startBatch(info: { requestCount: number; model: string }): BatchObservation;
}
