import { readFile } from "node:fs/promises";
import { EvalsError, EvalsErrorCode } from "../evals-error.js";
import { type BadLine, forEachJsonLine } from "../internal/jsonl-lines.js";
import { firstIssue } from "../internal/zod-issue.js";
import { type OutcomeLine, outcomeLineSchema } from "./outcome-schema.js";

/** Outcomes read from a file: merged by id, with the lines that could not be used. */
export interface OutcomeRecords {
  /** One per request id, in order of first appearance. */
  outcomes: OutcomeLine[];
  /** Non-blank lines read. */
  lines: number;
  bad: BadLine[];
}

/**
 * Parses outcomes JSON lines. Lines with the same id merge (a later line's models override an
 * earlier one's, key by key), so an eval appending one line per graded answer, outcomes from
 * several runs, or outcomes imported from elsewhere all read as one record per request.
 * A bad line is counted with its number and reading goes on.
 */
export function parseOutcomes(options: { text: string }): OutcomeRecords {
  const byId = new Map<string, OutcomeLine>();
  const { lines, bad } = forEachJsonLine(options.text, (value, line) => {
    const parsed = outcomeLineSchema.safeParse(value);
    if (!parsed.success) return { line, reason: firstIssue(parsed.error) };
    mergeOutcome(byId, parsed.data);
    return null;
  });
  return { outcomes: [...byId.values()], lines, bad };
}

/** Reads and parses an outcomes file (see `parseOutcomes`); a missing file is an error. */
export async function readOutcomesFile(path: string): Promise<OutcomeRecords> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    throw new EvalsError({
      code: EvalsErrorCode.io,
      message: `cannot read ${path}: ${(cause as Error).message}`,
      cause,
    });
  }
  return parseOutcomes({ text });
}

/** Adds a line into `byId`, merging its models into an earlier line of the same id. */
export function mergeOutcome(byId: Map<string, OutcomeLine>, line: OutcomeLine): void {
  const earlier = byId.get(line.id);
  if (!earlier) {
    byId.set(line.id, { ...line, models: { ...line.models } });
    return;
  }
  earlier.taskType = line.taskType;
  if (line.prompt !== undefined) earlier.prompt = line.prompt;
  Object.assign(earlier.models, line.models);
}
