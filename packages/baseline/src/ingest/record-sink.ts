import type { QualityVerdict, UsageRecord } from "../usage-record.js";
import type { DataQualityLog } from "./data-quality.js";

/** Where parsers deliver what they read. `record` must copy what it keeps (the record is reused). */
export interface RecordSink {
  record(record: UsageRecord): void;
  verdict(verdict: QualityVerdict): void;
}

/** What a line parser needs: the sink, the data-quality log and where it is reading. */
export interface LineContext {
  file: string;
  sink: RecordSink;
  quality: DataQualityLog;
  /** Usable records delivered so far from this file. */
  records: number;
  skipped: number;
  bad: number;
  blank: number;
}

/** Counts a bad line of the file and logs it (samples per reason) for the data-quality table. */
export function badLine(
  context: LineContext,
  bad: { lineNumber: number; reason: string; text: string },
): void {
  context.bad++;
  context.quality.bad({ file: context.file, line: bad.lineNumber, reason: bad.reason, text: bad.text });
}

/** Counts a line skipped on purpose (a parent span, a CSV header), by reason. */
export function skippedLine(context: LineContext, reason: string): void {
  context.skipped++;
  context.quality.skipped(reason);
}

/** The bad-line reason for an item whose reading threw (a case no parser check foresaw). */
export function unreadableReason(error: unknown): string {
  return `unreadable: ${error instanceof Error ? error.message : String(error)}`;
}
