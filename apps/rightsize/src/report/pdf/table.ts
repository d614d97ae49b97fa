import type { ReportCanvas } from "./report-canvas.js";
import { COLORS, TABULAR_FIGURES, TEXT_STYLES, type TextStyleName } from "./typography.js";

/** A table column: `weight` shares the content width; numbers and money align right. */
export interface TableColumn {
  header: string;
  weight: number;
  align?: "left" | "right" | "center";
}

/** A row; `total` rows are set in bold above a rule, `muted` rows in grey (e.g. estimates). */
export interface TableRow {
  cells: readonly string[];
  kind?: "body" | "total" | "muted";
}

export interface TableSpec {
  columns: readonly TableColumn[];
  rows: readonly TableRow[];
  /** Shown above the header again, with "(continued)", when the table breaks across pages. */
  title?: string;
  /** Printed under the table (sources, footnotes). */
  footnote?: string;
  /** Shown instead of an empty table. */
  emptyText?: string;
}

const PADDING_X = 5;
const PADDING_Y = 3.5;

/**
 * Draws a table that breaks cleanly across pages: a table that fits on a page is never split
 * (it moves whole to the next page), a longer one never splits a row, leaves its last row alone
 * or its header behind, and repeats the header row on every page it continues on; money
 * columns use tabular figures so digits line up.
 */
export function drawTable(canvas: ReportCanvas, spec: TableSpec): void {
  if (spec.rows.length === 0) {
    canvas.note(spec.emptyText ?? "No rows.");
    return;
  }
  const measured = measureTable(canvas, spec);
  const { layout, headerHeight, heights } = measured;
  canvas.ensureSpace(measured.opening);
  drawHeader(canvas, layout, headerHeight);

  spec.rows.forEach((row, index) => {
    const style = styleOf(row);
    const height = heights[index] ?? 0;
    // Never leave the last row alone on a continuation page: break one row earlier.
    const next = index === spec.rows.length - 2 ? (heights[index + 1] ?? 0) : 0;
    const lastFits = canvas.y + height + next <= canvas.bottom;
    if (canvas.y + height > canvas.bottom || (!lastFits && index > 0 && next > 0)) {
      closeTable(canvas);
      canvas.newPage();
      if (spec.title) canvas.text(`${spec.title} (continued)`, "note", { after: 3 });
      drawHeader(canvas, layout, headerHeight);
    }
    const top = canvas.y;
    const { doc } = canvas;
    if (row.kind === "total") {
      doc
        .moveTo(canvas.left, top)
        .lineTo(canvas.left + canvas.contentWidth, top)
        .lineWidth(0.9);
      doc.strokeColor(COLORS.accent).stroke();
    } else if (index % 2 === 1) {
      doc.rect(canvas.left, top, canvas.contentWidth, height).fill(COLORS.zebraFill);
    }
    drawCells(canvas, layout, { cells: row.cells, top, style });
    canvas.y = top + height;
  });
  closeTable(canvas);
  canvas.y += 4;
  if (spec.footnote) canvas.note(spec.footnote);
  canvas.y += 6;
}

/** A table's layout and row heights, and the height that must fit where it starts. */
interface MeasuredTable {
  layout: TableLayout;
  headerHeight: number;
  heights: number[];
  /**
   * A table that fits on one page (with its footnote) is kept whole: it starts only where all of
   * it fits. A longer one starts wherever its header and first three rows fit, and breaks
   * between rows with its header repeated.
   */
  opening: number;
}

function measureTable(canvas: ReportCanvas, spec: TableSpec): MeasuredTable {
  const totalWeight = spec.columns.reduce((sum, column) => sum + column.weight, 0);
  const widths = spec.columns.map((column) => (column.weight / totalWeight) * canvas.contentWidth);
  const layout: TableLayout = { columns: spec.columns, widths };
  const header = spec.columns.map((column) => column.header);
  const headerHeight = rowHeight(canvas, layout, { cells: header, style: "tableHeader" });
  const heights = spec.rows.map((row) =>
    rowHeight(canvas, layout, { cells: row.cells, style: styleOf(row) }),
  );
  const footnote = spec.footnote ? canvas.heightOf(spec.footnote, "note") + 16 : 10;
  const whole = headerHeight + heights.reduce((sum, height) => sum + height, 0) + footnote;
  const pageHeight = canvas.bottom - canvas.doc.page.margins.top;
  const opening =
    whole <= pageHeight
      ? whole
      : headerHeight + heights.slice(0, 3).reduce((sum, height) => sum + height, 0) + 4;
  return { layout, headerHeight, heights, opening };
}

/**
 * The height a table needs where it starts (see drawTable): a heading placed right above it
 * asks for this much room so it never stands alone at the foot of a page.
 */
export function tableOpeningHeight(canvas: ReportCanvas, spec: TableSpec): number {
  if (spec.rows.length === 0) return canvas.heightOf(spec.emptyText ?? "No rows.", "note");
  return measureTable(canvas, spec).opening;
}

function styleOf(row: TableRow): TextStyleName {
  if (row.kind === "total") return "tableTotal";
  return row.kind === "muted" ? "tableMuted" : "tableCell";
}

/** The columns of one table and their widths in points, computed once per table. */
interface TableLayout {
  columns: readonly TableColumn[];
  widths: readonly number[];
}

function rowHeight(
  canvas: ReportCanvas,
  layout: TableLayout,
  row: { cells: readonly string[]; style: TextStyleName },
): number {
  const { cells, style } = row;
  const { widths } = layout;
  let tallest: number = TEXT_STYLES[style].size;
  cells.forEach((cell, column) => {
    const width = (widths[column] ?? 0) - 2 * PADDING_X;
    tallest = Math.max(tallest, canvas.heightOf(cell, style, width));
  });
  return tallest + 2 * PADDING_Y;
}

function drawHeader(canvas: ReportCanvas, layout: TableLayout, height: number): void {
  const top = canvas.y;
  canvas.doc.rect(canvas.left, top, canvas.contentWidth, height).fill(COLORS.headerFill);
  const cells = layout.columns.map((column) => column.header);
  drawCells(canvas, layout, { cells, top, style: "tableHeader" });
  canvas.y = top + height;
}

function drawCells(
  canvas: ReportCanvas,
  layout: TableLayout,
  row: { cells: readonly string[]; top: number; style: TextStyleName },
): void {
  const { cells, top, style } = row;
  const { columns, widths } = layout;
  let x = canvas.left;
  columns.forEach((column, index) => {
    const width = widths[index] ?? 0;
    canvas.useStyle(style);
    canvas.doc.text(cells[index] ?? "", x + PADDING_X, top + PADDING_Y, {
      width: width - 2 * PADDING_X,
      align: column.align ?? "left",
      lineGap: TEXT_STYLES[style].lineGap,
      // Tabular figures only where digits must line up: Inter's tnum also widens hyphens.
      ...(column.align === "right" ? { features: [...TABULAR_FIGURES] } : {}),
    });
    x += width;
  });
  canvas.doc.x = canvas.left;
}

function closeTable(canvas: ReportCanvas): void {
  canvas.doc
    .moveTo(canvas.left, canvas.y)
    .lineTo(canvas.left + canvas.contentWidth, canvas.y)
    .lineWidth(0.6)
    .strokeColor(COLORS.rule)
    .stroke();
}
