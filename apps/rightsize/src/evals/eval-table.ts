import { type EvalSummary, formatShare } from "@rightsize/evals";
import { formatTable } from "../output.js";

/** The summary as a table: one row per task and model, the recommended one marked, with the bar. */
export function summaryTable(summary: EvalSummary): string {
  const rows: string[][] = [];
  for (const task of summary.tasks) {
    for (const model of task.models) {
      const recommended =
        model.model === task.recommended.model && model.tier === task.recommended.tier
          ? task.recommended.cleared
            ? "<- recommended"
            : "<- strongest (none cleared)"
          : "";
      rows.push([
        task.taskType,
        model.tier ?? "",
        model.model,
        String(model.n),
        formatShare(model.passRate),
        formatShare(model.lower),
        formatShare(model.upper),
        formatShare(task.bar),
        model.costPerRequestUsd === undefined ? "" : `$${model.costPerRequestUsd.toFixed(6)}`,
        model.errors ? String(model.errors) : "",
        recommended,
      ]);
    }
  }
  return formatTable(
    ["task", "tier", "model", "n", "pass", "lower", "upper", "bar", "$/request", "errors", ""],
    rows,
  );
}
