import type { MessagePort } from "node:worker_threads";
import type { CollectedUsage } from "../cohort-collector.js";
import type { QualityVerdict, UsageRecord } from "../usage-record.js";
import type { ChunkOutcome, IngestChunk } from "./ingest-chunk.js";
import type { RecordSink } from "./record-sink.js";

/** workerData of an ingest worker. */
export interface WorkerSetup {
  period?: { start: string; end: string };
}

/** Main thread to worker: read a chunk, or send what was collected (after the last chunk). */
export type ToWorker = { type: "chunk"; chunk: IngestChunk } | { type: "finish" };

/** Worker to main thread. `progress` carries deltas since the previous progress message. */
export type FromWorker =
  | { type: "progress"; bytes: number; records: number }
  | { type: "chunk-done"; outcome: ChunkOutcome }
  | { type: "collected"; usage: CollectedUsage };

/**
 * Typed postMessage from a worker (structured clone: Maps and plain objects survive); what
 * `collected` gathered hands its keys' buffer over instead of copying it.
 */
export function postToMain(port: MessagePort, message: FromWorker): void {
  port.postMessage(message, message.type === "collected" ? [message.usage.keys.buffer] : []);
}

/** A sink that counts what passes through it (for progress), delivering to `target`. */
export function countingSink(target: RecordSink): RecordSink & { take(): number } {
  let delivered = 0;
  return {
    record(record: UsageRecord) {
      delivered++;
      target.record(record);
    },
    verdict(verdict: QualityVerdict) {
      delivered++;
      target.verdict(verdict);
    },
    /** Records delivered since the previous call. */
    take() {
      const count = delivered;
      delivered = 0;
      return count;
    },
  };
}
