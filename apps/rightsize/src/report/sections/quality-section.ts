import type { ReportFigures } from "@rightsize/baseline";
import type { ChartSvg } from "../charts/chart-svg.js";
import { MIN_VERDICTS_PER_POINT, qualityMeasure } from "../charts/quality-trend-chart.js";
import type { ReportCanvas } from "../pdf/report-canvas.js";

/** Quality by task type over time: pass rate where verdicts were recorded, else escalation rate. */
export function drawQualitySection(
  canvas: ReportCanvas,
  figures: ReportFigures,
  chart: ChartSvg | null,
): void {
  canvas.section("Quality by task type over time", { keepWith: (chart ? canvas.chartSpace(chart) : 0) + 50 });
  if (chart === null) {
    canvas.paragraph(
      "The input records no quality verdicts and no escalations for any task type, so there is no quality trend " +
        "to chart. Record verdicts (rightsize.quality.verdict on spans) or pass eval results with --evals to see one.",
    );
    return;
  }
  const measure = qualityMeasure(figures.qualityByTaskWeek);
  canvas.paragraph(
    measure === "passRate"
      ? `Share of quality verdicts that passed in the main inputs (before), per task type and week (weeks with fewer than ${MIN_VERDICTS_PER_POINT} verdicts are not drawn). A falling line is the signal to move a task back to a stronger tier.` +
          (figures.measured?.qualityAssurance
            ? " The run under the policy is charted on the measured pages (its continuous shadow eval)."
            : "")
      : "No quality verdicts were recorded in the input, so the chart shows the escalation rate per task type and week: the share of requests whose first attempt was escalated to a stronger model.",
  );
  canvas.chart(chart);
}
