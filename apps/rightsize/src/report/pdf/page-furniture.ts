import type { ReportCanvas, TocEntry } from "./report-canvas.js";
import { COLORS, TEXT_STYLES } from "./typography.js";

/**
 * Writes the contents page (reserved earlier, filled now that every section's page is
 * known), with dot leaders, page numbers and links to each section.
 */
export function drawContents(
  canvas: ReportCanvas,
  options: { pageIndex: number; entries: readonly TocEntry[] },
): void {
  const { doc } = canvas;
  doc.switchToPage(options.pageIndex);
  doc.x = canvas.left;
  doc.y = doc.page.margins.top;
  canvas.text("Contents", "section", { after: 4 });
  canvas.rule(COLORS.accent, 1.2);
  doc.y += 14;
  for (const entry of options.entries) {
    const style = entry.level === 1 ? "strong" : "body";
    const indent = entry.level === 1 ? 0 : 16;
    const pageLabel = String(entry.pageIndex + 1);
    const top = doc.y + (entry.level === 1 ? 6 : 0);
    const titleWidth = canvas.widthOf(entry.title, style);
    const numberWidth = canvas.widthOf(pageLabel, style);
    const right = canvas.left + canvas.contentWidth;
    canvas.useStyle(style).text(entry.title, canvas.left + indent, top, { lineBreak: false });
    canvas
      .useStyle(style)
      .text(pageLabel, right - numberWidth, top, { lineBreak: false, features: ["tnum"] });
    const leaderStart = canvas.left + indent + titleWidth + 6;
    const leaderEnd = right - numberWidth - 6;
    if (leaderEnd > leaderStart) {
      const baseline = top + TEXT_STYLES[style].size * 0.95;
      doc.moveTo(leaderStart, baseline).lineTo(leaderEnd, baseline).dash(0.6, { space: 2.4 });
      doc.lineWidth(0.6).strokeColor(COLORS.rule).stroke().undash();
    }
    const lineHeight = TEXT_STYLES[style].size + 9;
    doc.goTo(canvas.left + indent, top - 2, right - canvas.left - indent, lineHeight - 2, entry.destination);
    doc.y = top + lineHeight;
  }
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
