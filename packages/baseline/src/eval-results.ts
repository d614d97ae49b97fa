import { formatIssuePath } from "@rightsize/contracts";
import { type EvalSummary, summarySchema, type TaskSummary } from "@rightsize/evals";
import { z } from "zod";
import { BaselineError, BaselineErrorCode } from "./errors.js";

/** Shadow-eval results (the older, still readable format): how often a task type passed on a model or tier. */
export const evalResultSchema = z.object({
  taskType: z.string().min(1),
  model: z.string().min(1).optional(),
  tier: z.string().min(1).optional(),
  passed: z.number().int().nonnegative(),
  total: z.number().int().positive(),
});
export type EvalResult = z.infer<typeof evalResultSchema>;

/** What an eval recommended for a task type (only the `rightsize eval` summary format carries it). */
export interface EvalRecommendation {
  taskType: string;
  bar: number;
  tier: string | null;
  model: string;
  cleared: boolean;
}

/** Eval evidence in one shape, whichever file format it came from. */
export interface EvalEvidence {
  results: EvalResult[];
  recommendations: EvalRecommendation[];
}

const legacySchema = z.union([
  z.array(evalResultSchema),
  z.object({ results: z.array(evalResultSchema) }).transform((value) => value.results),
]);

/**
 * Validates eval evidence: the `summary.json` that `rightsize eval run` writes (`{tasks: [...]}`),
 * or the older format (an array of `{taskType, model?, tier?, passed, total}`, or `{results: [...]}`).
 * Errors name the path.
 */
export function parseEvalResults(input: unknown): EvalEvidence {
  if (typeof input === "object" && input !== null && !Array.isArray(input) && "tasks" in input) {
    const parsed = summarySchema.safeParse(input);
    if (!parsed.success) throw invalid(parsed.error);
    return fromSummary(parsed.data);
  }
  const parsed = legacySchema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error);
  const bad = parsed.data.findIndex((row) => row.passed > row.total);
  if (bad !== -1)
    throw new BaselineError({
      code: BaselineErrorCode.invalidEvalResults,
      message: `evalResults[${bad}].passed: exceeds total`,
    });
  return { results: parsed.data, recommendations: [] };
}

function fromSummary(summary: EvalSummary): EvalEvidence {
  const results: EvalResult[] = [];
  for (const task of summary.tasks)
    for (const model of task.models)
      if (model.n > 0)
        results.push({
          taskType: task.taskType,
          model: model.model,
          ...(model.tier === undefined ? {} : { tier: model.tier }),
          passed: model.passes,
          total: model.n,
        });
  return { results, recommendations: summary.tasks.map(recommendationOf) };
}

function recommendationOf(task: TaskSummary): EvalRecommendation {
  return {
    taskType: task.taskType,
    bar: task.bar,
    tier: task.recommended.tier ?? null,
    model: task.recommended.model,
    cleared: task.recommended.cleared,
  };
}

function invalid(error: z.ZodError): BaselineError {
  const issue = error.issues[0];
  const path = formatIssuePath(issue?.path ?? [], "evalResults");
  return new BaselineError({
    code: BaselineErrorCode.invalidEvalResults,
    message: `${path}: ${issue?.message ?? "invalid"}`,
    cause: error,
  });
}
