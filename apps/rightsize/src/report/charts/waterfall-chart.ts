import type { ReportFigures } from "@rightsize/baseline";
import type { TopLevelSpec } from "vega-lite";
import { CHART_COLORS, usdAxisFormat } from "./chart-theme.js";

type Step = ReportFigures["waterfall"]["steps"][number];

/** One floating bar: where it starts and ends (USD, display only) and how it is coloured. */
export interface WaterfallBar {
  order: number;
  label: string;
  start: number;
  end: number;
  kind: "Total" | "Saving" | "Added cost";
  amountText: string;
  estimated: boolean;
}

/** Short names for the chart axis; the table beside the chart carries the full labels. */
export const WATERFALL_AXIS_LABELS: Record<Step["key"], string> = {
  baseline: "Baseline",
  routing: "Routing",
  caching: "Caching",
  batch: "Batch",
  ceilings: "Ceilings",
  escalated_away: "Escalated away",
  optimized: "Optimized",
};

/** Turns the waterfall steps into floating bars: totals stand on zero, deltas float. */
export function waterfallBars(steps: readonly Step[]): WaterfallBar[] {
  return steps.map((step, order) => {
    const end = step.cumulative.value;
    const start = step.kind === "total" ? 0 : end - step.amount.value;
    const kind = step.kind === "total" ? "Total" : step.amount.value <= 0 ? "Saving" : "Added cost";
    const lines = wrapLabel(WATERFALL_AXIS_LABELS[step.key], 14);
    const markEstimate = step.estimated && step.kind === "delta";
    const label = (markEstimate ? [...lines, "(estimate)"] : lines).join("\n");
    return { order, label, start, end, kind, amountText: step.amount.usd, estimated: markEstimate };
  });
}

/** Breaks an axis label into lines of about `width` characters at spaces. */
export function wrapLabel(label: string, width: number): string[] {
  const lines: string[] = [];
  for (const word of label.split(/\s+/)) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= width)
      lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** The lever waterfall: baseline, each lever's saving, escalated-away cost, optimized. */
export function waterfallChartSpec(steps: readonly Step[]): TopLevelSpec {
  // A lever that changed nothing is a row of the table, not a $0.00 bar.
  const bars = waterfallBars(steps.filter((step) => step.kind === "total" || step.amount.pico !== "0"));
  const kinds = ["Total", "Saving", "Added cost"].filter((kind) => bars.some((bar) => bar.kind === kind));
  const colors = {
    Total: CHART_COLORS.total,
    Saving: CHART_COLORS.decrease,
    "Added cost": CHART_COLORS.increase,
  };
  const highest = Math.max(0, ...bars.map((bar) => Math.max(bar.start, bar.end)));
  return {
    data: { values: bars },
    encoding: {
      x: {
        field: "label",
        type: "nominal",
        sort: { field: "order" },
        title: null,
        axis: { labelAngle: 0, labelExpr: "split(datum.label, '\\n')", labelLimit: 0, labelPadding: 6 },
      },
    },
    layer: [
      {
        mark: { type: "bar", width: { band: 0.62 }, cornerRadius: 1 },
        encoding: {
          y: { field: "start", type: "quantitative", title: "USD", axis: { format: usdAxisFormat(highest) } },
          y2: { field: "end" },
          color: {
            field: "kind",
            type: "nominal",
            title: null,
            scale: { domain: kinds, range: kinds.map((kind) => colors[kind as keyof typeof colors]) },
          },
          opacity: { condition: { test: "datum.estimated", value: 0.6 }, value: 1 },
        },
      },
      {
        mark: { type: "text", dy: -6, fontSize: 7.5, color: CHART_COLORS.ink },
        encoding: {
          y: { field: "top", type: "quantitative" },
          text: { field: "amountText" },
        },
        transform: [{ calculate: "max(datum.start, datum.end)", as: "top" }],
      },
    ],
  } as TopLevelSpec;
}
