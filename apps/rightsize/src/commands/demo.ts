import { mkdir } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { buildReport, type ReportFigures, toFocusCsv } from "@rightsize/baseline";
import { type Command, InvalidArgumentError } from "commander";
import { printJson } from "../output.js";
import { formatPercent } from "../report/format.js";
import { writeReportPdf, writeTextFile } from "../report/write-report-files.js";
import type { SimulationResult } from "../simulate/run-simulation.js";
import { commitmentAskLines } from "./report.js";
import { formatSimulation, policyFromOption, simulate, workloadFromOptions } from "./simulate.js";

interface DemoCommandOptions {
  workload?: string;
  policy?: string;
  days?: number;
  requestsPerDay?: number;
  out: string;
  json?: boolean;
}

export interface DemoResult {
  simulation: SimulationResult;
  period: string;
  files: { pdf: string; json: string; focus: string; spans: { before: string; after: string } };
  figures: ReportFigures;
}

function positiveInteger(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1)
    throw new InvalidArgumentError(`expected a positive whole number, got "${text}"`);
  return value;
}

/** "2026-Q3" when the simulated days sit in one calendar quarter, else an explicit date range. */
export function periodOf(start: string, days: number): string {
  const first = new Date(`${start}T00:00:00Z`);
  const last = new Date(first.getTime() + (days - 1) * 86_400_000);
  const quarter = (date: Date) => `${date.getUTCFullYear()}-Q${Math.floor(date.getUTCMonth() / 3) + 1}`;
  if (quarter(first) === quarter(last)) return quarter(first);
  return `${start}..${last.toISOString().slice(0, 10)}`;
}

/**
 * The main job: simulate a quarter of enterprise traffic before and after the policy, then build
 * the commitment-baseline report from the recorded spans (the "before" run is today's spend, the
 * "after" run is measured under the policy).
 */
export async function runDemo(options: DemoCommandOptions): Promise<DemoResult> {
  const outDir = resolve(options.out);
  await mkdir(outDir, { recursive: true });
  const workload = await workloadFromOptions(options);
  const policy = await policyFromOption(options.policy);
  const simulation = await simulate({ ...options, out: outDir });
  const period = periodOf(workload.period.start, workload.period.days);
  process.stderr.write(
    `report: building ${period} from ${relative(process.cwd(), simulation.files.before)}\n`,
  );
  const figures = await buildReport({
    // The usage report is the provider's bill for the same traffic: the report reconciles against it.
    inputs: [simulation.files.before, simulation.files.beforeUsage],
    measured: [simulation.files.after],
    period,
    policy,
    policySource: options.policy ?? "bundled default policy (support-pipeline)",
    baselineModel: workload.baselineModel,
  });
  const stem = join(outDir, `baseline-${period.replace("..", "_")}`);
  const files = {
    pdf: `${stem}.pdf`,
    json: `${stem}.json`,
    focus: `${stem}.focus.csv`,
    spans: { before: simulation.files.before, after: simulation.files.after },
  };
  await writeReportPdf({ figures, path: files.pdf });
  await writeTextFile({ path: files.json, text: `${JSON.stringify(figures, null, 2)}\n` });
  await writeTextFile({ path: files.focus, text: toFocusCsv({ figures }) });
  return { simulation, period, files, figures };
}

function formatDemo(result: DemoResult): string {
  const { runRates, commitment } = result.figures;
  const recommended = commitment.levels.find((level) => level.label === commitment.recommended);
  const measured = result.figures.measured;
  const where = (path: string) => relative(process.cwd(), path) || path;
  return [
    formatSimulation(result.simulation),
    "",
    `${result.period} commitment baseline:`,
    `  current run-rate (before)    ${runRates.current.monthly.usd}/month`,
    ...(measured
      ? [
          `  measured run-rate (after)    ${measured.runRate.monthly.usd}/month, saving ${measured.savings.monthly.usd}/month (${formatPercent(measured.savingsShareOfCurrent)})`,
        ]
      : []),
    `  projected by replay          ${runRates.optimized.monthly.usd}/month, saving ${formatPercent(runRates.savingsShareOfCurrent)}`,
    ...(recommended
      ? [
          `  optimized spend reaches      ${recommended.annual.usd}/year with ${formatPercent(recommended.confidence, 0)} probability (${recommended.label}; range ${commitment.range.low.usd} – ${commitment.range.high.usd})`,
        ]
      : []),
    ...commitmentAskLines(result.figures).map((line) => `  ${line}`),
    "",
    `Wrote ${where(result.files.pdf)}`,
    `      ${where(result.files.json)}`,
    `      ${where(result.files.focus)}`,
  ].join("\n");
}

export function registerDemoCommand(program: Command): void {
  program
    .command("demo")
    .description(
      "the whole product on one machine: simulate a quarter before and after the policy, then the commitment-baseline PDF",
    )
    .option("--workload <file>", "workload YAML (default: the bundled enterprise mix)")
    .option(
      "--policy <file>",
      "policy for the after run and the replay (default: the bundled default policy)",
    )
    .option("--days <n>", "days to simulate (default: the workload's quarter)", positiveInteger)
    .option("--requests-per-day <n>", "weekday requests at the start of the period", positiveInteger)
    .option("--out <dir>", "output directory", "out")
    .option("--json", "print the report figures as JSON on stdout")
    .action(async (options: DemoCommandOptions) => {
      const result = await runDemo(options);
      if (options.json) printJson(result.figures);
      else process.stdout.write(`${formatDemo(result)}\n`);
      if (!result.simulation.quality.held) process.exitCode = 1;
    });
}
