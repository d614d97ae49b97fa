import type { ReportFigures } from "@rightsize/baseline";
import { CHART_PALETTE } from "./chart-theme.js";

/** A colour scale for models: every chart that colours by model uses the document's one. */
export interface ModelColors {
  domain: string[];
  range: string[];
}

const FAMILY_ORDER = ["opus", "sonnet", "haiku"];

/**
 * One colour per model across the whole document: every model any chart may draw (before, the
 * replay's routed mix, the measured run, the weekly costs), strongest family first (Opus,
 * Sonnet, Haiku, then others), then by name, each given the next palette colour.
 */
export function modelColors(figures: ReportFigures): ModelColors {
  const models = new Set<string>([
    ...figures.requestsByModel.map((row) => row.model),
    ...figures.optimizedRequestsByModel.map((row) => row.model),
    ...(figures.measured?.requestsByModel ?? []).map((row) => row.model),
    ...figures.costByModelWeek.map((row) => row.model),
  ]);
  const family = (model: string) => {
    const index = FAMILY_ORDER.findIndex((name) => model.includes(name));
    return index === -1 ? FAMILY_ORDER.length : index;
  };
  const domain = [...models].sort(
    (left, right) => family(left) - family(right) || (left < right ? -1 : left > right ? 1 : 0),
  );
  return { domain, range: domain.map((_, index) => categoricalColor(index)) };
}

/** The scale for a chart drawing only `models`: their document colours, none for models it lacks (no idle legend entries). */
export function colorsOf(colors: ModelColors, models: Iterable<string>): ModelColors {
  const drawn = new Set(models);
  const domain: string[] = [];
  const range: string[] = [];
  colors.domain.forEach((model, index) => {
    if (!drawn.has(model)) return;
    domain.push(model);
    range.push(colors.range[index] ?? categoricalColor(index));
  });
  return { domain, range };
}

/**
 * The `index`-th categorical colour: the palette's, then further hues spaced by the golden
 * angle, so no two series of one chart share a colour however many there are.
 */
export function categoricalColor(index: number): string {
  const fromPalette = CHART_PALETTE[index];
  if (fromPalette) return fromPalette;
  const hue = Math.round((index * 137.508) % 360);
  return `hsl(${hue}, 45%, ${index % 2 === 0 ? 40 : 55}%)`;
}
