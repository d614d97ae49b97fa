import { promptTokens } from "@rightsize/contracts";
import { utcDay } from "../cohort.js";
import type { RecordSink } from "../ingest/record-sink.js";
import { SeenKeys } from "../ingest/seen-keys.js";
import type { QualityVerdict, UsageRecord } from "../usage-record.js";
import { canonicalModel } from "./span-ledger.js";

/**
 * What the measured run's usage records add up to: request and attempt counts, requests per
 * model and tier, batch and cache shares, and quality verdicts. It is the `RecordSink` the
 * streamed ingest delivers the measured files to (the same parser as the main inputs).
 */
export class MeasuredTally implements RecordSink {
  requests = 0;
  attempts = 0;
  escalatedAwayAttempts = 0;
  batchRequests = 0;
  promptTokens = 0;
  cacheReadTokens = 0;
  outsidePeriod = 0;
  /** Records dropped because their identity was seen before (exporter retries, repeated files). */
  duplicates = 0;
  firstDay = "";
  lastDay = "";
  /** Requests per "model|tier". */
  readonly requestsByModelTier = new Map<string, number>();
  /** Requests per task type, and how many of them needed an escalation to be answered. */
  readonly requestsByTask = new Map<string, { requests: number; escalated: number }>();
  readonly verdicts = { verdicts: 0, passes: 0 };
  private readonly inRange: (day: string) => boolean;
  private readonly seen = new SeenKeys();

  constructor(options: { inRange: (day: string) => boolean }) {
    this.inRange = options.inRange;
  }

  record(record: UsageRecord): void {
    if (record.key !== "" && !this.seen.add(record.key)) {
      this.duplicates++;
      return;
    }
    const day = utcDay(record.timeMs);
    if (!this.inRange(day)) {
      this.outsidePeriod++;
      return;
    }
    if (this.firstDay === "" || day < this.firstDay) this.firstDay = day;
    if (day > this.lastDay) this.lastDay = day;
    // A sampled span stands for `weight` attempts: every count and token sum grows by that many.
    const weight = record.weight;
    this.attempts += weight;
    this.cacheReadTokens += record.cacheRead * weight;
    this.promptTokens += promptTokens(record) * weight;
    if (record.escalatedAway) {
      this.escalatedAwayAttempts += weight;
      return;
    }
    // The final attempt answered the request: it names the request's model, tier and mode.
    this.requests += weight;
    if (record.serviceTier === "batch") this.batchRequests += weight;
    const key = `${canonicalModel(record.model)}|${record.tier}`;
    this.requestsByModelTier.set(key, (this.requestsByModelTier.get(key) ?? 0) + weight);
    let task = this.requestsByTask.get(record.taskType);
    if (task === undefined) {
      task = { requests: 0, escalated: 0 };
      this.requestsByTask.set(record.taskType, task);
    }
    task.requests += weight;
    if (record.escalated) task.escalated += weight;
  }

  verdict(verdict: QualityVerdict): void {
    if (verdict.key && !this.seen.add(verdict.key)) {
      this.duplicates++;
      return;
    }
    if (!this.inRange(utcDay(verdict.timeMs))) return;
    this.verdicts.verdicts += verdict.count;
    if (verdict.verdict === "pass") this.verdicts.passes += verdict.count;
  }
}
