import type { AnthropicUsage } from "@rightsize/contracts";

/** One priceable record read from a usage file. */
export interface UsageRecord {
  /** 1-based line number (1 for a single JSON document; the element number in a JSON array). */
  line: number;
  /** Model of the record, or undefined when the record is a bare usage object. */
  model: string | undefined;
  usage: AnthropicUsage;
  at: string | undefined;
}

/** Result of reading a usage file: records to price, lines that failed, results that carry no usage. */
export interface UsageRecords {
  records: UsageRecord[];
  invalid: { line: number; message: string }[];
  /** Batch result lines whose type is errored, canceled or expired (nothing billed). */
  skipped: number;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const usageKeys = ["input_tokens", "output_tokens", "cache_creation_input_tokens", "cache_read_input_tokens"];

/** Classifies one JSON value: a record, a skip (unbilled batch result), or an error message. */
function toRecord(value: unknown, line: number): UsageRecord | "skip" | string {
  if (!isObject(value)) return "expected a JSON object";
  // A Message Batches result line: {custom_id, result: {type, message}}.
  if (isObject(value.result) && typeof value.result.type === "string") {
    if (value.result.type !== "succeeded") return "skip";
    return toRecord(value.result.message, line);
  }
  const at = typeof value.at === "string" ? value.at : undefined;
  if (value.at !== undefined && at === undefined) return "at: expected a date string";
  if ("usage" in value) {
    if (!isObject(value.usage)) return "usage: expected an object";
    if (value.model !== undefined && typeof value.model !== "string") return "model: expected a string";
    return { line, model: value.model as string | undefined, usage: value.usage as AnthropicUsage, at };
  }
  if (usageKeys.some((key) => key in value))
    return { line, model: undefined, usage: value as AnthropicUsage, at };
  return 'expected a usage object, {"model", "usage", "at"?}, a Messages API response or a batch result line';
}

/**
 * Reads usage records from a file's text: one JSON document (a usage object, {model, usage, at?}, a
 * Messages API response, or an array of those) or JSON Lines of them; batch result lines are understood.
 * Parsing never throws: bad lines come back in `invalid` with their line numbers.
 */
export function parseUsageRecords(options: { text: string }): UsageRecords {
  const result: UsageRecords = { records: [], invalid: [], skipped: 0 };
  const add = (value: unknown, line: number) => {
    const record = toRecord(value, line);
    if (record === "skip") result.skipped++;
    else if (typeof record === "string") result.invalid.push({ line, message: record });
    else result.records.push(record);
  };
  const trimmed = options.text.trim();
  let whole: unknown;
  try {
    whole = JSON.parse(trimmed);
  } catch {
    whole = undefined;
  }
  if (whole !== undefined) {
    if (!Array.isArray(whole)) add(whole, 1);
    else {
      for (const [index, value] of whole.entries()) add(value, index + 1);
    }
    return result;
  }
  options.text.split(/\r?\n/).forEach((text, index) => {
    if (text.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      result.invalid.push({ line: index + 1, message: `not valid JSON (${(error as Error).message})` });
      return;
    }
    add(value, index + 1);
  });
  return result;
}
