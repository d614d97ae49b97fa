import { REPORT_FONTS, type ReportFontName } from "../fonts.js";

/** One text style of the report: face, size (pt), colour and extra line gap (pt). */
export interface TextStyle {
  font: ReportFontName;
  size: number;
  color: string;
  lineGap: number;
}

/** The report's type scale; every piece of text uses one of these. */
export const TEXT_STYLES = {
  title: { font: REPORT_FONTS.bold, size: 24, color: "#0f172a", lineGap: 2 },
  subtitle: { font: REPORT_FONTS.regular, size: 11.5, color: "#475569", lineGap: 2 },
  section: { font: REPORT_FONTS.semibold, size: 16, color: "#0f172a", lineGap: 2 },
  subsection: { font: REPORT_FONTS.semibold, size: 11, color: "#1f4e79", lineGap: 2 },
  body: { font: REPORT_FONTS.regular, size: 9.5, color: "#1e293b", lineGap: 2.5 },
  strong: { font: REPORT_FONTS.semibold, size: 9.5, color: "#1e293b", lineGap: 2.5 },
  note: { font: REPORT_FONTS.regular, size: 8, color: "#64748b", lineGap: 1.5 },
  tableHeader: { font: REPORT_FONTS.semibold, size: 8, color: "#0f172a", lineGap: 1 },
  tableCell: { font: REPORT_FONTS.regular, size: 8, color: "#1e293b", lineGap: 1 },
  tableMuted: { font: REPORT_FONTS.regular, size: 8, color: "#64748b", lineGap: 1 },
  tableTotal: { font: REPORT_FONTS.semibold, size: 8, color: "#0f172a", lineGap: 1 },
  figureLabel: { font: REPORT_FONTS.semibold, size: 7.5, color: "#64748b", lineGap: 1 },
  figureValue: { font: REPORT_FONTS.bold, size: 19, color: "#0f172a", lineGap: 0 },
  figureDetail: { font: REPORT_FONTS.regular, size: 8, color: "#475569", lineGap: 1 },
  running: { font: REPORT_FONTS.regular, size: 7.5, color: "#94a3b8", lineGap: 0 },
} as const satisfies Record<string, TextStyle>;

export type TextStyleName = keyof typeof TEXT_STYLES;

export const COLORS = {
  accent: "#1f4e79",
  rule: "#cbd5e1",
  headerFill: "#e8eef5",
  zebraFill: "#f8fafc",
  panelFill: "#f1f5f9",
  good: "#166534",
  warn: "#b45309",
} as const;

/** Page geometry in points; US Letter by default, A4 on request. */
export const PAGE_SIZES = { letter: "LETTER", a4: "A4" } as const;
export type PaperSize = keyof typeof PAGE_SIZES;

export const PAGE_MARGINS = { top: 62, bottom: 58, left: 54, right: 54 } as const;

/** Digits of equal width so money columns line up (Inter's `tnum` feature). */
export const TABULAR_FIGURES = ["tnum"] as const;
