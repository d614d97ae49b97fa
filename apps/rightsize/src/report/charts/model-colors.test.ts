import { describe, expect, it } from "vitest";
import { sampleFigures } from "../test-support/sample-figures.js";
import { CHART_PALETTE } from "./chart-theme.js";
import { categoricalColor, modelColors } from "./model-colors.js";
import { modelMixChartSpec, modelMixRuns } from "./model-mix-chart.js";
import { qualityTrendChartSpec } from "./quality-trend-chart.js";
import { weeklyCostChartSpec } from "./weekly-cost-chart.js";

/** The colour scale a spec (or its first layer) gives its colour channel. */
function colorScale(spec: object): { domain: string[]; range: string[] } {
  const layered = spec as { layer?: Array<{ encoding?: object }>; encoding?: object };
  const encoding = (layered.layer?.[0]?.encoding ?? layered.encoding) as {
    color: { scale: { domain: string[]; range: string[] } };
  };
  return encoding.color.scale;
}

describe("one colour per model across the document", () => {
  it("gives every model of every run its own colour, strongest family first", () => {
    const figures = sampleFigures();
    const colors = modelColors(figures);
    expect(colors.domain).toEqual([
      "claude-opus-4-7",
      "claude-sonnet-4-6",
      "claude-sonnet-5",
      "claude-haiku-5-5",
    ]);
    expect(new Set(colors.range).size).toBe(colors.domain.length);
  });

  it("colours a model the same in the before-and-after mix and in the weekly costs", () => {
    const figures = sampleFigures();
    const colors = modelColors(figures);
    const documentColor = new Map(colors.domain.map((model, index) => [model, colors.range[index]]));
    const mix = colorScale(modelMixChartSpec(modelMixRuns(figures), colors));
    // The weekly chart draws the before run only: its legend names only the models it draws.
    const beforeOnly = figures.costByModelWeek.filter((row) => row.model !== "claude-haiku-5-5");
    const weekly = colorScale(weeklyCostChartSpec(beforeOnly, colors));
    expect(weekly.domain).not.toContain("claude-haiku-5-5");
    for (const scale of [mix, weekly]) {
      expect(scale.domain.length).toBe(scale.range.length);
      expect(scale.range).toEqual(scale.domain.map((model) => documentColor.get(model)));
    }
  });

  it("never repeats a colour, however many series", () => {
    const colors = Array.from({ length: 40 }, (_, index) => categoricalColor(index));
    expect(new Set(colors).size).toBe(40);
    expect(colors.slice(0, CHART_PALETTE.length)).toEqual([...CHART_PALETTE]);
  });
});

describe("quality trend chart axis and colours", () => {
  const row = (weekStart: string, taskType: string) => ({
    week: "2026-W28",
    weekStart,
    taskType,
    requests: 100,
    verdicts: 20,
    passRate: 0.9,
    flags: 0,
    escalationRate: 0,
  });

  it("ticks the ISO weeks' Mondays and gives each of ten task types its own colour", () => {
    const tasks = Array.from({ length: 10 }, (_, index) => `task-${index}`);
    const weeks = ["2026-07-06", "2026-07-13", "2026-06-29"];
    const spec = qualityTrendChartSpec(weeks.flatMap((week) => tasks.map((task) => row(week, task)))) as {
      encoding: { x: { type: string; scale: { domain: string[] } } };
    };
    // An ordinal axis of the week starts (Mondays), not a time axis with its own (Sunday) ticks.
    expect(spec.encoding.x.type).toBe("ordinal");
    expect(spec.encoding.x.scale.domain).toEqual(["2026-06-29", "2026-07-06", "2026-07-13"]);
    for (const day of spec.encoding.x.scale.domain) expect(new Date(`${day}T00:00:00Z`).getUTCDay()).toBe(1);
    const scale = colorScale(spec);
    expect(scale.domain).toEqual(tasks);
    expect(new Set(scale.range).size).toBe(10);
  });
});
