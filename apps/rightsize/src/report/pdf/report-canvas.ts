import SVGtoPDF from "svg-to-pdfkit";
import type { ChartSvg } from "../charts/chart-svg.js";
import { fontForWeight } from "../fonts.js";
import { COLORS, TEXT_STYLES, type TextStyleName } from "./typography.js";

/** A heading the table of contents lists, with the page (0-based) it starts on. */
export interface TocEntry {
  title: string;
  level: 1 | 2;
  pageIndex: number;
  destination: string;
}

export interface TextOptions {
  align?: "left" | "right" | "center" | "justify";
  width?: number;
  x?: number;
  /** Extra space after the block, in points. */
  after?: number;
}

/**
 * A thin layout layer over pdfkit: a flowing cursor, styles from the type scale, space
 * checks that move whole blocks to the next page, headings that feed the table of contents
 * and the PDF outline, and charts drawn from SVG. Pages are buffered so the contents page
 * and "Page N of M" footers are written once the page count is known.
 */
export class ReportCanvas {
  readonly doc: PDFKit.PDFDocument;
  readonly tocEntries: TocEntry[] = [];
  private destinationCount = 0;

  constructor(doc: PDFKit.PDFDocument) {
    this.doc = doc;
  }

  get left(): number {
    return this.doc.page.margins.left;
  }

  get contentWidth(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }

  /** The lowest y a block may reach on this page. */
  get bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }

  get y(): number {
    return this.doc.y;
  }

  set y(value: number) {
    this.doc.y = value;
  }

  get remaining(): number {
    return this.bottom - this.doc.y;
  }

  /** 0-based index of the page being written (content is always written on the last page). */
  get pageIndex(): number {
    const range = this.doc.bufferedPageRange();
    return range.start + range.count - 1;
  }

  newPage(): void {
    this.doc.addPage();
    this.doc.x = this.left;
    this.doc.y = this.doc.page.margins.top;
  }

  /** Starts a new page unless `height` points still fit on this one. */
  ensureSpace(height: number): void {
    if (this.doc.y + height > this.bottom) this.newPage();
  }

  useStyle(name: TextStyleName): PDFKit.PDFDocument {
    const style = TEXT_STYLES[name];
    return this.doc.font(style.font).fontSize(style.size).fillColor(style.color);
  }

  heightOf(text: string, style: TextStyleName, width = this.contentWidth): number {
    this.useStyle(style);
    return this.doc.heightOfString(text, { width, lineGap: TEXT_STYLES[style].lineGap });
  }

  widthOf(text: string, style: TextStyleName): number {
    this.useStyle(style);
    return this.doc.widthOfString(text);
  }

  /** Writes flowing text at the cursor (pdfkit continues it on the next page if it must). */
  text(text: string, style: TextStyleName, options: TextOptions = {}): void {
    this.useStyle(style);
    this.doc.text(text, options.x ?? this.left, this.doc.y, {
      width: options.width ?? this.contentWidth,
      align: options.align ?? "left",
      lineGap: TEXT_STYLES[style].lineGap,
    });
    this.doc.y += options.after ?? 0;
  }

  paragraph(text: string, after = 7): void {
    this.ensureSpace(Math.min(this.heightOf(text, "body"), 3 * TEXT_STYLES.body.size * 1.5));
    this.text(text, "body", { after });
  }

  note(text: string, after = 6): void {
    this.ensureSpace(this.heightOf(text, "note"));
    this.text(text, "note", { after });
  }

  /** A bulleted list; each item kept whole on one page. */
  bullets(items: readonly string[], style: TextStyleName = "body"): void {
    const indent = 12;
    for (const item of items) {
      const height = this.heightOf(item, style, this.contentWidth - indent);
      this.ensureSpace(height + 3);
      const top = this.doc.y;
      const size = TEXT_STYLES[style].size;
      this.doc.circle(this.left + 3, top + size * 0.62, 1.6).fill(COLORS.accent);
      this.text(item, style, { x: this.left + indent, width: this.contentWidth - indent, after: 3 });
    }
    this.doc.y += 3;
  }

  spacer(height: number): void {
    this.doc.y += height;
  }

  rule(color: string = COLORS.rule, width = 0.6): void {
    this.doc
      .moveTo(this.left, this.doc.y)
      .lineTo(this.left + this.contentWidth, this.doc.y)
      .lineWidth(width)
      .strokeColor(color)
      .stroke();
  }

  /**
   * A numbered-section heading: starts a page when asked (or when fewer than `keepWith`
   * points would follow it), and is listed in the contents and the PDF outline.
   */
  section(title: string, options: { newPage?: boolean; keepWith?: number } = {}): void {
    if (options.newPage && this.doc.y > this.doc.page.margins.top + 1) this.newPage();
    else this.ensureSpace(this.heightOf(title, "section") + 14 + (options.keepWith ?? 120));
    this.anchor(title, 1);
    this.text(title, "section", { after: 4 });
    this.rule(COLORS.accent, 1.2);
    this.doc.y += 10;
  }

  subsection(title: string, options: { keepWith?: number; listed?: boolean } = {}): void {
    // The space above and below the title (4 + 5) is part of what must fit with what follows.
    this.ensureSpace(4 + this.heightOf(title, "subsection") + 5 + (options.keepWith ?? 90));
    if (options.listed ?? true) this.anchor(title, 2);
    this.doc.y += 4;
    this.text(title, "subsection", { after: 5 });
  }

  /** Records a contents entry and a link target at the cursor. */
  private anchor(title: string, level: 1 | 2): void {
    this.destinationCount += 1;
    const destination = `section-${this.destinationCount}`;
    this.doc.addNamedDestination(destination, "XYZ", null, this.doc.page.height - this.doc.y + 8, null);
    if (level === 1) this.doc.outline.addItem(title);
    this.tocEntries.push({ title, level, pageIndex: this.pageIndex, destination });
  }

  /** The room `chart` (drawn by `chart()`) needs with its caption: a heading above keeps this much with it. */
  chartSpace(chart: ChartSvg, caption?: string): number {
    const height = chart.height * Math.min(1, this.contentWidth / chart.width);
    return height + (caption ? this.heightOf(caption, "note") + 4 : 0) + 6;
  }

  /** Draws a chart at full content width (scaled down if wider), with an optional caption. */
  chart(chart: ChartSvg, caption?: string): void {
    const scale = Math.min(1, this.contentWidth / chart.width);
    const width = chart.width * scale;
    const height = chart.height * scale;
    this.ensureSpace(this.chartSpace(chart, caption));
    const x = this.left + (this.contentWidth - width) / 2;
    const top = this.doc.y;
    SVGtoPDF(this.doc, chart.svg, x, top, {
      width,
      height,
      assumePt: true,
      fontCallback: (_family: string, bold: boolean) => fontForWeight(bold ? "bold" : "normal"),
      warningCallback: () => {
        // svg-to-pdfkit warns about attributes it ignores (aria, classes); the drawing is complete.
      },
    });
    this.doc.x = this.left;
    this.doc.y = top + height + 4;
    if (caption) this.text(caption, "note", { after: 4 });
    this.doc.y += 6;
  }
}
