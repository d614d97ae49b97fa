import type { ReportFigures } from "@rightsize/baseline";
import type { TopLevelSpec } from "vega-lite";
import { CHART_COLORS, usdAxisFormat } from "./chart-theme.js";

const SERIES = {
  actual: "Actual spend",
  optimized: "Optimized (replayed)",
  forecast: "Forecast, optimized",
} as const;

interface DailyValues {
  date: string;
  values: Record<string, number>;
}

/**
 * Averages daily values over consecutive 7-day blocks, dated by each block's first day.
 * Daily spend swings with the day of the week; weekly means show the trend a reader needs.
 */
export function weeklyMeans(days: readonly DailyValues[]): DailyValues[] {
  const weeks: DailyValues[] = [];
  for (let start = 0; start < days.length; start += 7) {
    const block = days.slice(start, start + 7);
    const first = block[0];
    // A short trailing block would over- or under-weight weekends; drop it unless it is all there is.
    if (!first || (block.length < 7 && start > 0)) continue;
    const values: Record<string, number> = {};
    for (const key of Object.keys(first.values)) {
      values[key] = block.reduce((sum, day) => sum + (day.values[key] ?? 0), 0) / block.length;
    }
    weeks.push({ date: first.date, values });
  }
  return weeks;
}

/**
 * History (actual and replayed-optimized) followed by the optimized forecast with its 80%
 * and 95% prediction bands, as weekly means of daily spend.
 */
export function forecastChartSpec(figures: Pick<ReportFigures, "daily" | "forecast">): TopLevelSpec {
  const history = weeklyMeans(
    figures.daily.map((day) => ({
      date: day.date,
      values: { actual: day.actual.value, optimized: day.optimized.value },
    })),
  );
  const future = weeklyMeans(
    figures.forecast.daily.map((day) => ({
      date: day.date,
      values: {
        point: day.point,
        p80Low: day.p80Low,
        p80High: day.p80High,
        p95Low: day.p95Low,
        p95High: day.p95High,
      },
    })),
  );
  const lines = [
    ...history.map((week) => ({ date: week.date, series: SERIES.actual, value: week.values.actual })),
    ...history.map((week) => ({ date: week.date, series: SERIES.optimized, value: week.values.optimized })),
    ...future.map((week) => ({ date: week.date, series: SERIES.forecast, value: week.values.point })),
  ];
  const bands = future.map((week) => ({ date: week.date, ...week.values }));
  const highest = Math.max(
    0,
    ...lines.map((line) => line.value ?? 0),
    ...future.map((week) => week.values.p95High ?? 0),
  );
  const yAxis = { title: "USD per day (weekly mean)", format: usdAxisFormat(highest) };
  const x = {
    field: "date",
    type: "temporal",
    title: null,
    axis: { format: "%b %Y", labelAngle: 0, tickCount: 8 },
  };
  return {
    layer: [
      {
        data: { values: bands },
        mark: { type: "area", color: CHART_COLORS.band, opacity: 0.35 },
        encoding: { x, y: { field: "p95Low", type: "quantitative", axis: yAxis }, y2: { field: "p95High" } },
      },
      {
        data: { values: bands },
        mark: { type: "area", color: CHART_COLORS.band, opacity: 0.6 },
        encoding: { x, y: { field: "p80Low", type: "quantitative", axis: yAxis }, y2: { field: "p80High" } },
      },
      {
        data: { values: lines },
        mark: { type: "line", strokeWidth: 1.6, point: { size: 10 } },
        encoding: {
          x,
          y: { field: "value", type: "quantitative", axis: yAxis },
          color: {
            field: "series",
            type: "nominal",
            title: null,
            scale: {
              domain: [SERIES.actual, SERIES.optimized, SERIES.forecast],
              range: [CHART_COLORS.muted, CHART_COLORS.total, CHART_COLORS.forecast],
            },
          },
        },
      },
    ],
  } as TopLevelSpec;
}
