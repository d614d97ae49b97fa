import { z } from "zod";

/**
 * The body field an eval harness adds, only when it talks to the emulator, to say what the
 * model cannot know: the reference answer of a closed question, the plausible answers of its
 * kind, or the request whose answer a judge call grades. The emulator takes it out of the body
 * before anything else reads the request, so it changes neither the prompt, nor its tokens, nor
 * its cache key, nor the oracle's verdict: only the words of the answer. The real API refuses
 * the field (`emulator_eval: Extra inputs are not permitted`), so a harness that sent it there
 * by mistake fails loudly instead of leaking an answer key into a prompt.
 */
export const EVAL_HINT_FIELD = "emulator_eval";

const evalHintSchema = z.strictObject({
  /** The closed question's expected answer: a label, a number, a boolean or a JSON value. */
  reference: z.unknown().optional(),
  /** Other answers of the same kind (the task's label set): where a wrong answer is drawn from. */
  choices: z.array(z.unknown()).max(1000).optional(),
  /** A judge call: the Messages request whose answer is being graded (as the candidate sent it). */
  judging: z.record(z.string(), z.unknown()).optional(),
});

/** What the eval harness told the emulator about one request. */
export type EvalHint = z.infer<typeof evalHintSchema>;

/** The body without the hint field, and the hint (null when absent), or why the hint is invalid. */
export type TakenEvalHint =
  | { ok: true; body: unknown; hint: EvalHint | null }
  | { ok: false; message: string };

/** Takes the `emulator_eval` field out of a request body (the body object is not modified). */
export function takeEvalHint(body: unknown): TakenEvalHint {
  if (typeof body !== "object" || body === null || Array.isArray(body) || !(EVAL_HINT_FIELD in body))
    return { ok: true, body, hint: null };
  const { [EVAL_HINT_FIELD]: raw, ...rest } = body as Record<string, unknown>;
  const parsed = evalHintSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = [EVAL_HINT_FIELD, ...(issue?.path ?? [])].join(".");
    return { ok: false, message: `${path}: ${issue?.message ?? "invalid"}` };
  }
  return { ok: true, body: rest, hint: parsed.data };
}
