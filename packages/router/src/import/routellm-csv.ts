import type { OutcomeLine } from "@rightsize/evals";
import { RouterError, RouterErrorCode } from "../router-error.js";

/**
 * Reads a RouteLLM per-prompt responses CSV (lm-sys/RouteLLM `routellm/evals/mmlu/responses/*.csv`:
 * `prompt,<model>,<model>` with True/False correctness per model) as outcome lines of the evals
 * package's format: score 1 or 0 per model, keyed by the column name. RFC 4180 quoting (fields
 * with commas, quotes and newlines).
 */
export function parseRouteLlmCsv(options: {
  text: string;
  taskType: string;
  idPrefix: string;
}): OutcomeLine[] {
  const rows = parseCsv(options.text);
  const header = rows.shift();
  const promptColumn = header?.indexOf("prompt") ?? -1;
  if (!header || promptColumn < 0)
    throw new RouterError({
      code: RouterErrorCode.insufficientOutcomes,
      message: 'the CSV has no "prompt" column',
    });
  const models = header.flatMap((name, column) => (column === promptColumn ? [] : [{ name, column }]));
  return rows
    .filter((row) => row.length === header.length)
    .map((row, index) => ({
      id: `${options.idPrefix}${index}`,
      taskType: options.taskType,
      prompt: row[promptColumn]!,
      models: Object.fromEntries(
        models.flatMap(({ name, column }) => {
          const cell = row[column]!.trim().toLowerCase();
          if (cell !== "true" && cell !== "false") return [];
          return [[name, { score: cell === "true" ? 1 : 0, pass: cell === "true" }]];
        }),
      ),
    }));
}

/** RFC 4180 rows: quoted fields may hold commas, doubled quotes and newlines. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index++;
      } else if (char === '"') quoted = false;
      else field += char;
      continue;
    }
    if (char === '"') quoted = true;
    else if (char === ",") {
      row.push(field);
      field = "";
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && text[index + 1] === "\n") index++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += char;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((cells) => !(cells.length === 1 && cells[0] === ""));
}
