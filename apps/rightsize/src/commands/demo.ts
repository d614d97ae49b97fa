import { mkdir } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { buildReport, type ReportFigures, toFocusCsv } from "@rightsize/baseline";
import { type Command, InvalidArgumentError } from "commander";
import { type DemoEvidence, demoMethod } from "../demo/demo-method.js";
import { printJson } from "../output.js";
import { formatPercent } from "../report/format.js";
import { writeReportPdf, writeTextFile } from "../report/write-report-files.js";
import type { SimulationResult } from "../simulate/run-simulation.js";
import { commitmentAskLines } from "./report.js";
import { formatSimulation, simulate, workloadFromOptions } from "./simulate.js";

interface DemoCommandOptions {
  workload?: string;
  policy?: string;
  days?: number;
  requestsPerDay?: number;
  /** Requests per task type in the shadow eval of the before traffic. */
  evalSample?: number;
  /** Share of the after run's answers the continuous shadow eval re-runs. */
  shadowSample?: number;
  out: string;
  json?: boolean;
}

export interface DemoResult {
  simulation: SimulationResult;
  /** The method's steps: the audit, the shadow eval, the recommended policy, the continuous eval. */
  evidence: DemoEvidence;
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

function share(text: string): number {
  const value = Number(text);
  if (!(value > 0 && value <= 1)) throw new InvalidArgumentError(`expected a share in (0, 1], got "${text}"`);
  return value;
}

/**
 * The main job, following the method: simulate a quarter of enterprise traffic as it runs today
 * (before), audit its task mix, shadow-eval a sample of it on every tier, write the policy the
 * evidence recommends, run the quarter again under it with the continuous shadow eval on (after),
 * then build the commitment-baseline report from the recorded spans with the eval as its per-task
 * evidence and the after run's continuous eval as its quality over time.
 */
export async function runDemo(options: DemoCommandOptions): Promise<DemoResult> {
  const outDir = resolve(options.out);
  await mkdir(outDir, { recursive: true });
  const workload = await workloadFromOptions(options);
  const method = demoMethod({
    workload,
    policyPath: options.policy,
    outDir,
    evalSamplePerTask: options.evalSample ?? 200,
    shadowSample: options.shadowSample ?? 0.03,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  const simulation = await simulate({ ...options, out: outDir, prepareAfter: method.prepareAfter });
  const evidence = method.evidence();
  const policy = evidence.recommendedPolicy.policy;
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
    policySource: `${relative(process.cwd(), evidence.recommendedPolicy.path)} (recommended by the shadow eval from ${options.policy ?? "the bundled default policy"})`,
    baselineModel: workload.baselineModel,
    evalResults: evidence.eval.summary,
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
  return { simulation, evidence, period, files, figures };
}

function formatDemo(result: DemoResult): string {
  const { runRates, commitment } = result.figures;
  const recommended = commitment.levels.find((level) => level.label === commitment.recommended);
  const measured = result.figures.measured;
  const where = (path: string) => relative(process.cwd(), path) || path;
  const { evidence } = result;
  const percent = (value: number | null) => (value === null ? "n/a" : formatPercent(value));
  return [
    `1. audit (before traffic): ${evidence.audit.sampled} sampled; ${evidence.audit.ruleOfThumb.statement}`,
    `2. shadow eval: ${evidence.evalRequests} requests on every tier, eval cost $${evidence.eval.cost.usd}`,
    ...evidence.changes.map((change) => `     ${change}`),
    `3. recommended policy: ${where(evidence.recommendedPolicy.path)} (${evidence.recommendedPolicy.policy.name} ${evidence.recommendedPolicy.policy.version})`,
    `4. after run under it, continuous shadow eval on ${percent(evidence.continuous.sample)} of answers: ` +
      `${evidence.continuous.verdicts} verdicts, ${evidence.continuous.alerts.length} regression alerts, ` +
      `quality assurance ${measured?.qualityAssurance?.cost.usd ?? "$0"}`,
    "",
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
      "the whole method on one machine: a simulated quarter as it runs today, its task-mix audit, a shadow eval of the tiers, the policy the evidence recommends, the quarter again under it with continuous shadow eval, and the commitment-baseline PDF",
    )
    .option("--workload <file>", "workload YAML (default: the bundled enterprise mix)")
    .option(
      "--policy <file>",
      "policy for the after run and the replay (default: the bundled default policy)",
    )
    .option("--days <n>", "days to simulate (default: the workload's quarter)", positiveInteger)
    .option("--requests-per-day <n>", "weekday requests at the start of the period", positiveInteger)
    .option("--eval-sample <n>", "requests per task type in the shadow eval (default 200)", positiveInteger)
    .option(
      "--shadow-sample <share>",
      "share of the after run's answers re-run by the continuous shadow eval (default 0.03)",
      share,
    )
    .option("--out <dir>", "output directory", "out")
    .option("--json", "print the report figures as JSON on stdout")
    .action(async (options: DemoCommandOptions) => {
      const result = await runDemo(options);
      if (options.json) printJson(result.figures);
      else process.stdout.write(`${formatDemo(result)}\n`);
      if (!result.simulation.quality.held) process.exitCode = 1;
    });
}
