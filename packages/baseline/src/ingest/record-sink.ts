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
