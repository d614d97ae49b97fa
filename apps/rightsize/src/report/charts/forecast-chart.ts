import type { ReportFigures } from "@rightsize/baseline";
import type { TopLevelSpec } from "vega-lite";
import { CHART_COLORS, usdAxisFormat } from "./chart-theme.js";

const SERIES = {
  actual: "Actual spend",
  optimized: "Optimized (replayed)",
  measured: "Measured under the policy",
  forecast: "Forecast, optimized",
} as const;

const SERIES_COLORS: Record<keyof typeof SERIES, string> = {
  actual: CHART_COLORS.muted,
  optimized: CHART_COLORS.total,
  measured: CHART_COLORS.decrease,
  forecast: CHART_COLORS.forecast,
};

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
export function forecastChartSpec(
  figures: Pick<ReportFigures, "daily" | "forecast"> & Partial<Pick<ReportFigures, "measured">>,
): TopLevelSpec {
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
    ...measuredWeeks(figures.measured ?? null).map((week) => ({ ...week, series: SERIES.measured })),
    ...future.map((week) => ({ date: week.date, series: SERIES.forecast, value: week.values.point })),
  ];
  const drawn = new Set(lines.map((line) => line.series));
  const series = (Object.keys(SERIES) as (keyof typeof SERIES)[]).filter((key) => drawn.has(SERIES[key]));
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
              domain: series.map((key) => SERIES[key]),
              range: series.map((key) => SERIES_COLORS[key]),
            },
          },
        },
      },
    ],
  } as TopLevelSpec;
}

/**
 * The measured run's spend per day, a point per ISO week that lies wholly inside its observed
 * days (a week cut by the run's first or last day would be drawn as a dip).
 */
function measuredWeeks(measured: ReportFigures["measured"]): { date: string; value: number }[] {
  if (!measured) return [];
  const { observedStart, observedEnd } = measured.period;
  return measured.weekly
    .filter((week) => week.weekStart >= observedStart && addDays(week.weekStart, 6) <= observedEnd)
    .map((week) => ({ date: week.weekStart, value: week.after.value / 7 }));
}

function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
