import type { Config } from "vega-lite";
import { REPORT_FONTS } from "../fonts.js";

/** Categorical colours: distinguishable in print and for common colour-vision deficiencies. */
export const CHART_PALETTE = [
  "#1f4e79",
  "#e07b39",
  "#3a9a8f",
  "#c44e52",
  "#8172b2",
  "#937860",
  "#6b8e23",
  "#64748b",
  "#d4a72c",
  "#4ea3d9",
  "#d17ab5",
  "#2f4b26",
] as const;

export const CHART_COLORS = {
  ink: "#1e293b",
  muted: "#64748b",
  grid: "#e2e8f0",
  increase: "#c44e52",
  decrease: "#3a9a8f",
  total: "#1f4e79",
  band: "#93c5fd",
  forecast: "#e07b39",
} as const;

/**
 * One look for every chart: the report font (registered in the PDF under the same name),
 * quiet grids, no chart borders, sizes in points (the SVG is drawn 1 px = 1 pt).
 */
export const CHART_CONFIG: Config = {
  font: REPORT_FONTS.regular,
  background: "white",
  view: { stroke: null },
  padding: 4,
  axis: {
    labelFont: REPORT_FONTS.regular,
    titleFont: REPORT_FONTS.regular,
    labelFontSize: 8,
    titleFontSize: 8.5,
    titleFontWeight: "bold",
    labelColor: CHART_COLORS.muted,
    titleColor: CHART_COLORS.ink,
    gridColor: CHART_COLORS.grid,
    domainColor: "#cbd5e1",
    tickColor: "#cbd5e1",
    labelPadding: 4,
    titlePadding: 8,
  },
  axisX: { grid: false },
  legend: {
    labelFont: REPORT_FONTS.regular,
    titleFont: REPORT_FONTS.regular,
    labelFontSize: 8,
    titleFontSize: 8.5,
    titleFontWeight: "bold",
    labelColor: CHART_COLORS.ink,
    titleColor: CHART_COLORS.ink,
    symbolSize: 70,
    orient: "bottom",
    direction: "horizontal",
    columns: 4,
    labelLimit: 180,
  },
  title: {
    font: REPORT_FONTS.regular,
    fontSize: 10,
    fontWeight: "bold",
    color: CHART_COLORS.ink,
    anchor: "start",
  },
  text: { font: REPORT_FONTS.regular, fontSize: 8, color: CHART_COLORS.ink },
  range: { category: [...CHART_PALETTE] },
};

/** d3 format for a USD axis: cents when the largest value is small, whole dollars otherwise. */
export function usdAxisFormat(largest: number): string {
  return largest < 10 ? "$,.2f" : "$,.0f";
}

/** The x axis of the weekly bar charts: one band per ISO week, labelled by its first day ("Jul 6"). */
export const WEEK_START_AXIS = {
  field: "weekStart",
  type: "ordinal",
  title: "Week starting",
  axis: { labelAngle: 0, labelExpr: "timeFormat(toDate(datum.value + 'T00:00:00'), '%b %-d')" },
} as const;

/**
 * True when the ISO week starting `weekStart` (a Monday) lies wholly inside the observed days:
 * a week cut by the period's first or last day would be drawn as a dip that is not one.
 */
export function isWholeWeek(weekStart: string, observed: { start: string; end: string }): boolean {
  const last = new Date(Date.parse(`${weekStart}T00:00:00Z`) + 6 * 86_400_000).toISOString().slice(0, 10);
  return weekStart >= observed.start && last <= observed.end;
}
