import { stat } from "node:fs/promises";
import { BaselineError, BaselineErrorCode } from "../errors.js";
import type { InputFileSummary, InputFormat } from "../report-figures.js";
import { type CostReportRow, readAdminReportPages, type UsageReportRow } from "./admin-reports.js";
import { DataQualityLog } from "./data-quality.js";
import { detectFormat, readHead } from "./detect-format.js";
import { createLineParser } from "./line-parser.js";
import { openText, readLines, stripByteOrderMark } from "./read-lines.js";
import { badLine, type LineContext, type RecordSink } from "./record-sink.js";

/** Progress of a streamed ingest: on-disk bytes consumed across all files, and records so far. */
export interface IngestProgress {
  bytesRead: number;
  totalBytes: number;
  records: number;
}

export interface IngestResult {
  files: InputFileSummary[];
  /** Inputs given more than once (the same file under any path): read once, listed here per repeat. */
  repeatedFiles: string[];
  quality: DataQualityLog;
  usageRows: UsageReportRow[];
  costRows: CostReportRow[];
}

/**
 * Stream every input file into the sink, detecting each file's format. Never fails on bad
 * content (bad lines are counted in `quality`); fails only when a path cannot be opened.
 */
export async function ingestFiles(options: {
  paths: readonly string[];
  sink: RecordSink;
  onProgress?: (progress: IngestProgress) => void;
}): Promise<IngestResult> {
  const { paths, sizes, repeated } = distinctInputs(options.paths, await statInputs(options.paths));
  const totalBytes = sizes.reduce((sum, size) => sum + size, 0);
  const quality = new DataQualityLog();
  const result: IngestResult = { files: [], repeatedFiles: repeated, quality, usageRows: [], costRows: [] };
  let bytesBefore = 0;
  let recordsBefore = 0;
  for (const [index, path] of paths.entries()) {
    const context: LineContext = {
      file: path,
      sink: options.sink,
      quality,
      records: 0,
      skipped: 0,
      bad: 0,
      blank: 0,
    };
    const report = (bytes: number) =>
      options.onProgress?.({
        bytesRead: bytesBefore + bytes,
        totalBytes,
        records: recordsBefore + context.records,
      });
    const summary = await ingestFile({ path, context, result, onBytes: report });
    result.files.push(summary);
    bytesBefore += sizes[index] ?? 0;
    recordsBefore += context.records;
    report(0);
  }
  return result;
}

/** An input's size and identity (device and inode: the same file under two paths is one file). */
export interface InputStat {
  size: number;
  identity: string;
}

/** Stat each input, failing (BaselineError unreadable_input) on the first that is not a readable file. */
export async function statInputs(paths: readonly string[]): Promise<InputStat[]> {
  const stats: InputStat[] = [];
  for (const path of paths) {
    try {
      const info = await stat(path);
      if (!info.isFile()) throw new Error("not a regular file");
      stats.push({ size: info.size, identity: `${info.dev}:${info.ino}` });
    } catch (error) {
      throw new BaselineError({
        code: BaselineErrorCode.unreadableInput,
        message: `cannot read input ${path}: ${String(error)}`,
        cause: error,
      });
    }
  }
  return stats;
}

/** The inputs with every file kept once (its first mention), their sizes, and the paths dropped as repeats. */
export function distinctInputs(
  paths: readonly string[],
  stats: readonly InputStat[],
): { paths: string[]; sizes: number[]; repeated: string[] } {
  const seen = new Set<string>();
  const result = { paths: [] as string[], sizes: [] as number[], repeated: [] as string[] };
  paths.forEach((path, index) => {
    const stat = stats[index];
    if (stat === undefined) return;
    if (seen.has(stat.identity)) {
      result.repeated.push(path);
      return;
    }
    seen.add(stat.identity);
    result.paths.push(path);
    result.sizes.push(stat.size);
  });
  return result;
}

async function ingestFile(options: {
  path: string;
  context: LineContext;
  result: IngestResult;
  onBytes: (bytes: number) => void;
}): Promise<InputFileSummary> {
  const { path, context } = options;
  const detected = detectFormat(await readHead(path));
  const format: InputFormat = detected.format;
  if (format === "usage-report" || format === "cost-report") {
    return ingestAdminReport({ ...options, format });
  }
  const onLine = createLineParser({ format, context });
  const read = await readLines({ path, onLine, onBytes: options.onBytes });
  if (read.partialLine !== null) {
    badLine(context, { lineNumber: read.lines, reason: "truncated last line", text: read.partialLine });
  }
  if (read.error !== null) {
    context.quality.readError({ file: path, message: read.error, recordsRecovered: context.records });
  }
  return summarize({
    path,
    format,
    gzip: read.gzip,
    bytes: read.bytes,
    lines: read.lines,
    context,
    error: read.error,
  });
}

/** Read an Admin usage or cost report (one JSON document, or JSON lines of pages) into `result`. */
export async function ingestAdminReport(options: {
  path: string;
  format: "usage-report" | "cost-report";
  context: LineContext;
  result: IngestResult;
  onBytes: (bytes: number) => void;
}): Promise<InputFileSummary> {
  const { path, context, result } = options;
  const { stream, gzip, bytes, gzipError } = await openText({ path, onBytes: options.onBytes });
  let text = "";
  let error: string | null = null;
  try {
    for await (const chunk of stream as AsyncIterable<string>) text += chunk;
  } catch (caught) {
    error = caught instanceof Error ? caught.message : String(caught);
  }
  error ??= gzipError();
  const pages = parsePages(stripByteOrderMark(text), context);
  readAdminReportPages({
    pages,
    kind: options.format,
    context,
    onUsage: (row) => result.usageRows.push(row),
    onCost: (row) => result.costRows.push(row),
  });
  if (error !== null)
    context.quality.readError({ file: path, message: error, recordsRecovered: context.records });
  // Admin reports are JSON documents: their "lines" are the report rows read (good + bad).
  const lines = context.records + context.bad;
  return summarize({ path, format: options.format, gzip, bytes: bytes(), lines, context, error });
}

/** One JSON document (a page or an array of pages), or JSON lines of pages. */
function parsePages(text: string, context: LineContext): unknown[] {
  try {
    const document = JSON.parse(text) as unknown;
    return Array.isArray(document) ? document : [document];
  } catch {
    const pages: unknown[] = [];
    text.split("\n").forEach((line, index) => {
      if (line.trim() === "") return;
      try {
        const page = JSON.parse(line) as unknown;
        pages.push(...(Array.isArray(page) ? page : [page]));
      } catch {
        badLine(context, { lineNumber: index + 1, reason: "invalid JSON", text: line });
      }
    });
    return pages;
  }
}

function summarize(options: {
  path: string;
  format: InputFormat;
  gzip: boolean;
  bytes: number;
  lines: number;
  context: LineContext;
  error: string | null;
}): InputFileSummary {
  return {
    path: options.path,
    format: options.format,
    gzip: options.gzip,
    bytes: options.bytes,
    lines: options.lines,
    records: options.context.records,
    bad: options.context.bad,
    skipped: options.context.skipped,
    readError: options.error,
  };
}
