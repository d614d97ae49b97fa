import { basename } from "node:path";
import type { ReportFigures } from "@rightsize/baseline";
import { formatCount, formatPercent } from "../format.js";
import type { ReportCanvas } from "../pdf/report-canvas.js";
import { drawTable } from "../pdf/table.js";

/** Reconciliation rows shown in the PDF; the rest are in --json. */
const RECONCILIATION_ROWS_SHOWN = 30;

/** What was read, what could not be used and why, and how span cost reconciles with the bill. */
export function drawDataQualitySection(canvas: ReportCanvas, figures: ReportFigures): void {
  const { inputs, dataQuality } = figures;
  canvas.section("Data quality and reconciliation", { keepWith: 160 });
  const accounting = dataQuality.accounting;
  canvas.paragraph(
    `${formatCount(inputs.files.length)} input file${inputs.files.length === 1 ? "" : "s"} ` +
      `(${inputs.formats.join(", ") || "no recognised format"}). ${lineAccounting(accounting)} ` +
      `${formatCount(inputs.requests)} requests and ${formatCount(inputs.escalatedAwayAttempts)} escalated-away attempts ` +
      `fell in the period (${formatCount(inputs.outsidePeriod)} records outside it), aggregated into ` +
      `${formatCount(inputs.cohorts)} cohorts.${duplicatesSentence(inputs.duplicates)}`,
  );
  drawTable(canvas, {
    title: "Input files",
    columns: [
      { header: "File", weight: 3.2 },
      { header: "Format", weight: 1.4 },
      { header: "Size", weight: 0.9, align: "right" },
      { header: "Lines", weight: 1, align: "right" },
      { header: "Records", weight: 1, align: "right" },
      { header: "Bad", weight: 0.7, align: "right" },
      { header: "Skipped", weight: 0.8, align: "right" },
    ],
    rows: inputs.files.map((file) => ({
      cells: [
        // A file name only: machine paths do not belong in a document that leaves the building.
        file.readError ? `${basename(file.path)} (read error: ${file.readError})` : basename(file.path),
        file.gzip ? `${file.format}, gzip` : file.format,
        formatBytes(file.bytes),
        formatCount(file.lines),
        formatCount(file.records),
        formatCount(file.bad),
        formatCount(file.skipped),
      ],
    })),
  });
  drawBadLines(canvas, figures);
  drawReconciliation(canvas, figures);
}

function drawBadLines(canvas: ReportCanvas, figures: ReportFigures): void {
  const { dataQuality } = figures;
  if (dataQuality.skippedByReason.length > 0) {
    canvas.subsection("Records read but not counted as requests", { keepWith: 60 });
    drawTable(canvas, {
      title: "Skipped records by reason",
      columns: [
        { header: "Reason", weight: 4 },
        { header: "Records", weight: 1, align: "right" },
      ],
      rows: dataQuality.skippedByReason.map((row) => ({ cells: [row.reason, formatCount(row.count)] })),
    });
  }
  if (dataQuality.unpriced.length > 0) {
    canvas.subsection("Requests that could not be priced", { keepWith: 60 });
    canvas.paragraph(
      "These requests could not be priced with the price book, for the reason shown; add their models to the price book to price them.",
    );
    drawTable(canvas, {
      title: "Unpriced requests",
      columns: [
        { header: "Model", weight: 2 },
        { header: "Requests", weight: 1, align: "right" },
        { header: "Why", weight: 4 },
      ],
      rows: dataQuality.unpriced.map((row) => ({
        cells: [row.model, formatCount(row.requests), row.reason],
      })),
    });
  }
  canvas.subsection("Lines that could not be used", { keepWith: 60 });
  if (dataQuality.badByReason.length === 0 && dataQuality.readErrors.length === 0) {
    canvas.paragraph("None: every non-blank line was a usable record.");
    return;
  }
  drawTable(canvas, {
    title: "Bad lines by reason",
    columns: [
      { header: "Reason", weight: 4 },
      { header: "Lines", weight: 1, align: "right" },
    ],
    rows: dataQuality.badByReason.map((row) => ({ cells: [row.reason, formatCount(row.count)] })),
  });
  for (const error of dataQuality.readErrors) {
    canvas.note(
      `${basename(error.file)}: ${error.message} (${formatCount(error.recordsRecovered)} records before it were kept).`,
    );
  }
  if (dataQuality.samples.length > 0) {
    drawTable(canvas, {
      title: "Sample bad lines",
      columns: [
        { header: "Where", weight: 2 },
        { header: "Reason", weight: 2 },
        { header: "Excerpt", weight: 3.5 },
      ],
      rows: dataQuality.samples.map((sample) => ({
        cells: [`${basename(sample.file)}:${sample.line}`, sample.reason, sample.excerpt.slice(0, 160)],
      })),
    });
  }
}

function drawReconciliation(canvas: ReportCanvas, figures: ReportFigures): void {
  canvas.subsection("Reconciliation with Anthropic's reports", { keepWith: 60 });
  if (figures.reconciliation.length === 0) {
    canvas.paragraph(
      "No Admin usage or cost report was supplied, so span-derived cost could not be reconciled with the bill. " +
        "Pass the Admin API cost report as another --input to reconcile.",
    );
    return;
  }
  for (const reconciliation of figures.reconciliation) {
    const { totals } = reconciliation;
    canvas.paragraph(
      `Against the ${reconciliation.source}: derived ${totals.derived.usd}, reported ${totals.reported.usd}, ` +
        `difference ${totals.difference.usd}. ${reconciliation.note}`,
    );
    // Rows that agree to the cent say nothing a sentence cannot: only differences are listed.
    const differing = reconciliation.rows.filter((row) => row.difference.value !== 0);
    const rows = differing
      .sort((left, right) => Math.abs(right.difference.value) - Math.abs(left.difference.value))
      .slice(0, RECONCILIATION_ROWS_SHOWN);
    drawTable(canvas, {
      title: `Reconciliation (${reconciliation.source})`,
      columns: [
        { header: "Day", weight: 1.2 },
        { header: "Model", weight: 2.2 },
        { header: "Derived from usage", weight: 1.4, align: "right" },
        { header: "Reported", weight: 1.3, align: "right" },
        { header: "Difference", weight: 1.2, align: "right" },
        { header: "Difference %", weight: 1, align: "right" },
      ],
      rows: [
        ...rows.map((row) => ({
          cells: [
            row.date,
            row.model,
            row.derived.usd,
            row.reported.usd,
            row.difference.usd,
            row.differenceShare === null ? "n/a" : formatPercent(row.differenceShare, 2),
          ],
        })),
        {
          cells: ["Total", "", totals.derived.usd, totals.reported.usd, totals.difference.usd, ""],
          kind: "total",
        },
      ],
      footnote:
        differing.length === 0
          ? `All ${formatCount(reconciliation.rows.length)} day-and-model rows agree to the cent; every row is in the --json output.`
          : differing.length > rows.length
            ? `The ${rows.length} largest of ${formatCount(differing.length)} differences among ${formatCount(reconciliation.rows.length)} day-and-model rows (the others agree to the cent); all rows are in the --json output.`
            : `Every day-and-model row that differs (${formatCount(differing.length)} of ${formatCount(reconciliation.rows.length)}; the others agree to the cent).`,
    });
  }
}

/**
 * How the lines read became records. In the line formats a line is one record, bad, skipped or
 * blank, and they add up; an OTLP line carries many spans, so there the records outnumber it.
 */
function lineAccounting(accounting: ReportFigures["dataQuality"]["accounting"]): string {
  const { lines, records, bad, skipped, blank } = accounting;
  const parts = `${formatCount(records)} records + ${formatCount(bad)} bad + ${formatCount(skipped)} skipped + ${formatCount(blank)} blank`;
  return records + bad + skipped + blank === lines
    ? `Every line read is accounted for: ${formatCount(lines)} lines = ${parts}.`
    : `${formatCount(lines)} lines read (an OTLP line carries many spans): ${parts}.`;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** How many records were read twice and counted once (exporter retries, a file given twice). */
export function duplicatesSentence(duplicates: ReportFigures["inputs"]["duplicates"]): string {
  const parts: string[] = [];
  if (duplicates.records > 0)
    parts.push(
      `${formatCount(duplicates.records)} duplicate record${duplicates.records === 1 ? "" : "s"} (a span or request id read before) counted once`,
    );
  if (duplicates.repeatedFiles.length > 0)
    parts.push(
      `${formatCount(duplicates.repeatedFiles.length)} input file${duplicates.repeatedFiles.length === 1 ? "" : "s"} given more than once read once`,
    );
  return parts.length === 0 ? " No record was read twice." : ` ${parts.join("; ")}.`;
}
