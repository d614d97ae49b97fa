import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { Readable } from "node:stream";
import { gunzipMembers } from "./gunzip-members.js";

/** What a streamed read of one file saw; `error` is set when the file ended early (e.g. truncated gzip). */
export interface ReadResult {
  lines: number;
  bytes: number;
  gzip: boolean;
  error: string | null;
  /** The incomplete last line when the read broke off mid-line (the caller counts it as bad). */
  partialLine: string | null;
}

export interface ReadLinesOptions {
  path: string;
  /** Called once per line (without the newline), 1-based line number. */
  onLine: (line: string, lineNumber: number) => void;
  /** Called as compressed (on-disk) bytes are consumed. */
  onBytes?: (bytesSoFar: number) => void;
  /** Byte range of a plain (not gzip) file to read, `end` exclusive; a chunk of a split file. */
  range?: ByteRange;
}

/** A byte range of a file, `end` exclusive. Parallel ingest splits plain files at newlines. */
export interface ByteRange {
  start: number;
  end: number;
}

/** True when the file starts with the gzip magic bytes (extension is not trusted). */
export async function isGzipFile(path: string): Promise<boolean> {
  const handle = await open(path, "r");
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/** A file opened as UTF-8 text: the stream, whether it is gzip, bytes read from disk, and how a gzip read ended. */
export interface OpenedText {
  stream: Readable;
  gzip: boolean;
  bytes: () => number;
  /** Why a gzip read stopped early (its stream still ends normally), else null. Plain files report errors on the stream. */
  gzipError: () => string | null;
}

/** Open a file as a UTF-8 text stream, gunzipping when it is gzip (member by member, as `gzip -d`). */
export async function openText(options: {
  path: string;
  onBytes?: (bytesSoFar: number) => void;
  range?: ByteRange;
}): Promise<OpenedText> {
  const gzip = await isGzipFile(options.path);
  // A gzip stream cannot start mid-file: a range applies to plain files only.
  const range = options.range !== undefined && !gzip ? options.range : undefined;
  if (range !== undefined && range.end <= range.start) return emptyText(gzip);
  let bytes = 0;
  const onBytes = (bytesSoFar: number) => {
    bytes = bytesSoFar;
    options.onBytes?.(bytesSoFar);
  };
  if (gzip) {
    const { stream, outcome } = gunzipMembers({ path: options.path, onBytes });
    stream.setEncoding("utf8");
    return { stream, gzip, bytes: () => bytes, gzipError: () => outcome().error };
  }
  // createReadStream's `end` is inclusive.
  const bounds = range === undefined ? {} : { start: range.start, end: range.end - 1 };
  const file = createReadStream(options.path, { highWaterMark: 1 << 20, ...bounds });
  file.on("data", (chunk) => onBytes(bytes + chunk.length));
  file.setEncoding("utf8");
  return { stream: file, gzip, bytes: () => bytes, gzipError: () => null };
}

/** An empty range: a stream that ends at once (createReadStream cannot express `end` < `start`). */
function emptyText(gzip: boolean): OpenedText {
  return { stream: Readable.from([]), gzip, bytes: () => 0, gzipError: () => null };
}

/** A UTF-8 byte order mark opening a file is not part of its first line. */
export function stripByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Stream a (possibly gzipped) file line by line. Never throws for a damaged file: a read or
 * decompression error ends the read, every complete line before it has been delivered, and
 * the error is returned. (Chunks are split by hand rather than with node:readline, whose
 * async iterator is slower and hides stream errors on some Node versions.)
 */
export async function readLines(options: ReadLinesOptions): Promise<ReadResult> {
  const { stream, gzip, bytes, gzipError } = await openText(options);
  let pending = "";
  let lineNumber = 0;
  let error: string | null = null;
  let atFileStart = (options.range?.start ?? 0) === 0;
  try {
    for await (const text of stream as AsyncIterable<string>) {
      const chunk = atFileStart ? stripByteOrderMark(text) : text;
      atFileStart = false;
      let start = 0;
      let newline = chunk.indexOf("\n", start);
      if (newline !== -1 && pending.length > 0) {
        options.onLine(stripCr(pending + chunk.slice(0, newline)), ++lineNumber);
        pending = "";
        start = newline + 1;
        newline = chunk.indexOf("\n", start);
      }
      while (newline !== -1) {
        options.onLine(stripCr(chunk.slice(start, newline)), ++lineNumber);
        start = newline + 1;
        newline = chunk.indexOf("\n", start);
      }
      pending = start === 0 ? pending + chunk : chunk.slice(start);
    }
  } catch (caught) {
    error = caught instanceof Error ? caught.message : String(caught);
    stream.destroy();
  }
  error ??= gzipError();
  // A last line without a newline is still a line, unless the read broke off mid-line.
  if (pending.length > 0 && error === null) options.onLine(stripCr(pending), ++lineNumber);
  const partialLine = pending.length > 0 && error !== null ? pending : null;
  return { lines: lineNumber + (partialLine === null ? 0 : 1), bytes: bytes(), gzip, error, partialLine };
}

function stripCr(line: string): string {
  return line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line;
}
