import type { ReportFigures } from "@rightsize/baseline";
import type { TopLevelSpec } from "vega-lite";
import { CHART_COLORS, usdAxisFormat } from "./chart-theme.js";

const SERIES = {
  net: "Expected net cost",
  forfeit: "Expected forfeit",
} as const;

/**
 * Expected net annual cost (and expected forfeit) against the flat commitment level, from
 * pay-as-you-go up; the level chosen within the risk marked with a rule and its amount, and the
 * levels whose shortfall risk exceeds the limit drawn hollow.
 */
export function commitmentCurveChartSpec(commitment: ReportFigures["commitment"]): TopLevelSpec {
  const risk = commitment.maxShortfallProbability;
  const points = commitment.scenarios.flatMap((scenario) => {
    const commit = Number(scenario.commitUsd);
    const withinRisk = scenario.shortfallProbability <= risk + 1e-12;
    return [
      { commit, series: SERIES.net, value: Number(scenario.expectedNetUsd), withinRisk },
      { commit, series: SERIES.forfeit, value: Number(scenario.expectedForfeitUsd), withinRisk },
    ];
  });
  const highest = Math.max(0, ...points.map((point) => Math.max(point.commit, point.value)));
  const chosen = Number(commitment.optimal.commitUsd);
  const seriesScale = {
    domain: [SERIES.net, SERIES.forfeit],
    range: [CHART_COLORS.total, CHART_COLORS.increase],
  };
  return {
    layer: [
      {
        data: { values: points },
        mark: { type: "line", strokeWidth: 1.5 },
        encoding: {
          x: {
            field: "commit",
            type: "quantitative",
            title: "Flat annual commitment (USD)",
            axis: { format: usdAxisFormat(highest), tickCount: 6 },
          },
          y: {
            field: "value",
            type: "quantitative",
            title: "USD a year",
            axis: { format: usdAxisFormat(highest), tickCount: 6 },
          },
          color: {
            field: "series",
            type: "nominal",
            title: null,
            scale: seriesScale,
            legend: { orient: "top" },
          },
        },
      },
      {
        data: { values: points },
        mark: { type: "point", size: 22, strokeWidth: 1.2 },
        encoding: {
          x: { field: "commit", type: "quantitative" },
          y: { field: "value", type: "quantitative" },
          // The lines' scale again, and the fill on it too, so Vega-Lite merges the three into one
          // legend (a `legend: null` here conflicted with the lines' and warned on every report):
          // a point within the risk is filled in its series' colour, hollow otherwise.
          color: { field: "series", type: "nominal", scale: seriesScale },
          fill: {
            condition: { test: "datum.withinRisk", field: "series", type: "nominal", scale: seriesScale },
            value: "white",
          },
        },
      },
      {
        data: {
          values: [{ commit: chosen, label: `chosen: $${Math.round(chosen).toLocaleString("en-US")}` }],
        },
        mark: { type: "rule", strokeDash: [4, 3], color: CHART_COLORS.forecast },
        encoding: { x: { field: "commit", type: "quantitative" } },
      },
      {
        data: {
          values: [{ commit: chosen, label: `chosen: $${Math.round(chosen).toLocaleString("en-US")}` }],
        },
        mark: {
          type: "text",
          align: "left",
          dx: 4,
          dy: -4,
          baseline: "bottom",
          color: CHART_COLORS.forecast,
        },
        encoding: {
          x: { field: "commit", type: "quantitative" },
          y: { value: 0 },
          text: { field: "label" },
        },
      },
    ],
  } as TopLevelSpec;
}
