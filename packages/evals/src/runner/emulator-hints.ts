import type Anthropic from "@anthropic-ai/sdk";
import type { EvalRequest } from "../requests/request-line.js";

/**
 * The body field the bundled emulator reads (packages/emulator README, "Closed answers and
 * judges for evals"): the reference of a closed question and its kind's other answers, or the
 * request a judge call grades. Added only when the runner is told it talks to the emulator;
 * the real API refuses the field, so it can never reach a real model's prompt.
 */
export const EMULATOR_EVAL_FIELD = "emulator_eval";

const MAX_CHOICES = 50;

/** Per task type, the distinct closed references (labels, numbers): the plausible wrong answers. */
export function referenceChoices(requests: readonly EvalRequest[]): Map<string, unknown[]> {
  const choices = new Map<string, Map<string, unknown>>();
  for (const request of requests) {
    const reference = request.reference;
    if (typeof reference !== "string" && typeof reference !== "number" && typeof reference !== "boolean")
      continue;
    const seen = choices.get(request.taskType) ?? new Map<string, unknown>();
    choices.set(request.taskType, seen);
    if (seen.size < MAX_CHOICES) seen.set(JSON.stringify(reference), reference);
  }
  return new Map([...choices].map(([taskType, seen]) => [taskType, [...seen.values()]]));
}

/** The candidate's params with the emulator hint of its reference (when the line has one). */
export function withReferenceHint(
  params: Anthropic.MessageCreateParamsNonStreaming,
  request: EvalRequest,
  choices: readonly unknown[] | undefined,
): Anthropic.MessageCreateParamsNonStreaming {
  if (request.reference === undefined) return params;
  const hint = { reference: request.reference, ...(choices && choices.length > 0 ? { choices } : {}) };
  return { ...params, [EMULATOR_EVAL_FIELD]: hint } as Anthropic.MessageCreateParamsNonStreaming;
}

/** A judge call's params with the emulator hint naming the request it grades. */
export function withJudgingHint(
  params: Anthropic.MessageCreateParamsNonStreaming,
  judged: Anthropic.MessageCreateParamsNonStreaming,
): Anthropic.MessageCreateParamsNonStreaming {
  return {
    ...params,
    [EMULATOR_EVAL_FIELD]: { judging: judged },
  } as Anthropic.MessageCreateParamsNonStreaming;
}
