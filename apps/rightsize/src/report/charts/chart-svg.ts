// biome-ignore lint/performance/noNamespaceImport: vega exports its text-metrics hook (textMetrics) at runtime without declaring it in its types; the module object is how to reach it.
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import { CliError, CliErrorCode } from "../../cli-error.js";
import { createTextMeasurer, type MeasuredTextItem } from "../text-measure.js";
import { CHART_CONFIG } from "./chart-theme.js";

/** A chart rendered to SVG, with its size in points. */
export interface ChartSvg {
  svg: string;
  width: number;
  height: number;
}

/** vega's global text-metrics hook; not in its type definitions. */
interface VegaTextMetrics {
  width: (item: MeasuredTextItem, text: unknown) => number;
}

let metricsInstalled = false;

/**
 * Points vega's text layout at the report font's real metrics. Without this vega estimates
 * every glyph as 0.8 em wide in Node (no canvas), which misplaces labels and legends.
 */
function installTextMetrics(): void {
  if (metricsInstalled) return;
  const measure = createTextMeasurer();
  const metrics = (vega as unknown as { textMetrics: VegaTextMetrics }).textMetrics;
  metrics.width = (item, text) =>
    measure({
      text: text == null ? "" : String(text).trim(),
      fontSize: item.fontSize ?? 11,
      ...(item.fontWeight === undefined ? {} : { fontWeight: item.fontWeight }),
    });
  metricsInstalled = true;
}

/**
 * Compiles a vega-lite spec and renders it headlessly to SVG at exactly `width` x `height`
 * points (autosize "fit"), with the report theme applied under the spec's own config.
 */
export async function renderChartSvg(options: {
  spec: TopLevelSpec;
  width: number;
  height: number;
}): Promise<ChartSvg> {
  installTextMetrics();
  const spec = {
    ...options.spec,
    width: options.width,
    height: options.height,
    autosize: { type: "fit", contains: "padding" },
    config: { ...CHART_CONFIG, ...(options.spec.config ?? {}) },
  } as TopLevelSpec;
  try {
    const compiled = compile(spec).spec;
    const view = new vega.View(vega.parse(compiled), { renderer: "none", logLevel: vega.Error });
    const svg = await view.toSVG();
    const width = view.width() + 2 * Number(CHART_CONFIG.padding ?? 0);
    const height = view.height() + 2 * Number(CHART_CONFIG.padding ?? 0);
    view.finalize();
    return { svg, ...readSvgSize(svg, { width, height }) };
  } catch (error) {
    throw new CliError({
      code: CliErrorCode.chartFailed,
      message: `chart could not be rendered: ${error instanceof Error ? error.message : String(error)}`,
      cause: error,
    });
  }
}

function readSvgSize(
  svg: string,
  fallback: { width: number; height: number },
): { width: number; height: number } {
  const match = /^<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg);
  if (!match) return fallback;
  return { width: Number(match[1]), height: Number(match[2]) };
}
