import type { MeasuredFigures } from "@rightsize/baseline";
import type { TopLevelSpec } from "vega-lite";
import { qualityTrendChartSpec } from "./quality-trend-chart.js";

type QualityAssurance = NonNullable<MeasuredFigures["qualityAssurance"]>;

/**
 * Quality over time from the after run's continuous shadow eval: the weekly pass rate of each task
 * type against the tier above, one line per task type and the tier it ran on (an escalation
 * starts a new line). Drawn as the main inputs' quality trend is (weeks with few verdicts left out).
 */
export function shadowQualityChartSpec(qualityAssurance: QualityAssurance): TopLevelSpec {
  return qualityTrendChartSpec(
    qualityAssurance.byTaskWeek.map((row) => ({
      week: row.week,
      weekStart: row.weekStart,
      taskType: `${row.taskType} on ${row.tier}`,
      requests: row.verdicts,
      verdicts: row.verdicts,
      passRate: row.passRate,
      flags: 0,
      escalationRate: 0,
    })),
  );
}
