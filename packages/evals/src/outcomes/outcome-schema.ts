import { z } from "zod";

/**
 * One model's graded outcome on one request. Only `score` is required, so outcomes graded
 * elsewhere can be imported; `pass` defaults to `score >= 0.5`.
 */
export const modelOutcomeSchema = z.object({
  score: z.number().min(0).max(1),
  pass: z.boolean().optional(),
  inputTokens: z.int().nonnegative().optional(),
  outputTokens: z.int().nonnegative().optional(),
  /** The answer's list cost in USD (exact to the pico-dollar: at most 12 decimals). */
  costUsd: z.number().nonnegative().optional(),
  latencyMs: z.number().nonnegative().optional(),
  /** Set when the answer could not be had or graded: the outcome is not counted in n. */
  error: z.string().optional(),
  /** What grading cost on top of the answer (a judge call), USD. Not part of the model's cost per request. */
  judgeCostUsd: z.number().nonnegative().optional(),
});

/** One line of `outcomes.jsonl`: a request and its outcome per tier or model. */
export const outcomeLineSchema = z.object({
  id: z.union([z.string().min(1), z.number()]).transform(String),
  taskType: z.string().min(1),
  /** The request's prompt text (system and messages), for router training; omitted with --no-prompt. */
  prompt: z.string().optional(),
  /** Keyed by tier name (`haiku`) or model id (`claude-haiku-5-5`), as the eval ran them. */
  models: z.record(z.string().min(1), modelOutcomeSchema),
});

export type ModelOutcome = z.output<typeof modelOutcomeSchema>;
export type OutcomeLine = z.output<typeof outcomeLineSchema>;

/** The pass/fail of an outcome: its `pass`, else whether its score reaches one half. */
export function outcomePassed(outcome: ModelOutcome): boolean {
  return outcome.pass ?? outcome.score >= 0.5;
}
