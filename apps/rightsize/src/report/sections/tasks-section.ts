import type { ReportFigures } from "@rightsize/baseline";
import { formatCount, formatPassRate, formatPercent } from "../format.js";
import type { ReportCanvas } from "../pdf/report-canvas.js";
import { drawTable, type TableSpec, tableOpeningHeight } from "../pdf/table.js";

/** Per task type: cost and recommendation, then the evidence behind each recommendation. */
export function drawTasksSection(canvas: ReportCanvas, figures: ReportFigures): void {
  canvas.section("Per task type", { keepWith: 160 });
  canvas.paragraph(
    "Each task type's current model and cost, the tier the policy routes it to, and what that saves. " +
      "A recommendation rests on evidence: eval pass rates with their 95% lower confidence bound, quality " +
      "flags, and how often requests escalated or were overridden. Override rates above 5% are flagged for review.",
  );
  const tasks = [...figures.tasks].sort((left, right) => right.savings.value - left.savings.value);
  const costTable: TableSpec = {
    title: "Cost and recommendation",
    columns: [
      { header: "Task type", weight: 1.5 },
      { header: "Requests", weight: 0.95, align: "right" },
      { header: "Current model", weight: 1.7 },
      { header: "Current cost", weight: 1.25, align: "right" },
      { header: "Recommended", weight: 2.25 },
      { header: "Optimized cost", weight: 1.25, align: "right" },
      { header: "Savings", weight: 1.2, align: "right" },
    ],
    rows: tasks.map((task) => ({
      cells: [
        task.taskType,
        formatCount(task.requests),
        task.currentModel,
        task.currentCost.usd,
        recommendation(task),
        task.optimizedCost.usd,
        task.savings.usd,
      ],
    })),
    emptyText: "No task types in the input.",
  };
  canvas.subsection("Cost and recommendation", { keepWith: tableOpeningHeight(canvas, costTable) });
  drawTable(canvas, costTable);
  const evidenceTable: TableSpec = {
    title: "Evidence",
    columns: [
      { header: "Task type", weight: 1.7 },
      { header: "Eval pass rate (95% lower bound, samples)", weight: 2.6, align: "right" },
      { header: "Quality flags", weight: 1.2, align: "right" },
      { header: "Escalation rate", weight: 1.2, align: "right" },
      { header: "Override rate", weight: 1.5, align: "right" },
    ],
    rows: tasks.map((task) => {
      const evidence = task.evidence;
      return {
        cells: [
          task.taskType,
          formatPassRate({
            rate: evidence.evalPassRate,
            lower: evidence.evalWilsonLower,
            samples: evidence.evalSamples,
          }),
          evidence.qualityFlagRate === null ? "no verdicts" : formatPercent(evidence.qualityFlagRate),
          formatPercent(evidence.escalationRate),
          evidence.overrideFlag
            ? `${formatPercent(evidence.overrideRate)} REVIEW`
            : formatPercent(evidence.overrideRate),
        ],
      };
    }),
    // Every column but the evals is read from the main inputs: say so, and why it may be all zero.
    footnote:
      "Quality flags, escalation and override rates are the main inputs' (before the policy)" +
      (tasks.every((task) => task.evidence.escalationRate === 0)
        ? ": no request in them escalated, so the escalation rate is 0% throughout" +
          (figures.measured ? "; the run under the policy's escalations are on the measured pages." : ".")
        : "."),
    emptyText: "No task types in the input.",
  };
  canvas.subsection("Evidence", { keepWith: tableOpeningHeight(canvas, evidenceTable) });
  drawTable(canvas, evidenceTable);
}

function recommendation(task: ReportFigures["tasks"][number]): string {
  const target = task.recommendedModel ?? task.recommendedTier ?? "no change";
  const tier = task.recommendedTier && task.recommendedModel ? `${task.recommendedTier}: ` : "";
  const rejected = task.rejectedShare > 0 ? ` (${formatPercent(task.rejectedShare)} rejected)` : "";
  return `${tier}${target}${rejected}`;
}
