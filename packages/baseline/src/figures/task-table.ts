import { wilsonInterval } from "@rightsize/evals";
import { findModel } from "@rightsize/pricing";
import type { EvalEvidence } from "../eval-results.js";
import type { ReplayedCohort } from "../replay/replay-cohort.js";
import type { TaskRow } from "../report-figures.js";
import type { QualityVerdict } from "../usage-record.js";
import { money } from "./money.js";

/** The override rate above which a task's recommendation is flagged for review. */
export const OVERRIDE_FLAG_RATE = 0.05;

interface TaskAccumulator {
  requests: number;
  rejected: number;
  escalated: number;
  overrides: number;
  passes: number;
  fails: number;
  current: bigint;
  optimized: bigint;
  costByModel: Map<string, bigint>;
  requestsByTier: Map<string, { tier: string; model: string; requests: number }>;
}

/** Per task type: volume, current model and cost, recommended tier/model, optimized cost and evidence. */
export function taskTable(options: {
  replayed: readonly ReplayedCohort[];
  verdicts: readonly QualityVerdict[];
  /** Undefined when the report was given no eval evidence. */
  evalResults: EvalEvidence | undefined;
}): TaskRow[] {
  const tasks = new Map<string, TaskAccumulator>();
  const taskFor = (taskType: string) => {
    let task = tasks.get(taskType);
    if (task === undefined) {
      task = {
        requests: 0,
        rejected: 0,
        escalated: 0,
        overrides: 0,
        passes: 0,
        fails: 0,
        current: 0n,
        optimized: 0n,
        costByModel: new Map(),
        requestsByTier: new Map(),
      };
      tasks.set(taskType, task);
    }
    return task;
  };
  for (const entry of options.replayed) {
    const { cohort } = entry;
    const task = taskFor(cohort.taskType);
    task.current += entry.actual.list;
    task.costByModel.set(cohort.model, (task.costByModel.get(cohort.model) ?? 0n) + entry.actual.list);
    if (cohort.escalatedAway) {
      task.optimized += entry.actual.list;
      continue;
    }
    task.requests += cohort.requests;
    task.escalated += cohort.escalated;
    task.overrides += cohort.overrides;
    task.passes += cohort.passes;
    task.fails += cohort.fails;
    task.optimized += entry.optimized.list;
    if (entry.decision?.kind === "route") {
      const key = `${entry.decision.tier}|${entry.decision.model}`;
      const slot = task.requestsByTier.get(key) ?? {
        tier: entry.decision.tier,
        model: entry.decision.model,
        requests: 0,
      };
      slot.requests += cohort.requests;
      task.requestsByTier.set(key, slot);
    } else {
      task.rejected += cohort.requests;
    }
  }
  for (const verdict of options.verdicts) {
    const task = taskFor(verdict.taskType);
    if (verdict.verdict === "pass") task.passes += verdict.count;
    else task.fails += verdict.count;
  }
  return [...tasks.entries()]
    .map(([taskType, task]) => toRow(taskType, task, options.evalResults))
    .sort((left, right) => right.requests - left.requests || (left.taskType < right.taskType ? -1 : 1));
}

function toRow(taskType: string, task: TaskAccumulator, evalEvidence: EvalEvidence | undefined): TaskRow {
  const currentModel = maxBy([...task.costByModel.entries()], ([, cost]) => cost)?.[0] ?? "";
  const recommended = maxBy([...task.requestsByTier.values()], (slot) => BigInt(slot.requests));
  const evals = (evalEvidence?.results ?? []).filter(
    (row) =>
      row.taskType === taskType &&
      recommended !== undefined &&
      (canonical(row.model) === recommended.model || row.tier === recommended.tier),
  );
  const passed = evals.reduce((sum, row) => sum + row.passed, 0);
  const total = evals.reduce((sum, row) => sum + row.total, 0);
  const verdicts = task.passes + task.fails;
  const interval = total === 0 ? null : wilsonInterval({ passes: passed, n: total });
  const overrideRate = task.requests === 0 ? 0 : task.overrides / task.requests;
  return {
    taskType,
    requests: task.requests,
    currentModel,
    currentCost: money(task.current),
    recommendedTier: recommended?.tier ?? null,
    recommendedModel: recommended?.model ?? null,
    rejectedShare: task.requests === 0 ? 0 : task.rejected / task.requests,
    optimizedCost: money(task.optimized),
    savings: money(task.current - task.optimized),
    evidence: {
      evalPassRate: total === 0 ? null : passed / total,
      evalSamples: total,
      evalWilsonLower: interval?.lower ?? null,
      ...(evalEvidence === undefined ? {} : evalColumns({ taskType, evalEvidence, interval })),
      qualityVerdicts: verdicts,
      qualityFlagRate: verdicts === 0 ? null : task.fails / verdicts,
      escalationRate: task.requests === 0 ? 0 : task.escalated / task.requests,
      overrideRate,
      overrideFlag: overrideRate > OVERRIDE_FLAG_RATE,
    },
  };
}

function canonical(model: string | undefined): string | undefined {
  return model === undefined ? undefined : (findModel(model)?.id ?? model);
}

function maxBy<T>(items: readonly T[], score: (item: T) => bigint): T | undefined {
  let best: T | undefined;
  let bestScore = -1n;
  for (const item of items) {
    const value = score(item);
    if (value > bestScore) {
      best = item;
      bestScore = value;
    }
  }
  return best;
}

/**
 * The evidence columns only eval evidence brings (the upper bound, the eval's own recommendation),
 * written when the report was given evals (null where a task has none), so a report without evals
 * keeps the figures it always had.
 */
function evalColumns(options: {
  taskType: string;
  evalEvidence: EvalEvidence;
  interval: { lower: number; upper: number } | null;
}): Pick<TaskRow["evidence"], "evalWilsonUpper" | "evalRecommendation"> {
  const recommendation = options.evalEvidence.recommendations.find(
    (entry) => entry.taskType === options.taskType,
  );
  return {
    evalWilsonUpper: options.interval?.upper ?? null,
    evalRecommendation: recommendation
      ? {
          bar: recommendation.bar,
          tier: recommendation.tier,
          model: recommendation.model,
          cleared: recommendation.cleared,
        }
      : null,
  };
}
