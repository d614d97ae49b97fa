import { z } from "zod";

/** One tier or model's figures on one task type. */
export const summaryModelSchema = z.object({
  tier: z.string().optional(),
  model: z.string(),
  /** Graded outcomes (errors excluded). */
  n: z.int().nonnegative(),
  passes: z.int().nonnegative(),
  passRate: z.number().min(0).max(1),
  /** The 95% Wilson interval of the pass rate. */
  lower: z.number().min(0).max(1),
  upper: z.number().min(0).max(1),
  /** The mean list cost of an answer, USD (exact to the pico-dollar). */
  costPerRequestUsd: z.number().nonnegative().optional(),
  /** Outcomes that could not be had or graded (not in n). */
  errors: z.int().nonnegative().optional(),
});

/** The summary of an eval (`summary.json`): per task type, every model's figures and the recommendation. */
export const summarySchema = z.object({
  tasks: z.array(
    z.object({
      taskType: z.string(),
      /** The pass rate the recommended model's lower bound must reach. */
      bar: z.number().min(0).max(1),
      /** `graders`: the task's bar from the graders file; `tolerance`: the strongest model's pass rate minus the policy's qualityTolerance. */
      barSource: z.enum(["graders", "tolerance"]).optional(),
      /** Cheapest first. */
      models: z.array(summaryModelSchema),
      /** The cheapest model whose lower bound clears the bar; the strongest (cleared: false) when none does. */
      recommended: z.object({ tier: z.string().optional(), model: z.string(), cleared: z.boolean() }),
    }),
  ),
  /** What the eval itself cost (answers and judge calls), when it was run rather than imported. */
  evalCost: z
    .object({
      usd: z.string(),
      pico: z.string(),
      calls: z.int().nonnegative(),
      judgeCalls: z.int().nonnegative(),
    })
    .optional(),
});

export type EvalSummary = z.output<typeof summarySchema>;
export type TaskSummary = EvalSummary["tasks"][number];
export type ModelSummary = z.output<typeof summaryModelSchema>;
