import type { InputFormat } from "../report-figures.js";
import { adminReportKind } from "./admin-reports.js";
import { openText } from "./read-lines.js";

const HEAD_BYTES = 64 * 1024;
const PROBE_LINES = 20;

/** A detected format, and whether the file is one JSON document (pretty-printed) rather than lines. */
export interface DetectedFormat {
  format: InputFormat;
  wholeDocument: boolean;
}

/** Read up to the first 64 KiB (decompressed) of a file. A damaged file yields what could be read. */
export async function readHead(path: string): Promise<string> {
  const { stream } = await openText({ path });
  let head = "";
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      head += chunk;
      if (head.length >= HEAD_BYTES) break;
    }
  } catch {
    // The full read reports the error with line numbers; detection uses what arrived.
  } finally {
    stream.destroy();
  }
  return head;
}

/**
 * Detect a file's format from its first lines: OTLP JSON lines, Admin usage/cost report pages
 * (a JSON document or JSON lines of pages), a JSONL request log, or a CSV request log.
 */
export function detectFormat(head: string): DetectedFormat {
  const trimmed = head.trimStart();
  if (trimmed === "") return { format: "unknown", wholeDocument: false };
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    const lines = trimmed.split("\n", PROBE_LINES);
    for (const line of lines) {
      const format = classifyJson(line);
      if (format !== null) return { format, wholeDocument: false };
    }
    // No single line parses: a pretty-printed document (Admin reports are saved this way).
    if (/"resourceSpans"\s*:/.test(head)) return { format: "otlp-json", wholeDocument: false };
    if (/"amount"\s*:/.test(head)) return { format: "cost-report", wholeDocument: true };
    if (/"(uncached_input_tokens|has_more)"\s*:/.test(head))
      return { format: "usage-report", wholeDocument: true };
    if (/"model"\s*:/.test(head)) return { format: "request-log-jsonl", wholeDocument: false };
    return { format: "unknown", wholeDocument: false };
  }
  const header = trimmed
    .slice(0, trimmed.indexOf("\n") === -1 ? undefined : trimmed.indexOf("\n"))
    .toLowerCase();
  if (header.includes(",") && header.includes("model"))
    return { format: "request-log-csv", wholeDocument: false };
  return { format: "unknown", wholeDocument: false };
}

function classifyJson(line: string): InputFormat | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (value === null || typeof value !== "object") return null;
  if (Array.isArray(value)) {
    const kind = value.length > 0 ? adminReportKind(value[0]) : null;
    return kind;
  }
  if ("resourceSpans" in value) return "otlp-json";
  const kind = adminReportKind(value);
  if (kind !== null) return kind;
  if ("model" in value) return "request-log-jsonl";
  return null;
}
