import { DataQualityLog, type DataQualitySnapshot } from "./data-quality.js";
import { createLineParser, type LineFormat } from "./line-parser.js";
import { type ByteRange, readLines } from "./read-lines.js";
import { badLine, type LineContext, type RecordSink } from "./record-sink.js";

/** One unit of parallel ingest: a whole file, or a byte range of a plain file cut at newlines. */
export interface IngestChunk {
  /** Position of the file among the inputs, and of the chunk within its file. */
  fileIndex: number;
  chunkIndex: number;
  path: string;
  format: LineFormat;
  /** Absent: the whole file (gzip and CSV files are never split). */
  range?: ByteRange;
}

/** What reading one chunk saw, with chunk-local line numbers (merged in input order later). */
export interface ChunkOutcome {
  fileIndex: number;
  chunkIndex: number;
  gzip: boolean;
  bytes: number;
  lines: number;
  records: number;
  bad: number;
  skipped: number;
  /** Set when the read ended early (e.g. a truncated gzip stream). */
  readError: string | null;
  quality: DataQualitySnapshot;
}

/**
 * Read one chunk line by line into `sink`, exactly as a sequential read of its file would,
 * except that line numbers start at 1 for the chunk. Never fails on bad content.
 */
export async function ingestChunk(options: {
  chunk: IngestChunk;
  sink: RecordSink;
  onBytes?: (bytesSoFar: number) => void;
}): Promise<ChunkOutcome> {
  const { chunk } = options;
  const context: LineContext = {
    file: chunk.path,
    sink: options.sink,
    // Uncapped over reasons, so merging the chunks' logs in order is exact (see DataQualityLog).
    quality: new DataQualityLog({ maxSamples: Number.POSITIVE_INFINITY }),
    records: 0,
    skipped: 0,
    bad: 0,
    blank: 0,
  };
  const onLine = createLineParser({ format: chunk.format, context });
  const read = await readLines({
    path: chunk.path,
    onLine,
    ...(options.onBytes ? { onBytes: options.onBytes } : {}),
    ...(chunk.range ? { range: chunk.range } : {}),
  });
  if (read.partialLine !== null) {
    badLine(context, { lineNumber: read.lines, reason: "truncated last line", text: read.partialLine });
  }
  return {
    fileIndex: chunk.fileIndex,
    chunkIndex: chunk.chunkIndex,
    gzip: read.gzip,
    bytes: read.bytes,
    lines: read.lines,
    records: context.records,
    bad: context.bad,
    skipped: context.skipped,
    readError: read.error,
    quality: context.quality,
  };
}
