import type { Message } from "@anthropic-ai/sdk/resources/messages";
import { formatIssuePath } from "@rightsize/contracts";

/** Anything with zod's `safeParse` (zod 4 schemas, and libraries that mimic it). */
export interface OutputSchema {
  safeParse(data: unknown): {
    success: boolean;
    error?: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> };
  };
}

/** A caller's check of a response: true passes; false or a string (the reason) fails it. */
export type MessageValidator = (message: Message) => boolean | string | Promise<boolean | string>;

export type CheckResult = { ok: true } | { ok: false; reason: string };

/** The text of a response's text blocks, concatenated. */
export function messageText(message: Message): string {
  let text = "";
  for (const block of message.content) if (block.type === "text") text += block.text;
  return text;
}

/** Strips a Markdown code fence (```json ... ```) that models often wrap JSON in. */
function unfence(text: string): string {
  const fenced = /^\s*```[a-zA-Z]*\s*\n([\s\S]*?)\n?```\s*$/.exec(text);
  return (fenced?.[1] ?? text).trim();
}

/** Parses the response text as JSON and validates it; the reason names the first failing path. */
export function checkSchema(options: { message: Message; schema: OutputSchema }): CheckResult {
  let value: unknown;
  try {
    value = JSON.parse(unfence(messageText(options.message)));
  } catch (error) {
    return { ok: false, reason: `schema: response is not JSON (${(error as Error).message})` };
  }
  const result = options.schema.safeParse(value);
  if (result.success) return { ok: true };
  const issue = result.error?.issues[0];
  const where = issue ? formatIssuePath(issue.path) || "(root)" : "(root)";
  return { ok: false, reason: `schema: ${where}: ${issue?.message ?? "invalid"}` };
}

/**
 * The checks an attempt must pass to end the escalation: a complete, non-refused answer; valid
 * structured output when the caller gave a schema; the caller's own validator. The first failure
 * is the escalation reason.
 */
export async function checkAttempt(options: {
  message: Message;
  schema?: OutputSchema | undefined;
  validate?: MessageValidator | undefined;
  /** The request asked for JSON output (`output_config.format`): the text must at least parse. */
  jsonRequested?: boolean | undefined;
}): Promise<CheckResult> {
  const { message } = options;
  if (message.stop_reason === "max_tokens") return { ok: false, reason: "stop_reason max_tokens" };
  if (message.stop_reason === "refusal") return { ok: false, reason: "stop_reason refusal" };
  if (options.schema) {
    const result = checkSchema({ message, schema: options.schema });
    if (!result.ok) return result;
  } else if (options.jsonRequested) {
    const result = checkSchema({ message, schema: { safeParse: () => ({ success: true }) } });
    if (!result.ok) return result;
  }
  if (options.validate) {
    let verdict: boolean | string;
    try {
      verdict = await options.validate(message);
    } catch (error) {
      return { ok: false, reason: `validator threw: ${(error as Error)?.message ?? String(error)}` };
    }
    if (verdict === false) return { ok: false, reason: "validator rejected the response" };
    if (typeof verdict === "string") return { ok: false, reason: `validator: ${verdict}` };
  }
  return { ok: true };
}

/** Whether a request asks for structured JSON output (`output_config.format`, or the beta `output_format`). */
export function requestsJson(params: Record<string, unknown>): boolean {
  const config = params.output_config as { format?: { type?: string } } | undefined;
  const beta = params.output_format as { type?: string } | undefined;
  return config?.format?.type === "json_schema" || beta?.type === "json_schema";
}
