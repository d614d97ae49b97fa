import { open } from "node:fs/promises";
import { detectFormat, readHead } from "./detect-format.js";
import type { IngestChunk } from "./ingest-chunk.js";
import type { LineFormat } from "./line-parser.js";
import { isGzipFile } from "./read-lines.js";

/** How one input file will be read: an Admin report as a whole document, or lines in chunks. */
export type PlannedFile =
  | { kind: "admin-report"; fileIndex: number; path: string; format: "usage-report" | "cost-report" }
  | { kind: "lines"; fileIndex: number; path: string; format: LineFormat; chunks: IngestChunk[] };

const SCAN_BYTES = 64 * 1024;
const NEWLINE = 0x0a;

/**
 * Detect each file's format and cut plain OTLP / JSONL files into chunks of about `chunkBytes`
 * that start right after a newline (a newline byte never occurs inside a UTF-8 sequence, so a
 * chunk decodes exactly as its part of the whole file would). Gzip streams cannot be entered
 * mid-way and a CSV file's header is its first line: those are one chunk each.
 */
export async function planIngest(options: {
  paths: readonly string[];
  sizes: readonly number[];
  chunkBytes: number;
}): Promise<PlannedFile[]> {
  const planned: PlannedFile[] = [];
  for (const [fileIndex, path] of options.paths.entries()) {
    const { format } = detectFormat(await readHead(path));
    if (format === "usage-report" || format === "cost-report") {
      planned.push({ kind: "admin-report", fileIndex, path, format });
      continue;
    }
    const size = options.sizes[fileIndex] ?? 0;
    const splittable =
      (format === "otlp-json" || format === "request-log-jsonl") &&
      size > options.chunkBytes &&
      !(await isGzipFile(path));
    const starts = splittable ? await lineStarts({ path, size, chunkBytes: options.chunkBytes }) : [0];
    const chunks = starts.map(
      (start, chunkIndex): IngestChunk => ({
        fileIndex,
        chunkIndex,
        path,
        format,
        ...(splittable ? { range: { start, end: starts[chunkIndex + 1] ?? size } } : {}),
      }),
    );
    planned.push({ kind: "lines", fileIndex, path, format, chunks });
  }
  return planned;
}

/** Offsets where chunks start: 0, then the first line start at or after each multiple of chunkBytes. */
async function lineStarts(options: { path: string; size: number; chunkBytes: number }): Promise<number[]> {
  const starts = [0];
  const handle = await open(options.path, "r");
  try {
    const buffer = Buffer.alloc(SCAN_BYTES);
    for (let target = options.chunkBytes; target < options.size; target += options.chunkBytes) {
      const previous = starts[starts.length - 1] ?? 0;
      // A line longer than a chunk: the next cut is after that line.
      let position = Math.max(target, previous) - 1;
      let start = -1;
      while (start === -1 && position < options.size) {
        const { bytesRead } = await handle.read(buffer, 0, SCAN_BYTES, position);
        if (bytesRead === 0) break;
        const newline = buffer.subarray(0, bytesRead).indexOf(NEWLINE);
        if (newline !== -1) start = position + newline + 1;
        position += bytesRead;
      }
      if (start === -1 || start >= options.size) break;
      if (start > previous) starts.push(start);
    }
  } finally {
    await handle.close();
  }
  return starts;
}
