import { type TokenCounts, ZERO_TOKEN_COUNTS } from "@rightsize/contracts";

/**
 * The normalized form every request-level input (an attempt span, a request-log row) is read
 * into before it joins a cohort. One object is reused per file by the parsers, so a sink must
 * copy what it keeps.
 */
export interface UsageRecord extends TokenCounts {
  /** Start time, epoch milliseconds (UTC). */
  timeMs: number;
  model: string;
  /** "unknown" when the input carries none. */
  taskType: string;
  /** Policy tier the attempt ran on; "" when not routed. */
  tier: string;
  feature: string;
  serviceTier: "standard" | "batch" | "priority";
  /** "us" for US data residency, "" otherwise. */
  geo: string;
  fast: boolean;
  /** max_tokens the caller asked for (0 when unknown). */
  requestedMaxTokens: number;
  /** max_tokens actually sent (0 when unknown). */
  maxTokens: number;
  /** Complexity score in [0, 1], or -1 when unknown. */
  complexity: number;
  latencyClass: "realtime" | "async" | "";
  /** This attempt was paid for and then escalated away (not the request's final attempt). */
  escalatedAway: boolean;
  /** The request needed at least one escalation before this (final) attempt. */
  escalated: boolean;
  override: boolean;
  verdict: "pass" | "fail" | "";
  /**
   * The record's identity, when the input carries one (an OTLP span's trace id + span id, a
   * request log's request id): a record seen twice (an exporter retry, a file given twice) is
   * counted once. "" when there is none.
   */
  key: string;
  /**
   * How many requests this record stands for: 1, or a sampled span's weight (its `SampleRate`
   * attribute, or the adjusted count of the `ot=th:` threshold in its tracestate). An integer.
   */
  weight: number;
}

/** The last millisecond of 9999-12-31 UTC: later (or negative) times are not dates a report can place. */
const LAST_TIME_MS = 253_402_300_799_999;

/** True for an epoch-milliseconds time a report can put on a calendar day (1970-01-01 to 9999-12-31). */
export function isUsableTimeMs(timeMs: number): boolean {
  return Number.isFinite(timeMs) && timeMs >= 0 && timeMs <= LAST_TIME_MS;
}

/** A fresh record with every field at its "absent" value. */
export function emptyUsageRecord(): UsageRecord {
  return {
    timeMs: 0,
    model: "",
    taskType: "unknown",
    tier: "",
    feature: "",
    serviceTier: "standard",
    geo: "",
    fast: false,
    ...ZERO_TOKEN_COUNTS,
    requestedMaxTokens: 0,
    maxTokens: 0,
    complexity: -1,
    latencyClass: "",
    escalatedAway: false,
    escalated: false,
    override: false,
    verdict: "",
    key: "",
    weight: 1,
  };
}

/** Reset a reused record in place (cheaper than allocating one per span). */
export function resetUsageRecord(record: UsageRecord): void {
  Object.assign(record, EMPTY);
}

const EMPTY: Readonly<UsageRecord> = Object.freeze(emptyUsageRecord());

/** A quality verdict not tied to a request (a `rightsize.feedback` span or log row). */
export interface QualityVerdict {
  timeMs: number;
  taskType: string;
  tier: string;
  verdict: "pass" | "fail";
  /** How many verdicts this entry stands for (aggregated per day, task type and tier; a sampled span's weight). */
  count: number;
  /** The feedback span's identity (trace id + span id), "" or absent when none: a duplicate is counted once. */
  key?: string;
}
