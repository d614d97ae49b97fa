import { formatIssuePath } from "@rightsize/contracts";
import { z } from "zod";
import { BaselineError, BaselineErrorCode } from "./errors.js";

/** Shadow-eval results: how often a task type passed on a model or tier. */
export const evalResultSchema = z.object({
  taskType: z.string().min(1),
  model: z.string().min(1).optional(),
  tier: z.string().min(1).optional(),
  passed: z.number().int().nonnegative(),
  total: z.number().int().positive(),
});
export type EvalResult = z.infer<typeof evalResultSchema>;

const evalResultsSchema = z.union([
  z.array(evalResultSchema),
  z.object({ results: z.array(evalResultSchema) }).transform((value) => value.results),
]);

/** Validate eval results (an array, or `{ results: [...] }`); errors name the path. */
export function parseEvalResults(input: unknown): EvalResult[] {
  const parsed = evalResultsSchema.safeParse(input);
  if (parsed.success) {
    const bad = parsed.data.findIndex((row) => row.passed > row.total);
    if (bad === -1) return parsed.data;
    throw new BaselineError({
      code: BaselineErrorCode.invalidEvalResults,
      message: `evalResults[${bad}].passed: exceeds total`,
    });
  }
  const issue = parsed.error.issues[0];
  const path = formatIssuePath(issue?.path ?? [], "evalResults");
  throw new BaselineError({
    code: BaselineErrorCode.invalidEvalResults,
    message: `${path}: ${issue?.message ?? "invalid"}`,
    cause: parsed.error,
  });
}

/**
 * Lower bound of the Wilson score interval (95% by default) for `passed` of `total`.
 * @example wilsonLowerBound({ passed: 95, total: 100 }) // ≈ 0.8882
 */
export function wilsonLowerBound(options: { passed: number; total: number; z?: number }): number {
  const { passed, total } = options;
  if (total === 0) return 0;
  const z = options.z ?? 1.959963984540054;
  const p = passed / total;
  const z2 = z * z;
  const centre = p + z2 / (2 * total);
  const margin = z * Math.sqrt((p * (1 - p)) / total + z2 / (4 * total * total));
  return Math.max(0, (centre - margin) / (1 + z2 / total));
}
