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
  // With a measured run, its escalations (the policy's, per task type) stand beside the main inputs'.
  const measuredTasks = figures.measured
    ? new Map(figures.measured.tasks.map((task) => [task.taskType, task]))
    : null;
  const evidenceTable: TableSpec = {
    title: "Evidence",
    columns: [
      { header: "Task type", weight: 1.7 },
      { header: "Eval pass rate (95% lower bound, samples)", weight: 2.6, align: "right" },
      { header: "Quality flags", weight: 1.1, align: "right" },
      { header: "Escalation rate", weight: 1.1, align: "right" },
      ...(measuredTasks
        ? [{ header: "Escalation under the policy", weight: 1.4, align: "right" as const }]
        : []),
      { header: "Override rate", weight: 1.3, align: "right" },
    ],
    rows: tasks.map((task) => {
      const evidence = task.evidence;
      const measured = measuredTasks?.get(task.taskType);
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
          ...(measuredTasks ? [measured ? formatPercent(measured.escalationRate) : "no requests"] : []),
          evidence.overrideFlag
            ? `${formatPercent(evidence.overrideRate)} REVIEW`
            : formatPercent(evidence.overrideRate),
        ],
      };
    }),
    // Every column but the evals (and the measured one) is read from the main inputs: say so.
    footnote:
      "Quality flags, escalation and override rates are the main inputs' (before the policy)" +
      (tasks.every((task) => task.evidence.escalationRate === 0)
        ? ": no request in them escalated, so their escalation rate is 0% throughout"
        : "") +
      (measuredTasks
        ? "; escalation under the policy is the measured run's: the share of its requests per task type that needed a stronger tier to be answered."
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
