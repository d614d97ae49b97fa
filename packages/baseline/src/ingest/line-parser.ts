import type { InputFormat } from "../report-figures.js";
import { emptyUsageRecord } from "../usage-record.js";
import { splitCsvLine } from "./csv-row.js";
import { parseOtlpLine } from "./otlp-spans.js";
import { badLine, type LineContext, skippedLine, unreadableReason } from "./record-sink.js";
import { parseRequestLogJsonLine, readFields } from "./request-log.js";

/** Formats read line by line (Admin reports are whole JSON documents and are read apart). */
export type LineFormat = Exclude<InputFormat, "usage-report" | "cost-report">;

/**
 * The per-line reader of one file (or one chunk of a split file) in a line format: blank lines
 * are counted, each other line goes to its format's parser, which delivers to `context.sink`.
 * A CSV log's first non-blank line is its header, so a CSV file is always read from its start.
 */
export function createLineParser(options: {
  format: LineFormat;
  context: LineContext;
}): (line: string, lineNumber: number) => void {
  const { format, context } = options;
  const record = emptyUsageRecord();
  let csvHeader: string[] | null = null;
  return (line, lineNumber) => {
    if (line.trim() === "") {
      context.blank++;
      return;
    }
    try {
      parseLine(line, lineNumber);
    } catch (error) {
      // Whatever a line holds, it costs that line only: reading goes on with the next.
      badLine(context, { lineNumber, reason: unreadableReason(error), text: line });
    }
  };

  function parseLine(line: string, lineNumber: number): void {
    switch (format) {
      case "otlp-json":
        parseOtlpLine({ line, lineNumber, context, record });
        return;
      case "request-log-jsonl":
        parseRequestLogJsonLine({ line, lineNumber, context, record });
        return;
      case "request-log-csv": {
        const cells = splitCsvLine(line);
        if (csvHeader === null) {
          csvHeader = (cells ?? []).map((cell) => cell.trim());
          skippedLine(context, "CSV header row");
          return;
        }
        readCsvRow({ line, lineNumber, cells, header: csvHeader, context });
        return;
      }
      case "unknown":
        badLine(context, { lineNumber, reason: "unrecognized input format", text: line });
        return;
    }
  }

  function readCsvRow(row: {
    line: string;
    lineNumber: number;
    cells: string[] | null;
    header: string[];
    context: LineContext;
  }): void {
    const { cells, header, line, lineNumber } = row;
    if (cells === null || cells.length !== header.length) {
      const reason =
        cells === null ? "unclosed quote in CSV row" : "CSV row with the wrong number of columns";
      badLine(context, { lineNumber, reason, text: line });
      return;
    }
    const fields: Record<string, string> = {};
    header.forEach((name, column) => {
      fields[name] = cells[column] ?? "";
    });
    readFields({ fields, line, lineNumber, context, record });
  }
}
