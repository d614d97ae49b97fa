import type Anthropic from "@anthropic-ai/sdk";
import { z } from "zod";
import { graderSchema } from "../graders/grader-schema.js";
import type { BadLine } from "../internal/jsonl-lines.js";
import { forEachJsonLine } from "../internal/jsonl-lines.js";
import { firstIssue } from "../internal/zod-issue.js";

/** A Messages create body as far as the eval needs to check it; the API checks the rest. */
const messagesParamsSchema = z.looseObject({
  model: z.string().min(1).optional(),
  max_tokens: z.int().min(1),
  messages: z.array(z.looseObject({ role: z.string(), content: z.unknown() })).min(1),
});

/** One line of an eval's requests file. */
export const requestLineSchema = z.strictObject({
  id: z.union([z.string().min(1), z.number()]).transform(String),
  taskType: z.string().min(1),
  /** Messages create params; `model` is replaced by each candidate's. */
  request: messagesParamsSchema,
  /** The expected answer, for graders that compare (exact, normalized, numeric, regex by default). */
  reference: z.unknown().optional(),
  /** This line's grader; otherwise the task type's from the graders file. */
  grader: graderSchema.optional(),
});

/** A validated request line. */
export interface EvalRequest {
  id: string;
  taskType: string;
  request: Anthropic.MessageCreateParamsNonStreaming;
  reference?: unknown;
  grader?: z.output<typeof graderSchema>;
  /** 1-based line number in the requests file. */
  line: number;
}

/** The requests of a file and the lines that could not be used (by number, with why). */
export interface RequestLines {
  requests: EvalRequest[];
  lines: number;
  bad: BadLine[];
}

/**
 * Parses an eval's requests (JSON lines). A bad line (not JSON, missing fields, a malformed
 * grader, an id seen before) is reported with its line number and left out; the rest run.
 */
export function parseRequestLines(options: { text: string }): RequestLines {
  const requests: EvalRequest[] = [];
  const seen = new Map<string, number>();
  const { lines, bad } = forEachJsonLine(options.text, (value, line) => {
    const parsed = requestLineSchema.safeParse(value);
    if (!parsed.success) return { line, reason: firstIssue(parsed.error) };
    const first = seen.get(parsed.data.id);
    if (first !== undefined)
      return { line, reason: `id: "${parsed.data.id}" was already used on line ${first}` };
    seen.set(parsed.data.id, line);
    const { request, ...rest } = parsed.data;
    requests.push({
      ...rest,
      request: request as unknown as Anthropic.MessageCreateParamsNonStreaming,
      line,
    });
    return null;
  });
  return { requests, lines, bad };
}

/** The prompt as plain text (system, then each message's text), for outcomes and router training. */
export function promptText(request: Anthropic.MessageCreateParamsNonStreaming): string {
  const parts: string[] = [];
  const system = request.system;
  if (typeof system === "string") parts.push(system);
  else if (Array.isArray(system)) for (const block of system) parts.push(block.text);
  for (const message of request.messages) {
    if (typeof message.content === "string") parts.push(message.content);
    else for (const block of message.content) if (block.type === "text") parts.push(block.text);
  }
  return parts.filter((part) => part !== "").join("\n\n");
}
