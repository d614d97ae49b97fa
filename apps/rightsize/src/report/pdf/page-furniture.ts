import type { ReportCanvas, TocEntry } from "./report-canvas.js";
import { COLORS, TEXT_STYLES } from "./typography.js";

/** Rows of the compact contents: sections in two columns. */
const CONTENTS_COLUMNS = 2;
const CONTENTS_ROW = TEXT_STYLES.body.size + 7;
const CONTENTS_HEADING = TEXT_STYLES.subsection.size + 12;

/** The height the compact contents of `sections` sections takes (reserved before they are drawn). */
export function contentsHeight(sections: number): number {
  return CONTENTS_HEADING + Math.ceil(sections / CONTENTS_COLUMNS) * CONTENTS_ROW + 12;
}

/**
 * Writes the compact contents into the space reserved for it at (`pageIndex`, `top`), now that
 * every section's page is known: the sections in two columns, each with dot leaders, its page
 * number and a link (the PDF outline lists them too). A short document needs no contents page.
 */
export function drawContents(
  canvas: ReportCanvas,
  options: { pageIndex: number; top: number; entries: readonly TocEntry[] },
): void {
  const { doc } = canvas;
  doc.switchToPage(options.pageIndex);
  doc.x = canvas.left;
  doc.y = options.top;
  canvas.text("Contents", "subsection", { after: 4 });
  const rows = Math.ceil(options.entries.length / CONTENTS_COLUMNS);
  const gap = 24;
  const columnWidth = (canvas.contentWidth - gap * (CONTENTS_COLUMNS - 1)) / CONTENTS_COLUMNS;
  const first = options.top + CONTENTS_HEADING;
  options.entries.forEach((entry, index) => {
    const column = Math.floor(index / rows);
    const left = canvas.left + column * (columnWidth + gap);
    const right = left + columnWidth;
    const top = first + (index % rows) * CONTENTS_ROW;
    const pageLabel = String(entry.pageIndex + 1);
    const titleWidth = canvas.widthOf(entry.title, "body");
    const numberWidth = canvas.widthOf(pageLabel, "body");
    canvas.useStyle("body").text(entry.title, left, top, { lineBreak: false });
    canvas
      .useStyle("body")
      .text(pageLabel, right - numberWidth, top, { lineBreak: false, features: ["tnum"] });
    const leaderStart = left + titleWidth + 5;
    const leaderEnd = right - numberWidth - 5;
    if (leaderEnd > leaderStart) {
      const baseline = top + TEXT_STYLES.body.size * 0.95;
      doc.moveTo(leaderStart, baseline).lineTo(leaderEnd, baseline).dash(0.6, { space: 2.4 });
      doc.lineWidth(0.6).strokeColor(COLORS.rule).stroke().undash();
    }
    doc.goTo(left, top - 2, columnWidth, CONTENTS_ROW - 2, entry.destination);
  });
  const bottom = first + rows * CONTENTS_ROW + 2;
  doc
    .moveTo(canvas.left, bottom)
    .lineTo(canvas.left + canvas.contentWidth, bottom)
    .lineWidth(0.4);
  doc.strokeColor(COLORS.rule).stroke();
}

/** Running header (from page 2) and "Page N of M" footer on every page. */
export function drawPageFurniture(
  canvas: ReportCanvas,
  options: { runningTitle: string; footerNote: string },
): void {
  const { doc } = canvas;
  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index += 1) {
    doc.switchToPage(index);
    // Writing inside the margins would make pdfkit start a new page; lift the limit while drawing.
    const margins = { ...doc.page.margins };
    doc.page.margins = { ...margins, top: 0, bottom: 0 };
    const left = margins.left;
    const width = doc.page.width - margins.left - margins.right;
    const style = TEXT_STYLES.running;
    doc.font(style.font).fontSize(style.size).fillColor(style.color);
    if (index > range.start) {
      const headerY = margins.top - 26;
      doc.text(options.runningTitle, left, headerY, { width, lineBreak: false });
      doc.text("rightsize", left, headerY, { width, align: "right", lineBreak: false });
      doc
        .moveTo(left, headerY + 12)
        .lineTo(left + width, headerY + 12)
        .lineWidth(0.4)
        .strokeColor(COLORS.rule)
        .stroke();
    }
    const footerY = doc.page.height - margins.bottom + 22;
    doc
      .moveTo(left, footerY - 7)
      .lineTo(left + width, footerY - 7)
      .lineWidth(0.4)
      .strokeColor(COLORS.rule)
      .stroke();
    doc.font(style.font).fontSize(style.size).fillColor(style.color);
    doc.text(options.footerNote, left, footerY, { width: width - 80, lineBreak: false });
    doc.text(`Page ${index - range.start + 1} of ${range.count}`, left, footerY, {
      width,
      align: "right",
      lineBreak: false,
      features: ["tnum"],
    });
    doc.page.margins = margins;
  }
}
