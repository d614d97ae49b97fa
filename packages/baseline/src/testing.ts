/**
 * @rightsize/baseline/testing: for benchmarks and tests, not for reports. The ingest's inner
 * steps on their own: the line reader (plain or gzip, by byte range) and the parallel collector
 * that turns files into cohorts on worker threads.
 */
export type { CollectedIngest, CollectUsageOptions } from "./ingest/collect-usage.js";
export { collectUsage } from "./ingest/collect-usage.js";
export type { ReadLinesOptions, ReadResult } from "./ingest/read-lines.js";
export { readLines } from "./ingest/read-lines.js";
