import PDFDocument from "pdfkit";
import { fontForWeight, registerReportFonts } from "./fonts.js";

/** What vega hands a text-width function: a text mark item (size in px = pt here). */
export interface MeasuredTextItem {
  fontSize?: number;
  fontWeight?: string | number;
}

/** Measures text width in points with the report fonts (the metrics the PDF draws with). */
export type TextMeasurer = (options: {
  text: string;
  fontSize: number;
  fontWeight?: string | number;
}) => number;

let sharedMeasurer: TextMeasurer | undefined;

/**
 * A measurer backed by a page-less pdfkit document with the report fonts registered, so
 * chart layout (vega) and PDF drawing agree on every label's width. Widths are cached
 * because vega asks for the same tick labels many times.
 */
export function createTextMeasurer(): TextMeasurer {
  if (sharedMeasurer) return sharedMeasurer;
  const doc = new PDFDocument({ autoFirstPage: false });
  registerReportFonts(doc);
  const cache = new Map<string, number>();
  sharedMeasurer = ({ text, fontSize, fontWeight }) => {
    if (fontSize <= 0 || text.length === 0) return 0;
    const font = fontForWeight(fontWeight);
    const key = `${font}|${fontSize}|${text}`;
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
    const width = doc.font(font).fontSize(fontSize).widthOfString(text);
    if (cache.size > 10_000) cache.clear();
    cache.set(key, width);
    return width;
  };
  return sharedMeasurer;
}
