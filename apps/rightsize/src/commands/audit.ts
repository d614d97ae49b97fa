import { formatUsd, usdToPico } from "@rightsize/contracts";
import { loadRouterFile } from "@rightsize/policy";
import type { Command } from "commander";
import { sampleRequests } from "../audit/audit-sources.js";
import { auditTaskMix, type ClassFigures, type TaskMix } from "../audit/task-mix.js";
import { usageError } from "../cli-error.js";
import { integerOption } from "../integer-option.js";
import { formatTable, printJson } from "../output.js";

interface AuditOptions {
  input: string[];
  sample: string;
  seed: string;
  complexAt: string;
  router?: string;
  json?: boolean;
}

/** Registers `rightsize audit`: the task mix of a sample of traffic. */
export function registerAuditCommand(program: Command): void {
  program
    .command("audit")
    .description(
      "Sample requests and classify them by task type and routine vs complex, with shares and spend per class",
    )
    .requiredOption(
      "-i, --input <files...>",
      "OTLP span files, request logs (JSONL/CSV, gzip ok), or requests files (eval request lines or Messages bodies, one per line)",
    )
    .option("--sample <n>", "requests to sample (seeded, uniform over all inputs)", "500")
    .option("--seed <n>", "sampling seed", "1")
    .option(
      "--complex-at <score>",
      "a request is complex when its complexity score is at or above this",
      "0.5",
    )
    .option(
      "--router <file>",
      "a trained router file as the complexity scorer of prompts (rightsize router train): complexity = P(its cheap tier fails)",
    )
    .option("--json", "print the audit as JSON")
    .action(async (options: AuditOptions) => {
      // A router file that will not load is refused before any input is read (exit 1, naming it).
      const router = options.router === undefined ? undefined : await loadRouterFile(options.router);
      const size = integerOption(options.sample, { flag: "--sample", minimum: 1, maximum: 10_000_000 });
      const seed = integerOption(options.seed, { flag: "--seed", minimum: 0, maximum: 2 ** 32 - 1 });
      const complexAt = Number(options.complexAt);
      if (!(complexAt > 0 && complexAt <= 1))
        throw usageError(`--complex-at must be in (0, 1], got "${options.complexAt}"`);
      let bad = 0;
      const sampled = await sampleRequests({
        paths: options.input,
        size,
        seed,
        onBadLine: (file, line, reason) => {
          if (bad++ < 20) process.stderr.write(`${file}:${line}: skipped: ${reason}\n`);
        },
      });
      if (sampled.population === 0) throw usageError("--input: no requests in the input");
      const mix = auditTaskMix({ ...sampled, seed, complexAt, router });
      if (options.json) printJson(mix);
      else process.stdout.write(`${auditText(mix)}\n`);
    });
}

function auditText(mix: TaskMix): string {
  const sources = mix.files.map(
    (file) =>
      `${file.path} (${file.kind}, ${file.requests} requests${file.bad ? `, ${file.bad} bad lines` : ""}` +
      `${file.escalatedAway ? `, ${file.escalatedAway} attempts escalated away` : ""})`,
  );
  const percent = (share: number | null) => (share === null ? "" : `${(share * 100).toFixed(1)}%`);
  const money = (usd: string | null) => (usd === null ? "n/a" : formatUsd(usdToPico(usd), { decimals: 4 }));
  const row = (name: string, figures: ClassFigures, cells: string[]) => [
    name,
    String(figures.requests),
    percent(figures.share),
    ...cells,
    money(figures.spendUsd),
    percent(figures.spendShare),
  ];
  const rows = mix.tasks.map((task) =>
    row(task.taskType, task, [String(task.routine), String(task.complex), String(task.unscored)]),
  );
  const total = {
    requests: mix.sampled,
    share: 1,
    spendUsd: mix.spend.totalUsd,
    spendShare: mix.spend.totalUsd === null ? null : 1,
  };
  rows.push(
    row("total", total, [
      String(mix.classes.routine.requests),
      String(mix.classes.complex.requests),
      String(mix.classes.unscored.requests),
    ]),
  );
  const table = formatTable(
    ["task type", "requests", "share", "routine", "complex", "unscored", "spend", "spend share"],
    rows,
  );
  const routine = mix.routine;
  const lines = [
    `audit: ${mix.sampled} of ${mix.population} requests sampled (seed ${mix.seed}) from ${sources.join(", ")}`,
    "",
    table,
    "",
    `by class: routine ${mix.classes.routine.requests} (${money(mix.classes.routine.spendUsd)}), ` +
      `complex ${mix.classes.complex.requests} (${money(mix.classes.complex.spendUsd)}), ` +
      `unscored ${mix.classes.unscored.requests} (${money(mix.classes.unscored.spendUsd)}); complex = complexity >= ${mix.complexAt}`,
    routine.share === null
      ? "routine share: unknown (no complexity scores in the sample)"
      : `routine share: ${percent(routine.share)} of ${routine.scored} scored (95% CI ${percent(routine.lower)}-${percent(routine.upper)})`,
    `rule of thumb: ${mix.ruleOfThumb.statement}`,
    ...mix.notes.map((note) => `note: ${note}`),
  ];
  return lines.join("\n");
}
