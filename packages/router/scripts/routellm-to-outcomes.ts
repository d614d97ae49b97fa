// Converts RouteLLM's per-prompt responses (lm-sys/RouteLLM, routellm/evals/mmlu/responses/*.csv:
// prompt, mixtral-8x7b-instruct-v0.1, gpt-4-1106-preview as True/False) into an outcomes file
// `rightsize router train|evaluate` reads. The data is not in this repository (no network here);
// with the CSVs on disk:
//   ./dev node packages/router/scripts/routellm-to-outcomes.ts --task mmlu FILE.csv... > mmlu.jsonl
//   ./rightsize router train --outcomes train.jsonl --weak mixtral-8x7b-instruct-v0.1 --strong gpt-4-1106-preview --out r.json
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { parseArgs } from "node:util";
import "../../../scripts/ts-source-hooks.mjs";

const { parseRouteLlmCsv } = (await import(
  "../src/import/routellm-csv.js"
)) as typeof import("../src/import/routellm-csv.js");

const { values, positionals } = parseArgs({
  options: { task: { type: "string", default: "mmlu" } },
  allowPositionals: true,
});
for (const path of positionals) {
  const lines = parseRouteLlmCsv({
    text: readFileSync(path, "utf8"),
    taskType: values.task!,
    idPrefix: `${basename(path, ".csv")}-`,
  });
  for (const line of lines) process.stdout.write(`${JSON.stringify(line)}\n`);
}
