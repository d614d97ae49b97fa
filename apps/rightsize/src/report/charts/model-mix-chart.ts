import type { ReportFigures } from "@rightsize/baseline";
import type { TopLevelSpec } from "vega-lite";
import { formatPercent } from "../format.js";
import { colorsOf, type ModelColors } from "./model-colors.js";

/** One run's requests by model (a bar of the chart). */
export interface ModelMixRun {
  label: string;
  rows: ReadonlyArray<{ model: string; requests: number }>;
}

/** The runs whose model mix the report compares: before, then the measured and the replayed after. */
export function modelMixRuns(figures: ReportFigures): ModelMixRun[] {
  return [
    { label: "Before (actual)", rows: figures.requestsByModel },
    ...(figures.measured ? [{ label: "After (measured)", rows: figures.measured.requestsByModel }] : []),
    { label: "After (replay projection)", rows: figures.optimizedRequestsByModel },
  ];
}

/** Shares below this are drawn without a label (the table beside the chart has them). */
const LABELLED_SHARE = 0.07;

/**
 * The model mix of each run side by side: one 100% bar per run (before, then after), split by
 * the share of requests each model answered, in the document's colour for that model.
 */
export function modelMixChartSpec(runs: readonly ModelMixRun[], colors: ModelColors): TopLevelSpec {
  const values = runs.flatMap((run) => {
    const byModel = new Map<string, number>();
    for (const row of run.rows) byModel.set(row.model, (byModel.get(row.model) ?? 0) + row.requests);
    const total = [...byModel.values()].reduce((sum, requests) => sum + requests, 0);
    let start = 0;
    return colors.domain
      .filter((model) => (byModel.get(model) ?? 0) > 0)
      .map((model) => {
        const share = total === 0 ? 0 : (byModel.get(model) ?? 0) / total;
        const segment = {
          run: run.label,
          model,
          start,
          end: start + share,
          middle: start + share / 2,
          label: share >= LABELLED_SHARE ? formatPercent(share, 0) : "",
        };
        start += share;
        return segment;
      });
  });
  const y = { field: "run", type: "nominal", title: null, sort: runs.map((run) => run.label) } as const;
  return {
    data: { values },
    layer: [
      {
        mark: { type: "bar", height: { band: 0.62 }, stroke: "white", strokeWidth: 1 },
        encoding: {
          y,
          x: {
            field: "start",
            type: "quantitative",
            title: "Share of requests",
            scale: { domain: [0, 1] },
            axis: { format: ".0%", grid: true },
          },
          x2: { field: "end" },
          color: {
            field: "model",
            type: "nominal",
            title: null,
            scale: colorsOf(
              colors,
              values.map((value) => value.model),
            ),
            legend: { orient: "bottom", direction: "horizontal", columns: 4, labelLimit: 200 },
          },
        },
      },
      {
        mark: { type: "text", color: "white", fontSize: 8, fontWeight: "bold" },
        encoding: { y, x: { field: "middle", type: "quantitative" }, text: { field: "label" } },
      },
    ],
  } as TopLevelSpec;
}
