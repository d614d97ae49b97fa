import { basename, resolve } from "node:path";
import { isMainThread, workerData } from "node:worker_threads";
import {
  BaselineError,
  BaselineErrorCode,
  buildReport,
  DEFAULT_DISCOUNT_SCHEDULE,
  type DiscountSchedule,
  parseDiscountSchedule,
  type ReportFigures,
  toFocusCsv,
} from "@rightsize/baseline";
import { type Command, Option } from "commander";
import { usageError } from "../cli-error.js";
import { loadRatesFile, readStructuredFile, STRUCTURED_FILE_RULE } from "../option-files.js";
import { formatTable, printJson } from "../output.js";
import { formatCount, formatDecimalUsd, formatPercent, missingFactsWarning } from "../report/format.js";
import { loadPolicyOption } from "../report/load-report-inputs.js";
import type { PaperSize } from "../report/pdf/typography.js";
import { createProgressReporter, type Throughput } from "../report/progress-reporter.js";
import { writeReportPdf, writeTextFile } from "../report/write-report-files.js";

interface ReportCommandOptions {
  input: string[];
  measured?: string[];
  period?: string;
  policy?: string;
  baselineModel?: string;
  out?: string;
  json?: boolean;
  focus?: string;
  rates?: string;
  evals?: string;
  discounts?: string;
  overageRate?: "list" | "discounted";
  paper: PaperSize;
}

/** Where the command wrote something, for the closing lines. */
interface WrittenFile {
  kind: "PDF" | "FOCUS CSV";
  path: string;
  detail: string;
}

/** `rightsize report`: usage files in, the procurement PDF (and JSON, FOCUS CSV) out. */
export function registerReportCommand(program: Command): void {
  program
    .command("report")
    .description(
      "Turn a quarter of usage (OTLP spans, request logs, Admin usage/cost reports) into the commitment-baseline PDF",
    )
    .requiredOption("-i, --input <files...>", "usage files (format detected; .gz accepted)")
    .option(
      "--measured <files...>",
      "OTLP span files of a run under the policy (the 'after'): adds a measured before-vs-after comparison",
    )
    .option(
      "--period <period>",
      "reporting period: 2026-Q3, 2026-07, 2026 or 2026-07-01..2026-09-30 (default: observed days)",
    )
    .option("--policy <file>", "candidate policy file (YAML or JSON; default: the bundled default policy)")
    .option(
      "--baseline-model <model>",
      "baseline model (default: the most expensive model seen in the input)",
    )
    .option("-o, --out <file>", "PDF to write (default: rightsize-report.pdf unless --json is given)")
    .option(
      "--json",
      "print the report figures as JSON on stdout (the PDF is still written when --out is given)",
    )
    .option("--focus <file>", "also write the FinOps FOCUS CSV export")
    .option("--rates <file>", "contracted rates to show beside list prices (see Files below)")
    .option("--evals <file>", "shadow-eval results per task type (see Files below)")
    .option(
      "--discounts <file>",
      "discount schedule: commitment level -> discount, priced into the commitment scenarios (default: an assumed schedule, labelled as such)",
    )
    .addOption(
      new Option(
        "--overage-rate <rate>",
        "rate usage above the commitment is billed at (default: the schedule's, else list)",
      ).choices(["list", "discounted"]),
    )
    .addOption(
      new Option("--paper <size>", "paper size of the PDF").choices(["letter", "a4"]).default("letter"),
    )
    .addHelpText(
      "after",
      "\nExamples:\n  rightsize report --input spans/*.jsonl.gz cost-report.json --period 2026-Q3 --out q3.pdf --focus q3.csv\n" +
        "  rightsize report --input out/before.otlp.jsonl --measured out/after.otlp.jsonl --period 2026-Q3 --out q3.pdf\n" +
        `\nFiles: --rates, --evals and --discounts are ${STRUCTURED_FILE_RULE}.\n` +
        '--discounts: {source?: "Anthropic quote 2026-09", overage?: list|discounted, tiers: [{minCommitUsd: 100000, discountPct: 8}, ...]}',
    )
    .action(async (options: ReportCommandOptions) => {
      await runReport(options);
    });
}

async function runReport(options: ReportCommandOptions): Promise<void> {
  const outPath = options.out ?? (options.json ? undefined : "rightsize-report.pdf");
  const [policy, rates, evalResults, discountFile] = await Promise.all([
    options.policy ? loadPolicyOption(options.policy) : undefined,
    options.rates ? loadRatesFile(options.rates) : undefined,
    options.evals ? readStructuredFile({ path: options.evals, option: "--evals" }) : undefined,
    options.discounts ? readStructuredFile({ path: options.discounts, option: "--discounts" }) : undefined,
  ]);
  const discounts = discountSchedule({
    file: discountFile,
    path: options.discounts,
    overage: options.overageRate,
  });
  const progress = createProgressReporter({ stream: process.stderr, enabled: stderrIsTerminal() });
  let figures: ReportFigures;
  const written: WrittenFile[] = [];
  try {
    figures = await buildReport({
      inputs: options.input,
      ...(options.measured ? { measured: options.measured } : {}),
      ...(options.period ? { period: options.period } : {}),
      ...(policy ? { policy, policySource: options.policy } : {}),
      ...(options.baselineModel ? { baselineModel: options.baselineModel } : {}),
      ...(rates ? { rates } : {}),
      ...(evalResults === undefined ? {} : { evalResults }),
      discounts,
      onProgress: (update) => progress.update(update),
    });
    if (outPath) {
      progress.stage("Rendering PDF");
      const rendered = await writeReportPdf({ figures, path: outPath, paper: options.paper });
      written.push({
        kind: "PDF",
        path: outPath,
        detail: `${rendered.pages} pages, ${kilobytes(rendered.bytes)}`,
      });
    }
    if (options.focus) {
      progress.stage("Writing FOCUS CSV");
      const bytes = await writeTextFile({ path: options.focus, text: toFocusCsv({ figures }) });
      written.push({ kind: "FOCUS CSV", path: options.focus, detail: kilobytes(bytes) });
    }
  } catch (error) {
    throw asCliError(error);
  } finally {
    progress.stop();
  }
  const closing = closingLines({ figures, written, throughput: progress.throughput() });
  if (options.json) {
    printJson(figures);
    process.stderr.write(`${closing.join("\n")}\n`);
  } else {
    process.stdout.write(`${summaryTable(figures)}\n\n${closing.join("\n")}\n`);
  }
}

/** The schedule from --discounts (or the assumed default), with --overage-rate applied. */
function discountSchedule(options: {
  file: unknown;
  path: string | undefined;
  overage: "list" | "discounted" | undefined;
}): DiscountSchedule {
  let schedule = DEFAULT_DISCOUNT_SCHEDULE;
  if (options.file !== undefined) {
    try {
      schedule = parseDiscountSchedule(options.file, basename(options.path ?? "--discounts"));
    } catch (error) {
      throw asCliError(error);
    }
  }
  return options.overage === undefined ? schedule : { ...schedule, overage: options.overage };
}

/** On the worker thread cli.ts runs the report on, stderr is a pipe to the main thread's. */
function stderrIsTerminal(): boolean {
  if (isMainThread) return process.stderr.isTTY === true;
  return (workerData as { stderrIsTTY?: boolean } | null)?.stderrIsTTY === true;
}

/** Bad options and unreadable inputs are usage errors (exit 2); the rest fail the run (exit 1). */
function asCliError(error: unknown): unknown {
  if (!BaselineError.isInstance(error)) return error;
  return error.code === BaselineErrorCode.noUsableData ? error : usageError(error.message);
}

function summaryTable(figures: ReportFigures): string {
  const { runRates, commitment } = figures;
  const recommended = commitment.levels.find((level) => level.label === commitment.recommended);
  const rows = [
    ["Current run-rate", runRates.current.monthly.usd, runRates.current.quarterly.usd],
    ["Optimized run-rate", runRates.optimized.monthly.usd, runRates.optimized.quarterly.usd],
    [
      `Savings (${formatPercent(runRates.savingsShareOfCurrent)})`,
      runRates.savings.monthly.usd,
      runRates.savings.quarterly.usd,
    ],
  ];
  const table = formatTable(["", "Monthly", "Quarterly"], rows);
  const commitmentLine = `${recommended ? `Spend reaches ${recommended.annual.usd} a year with ${formatPercent(recommended.confidence, 0)} probability (${recommended.label}; range ${commitment.range.low.usd} – ${commitment.range.high.usd})\n` : ""}${commitmentAskLines(figures).join("\n")}`;
  return `${figures.period.label}: ${formatCount(figures.inputs.requests)} requests\n${table}\n${commitmentLine}${measuredLines(figures)}`;
}

/** The commitment to ask for and what committing before optimizing would cost, in dollars. */
export function commitmentAskLines(figures: ReportFigures): string[] {
  const { optimal, ramped, atCurrentRunRate, discounts, maxShortfallProbability } = figures.commitment;
  const dollars = (decimal: string) => formatDecimalUsd(decimal);
  return [
    `Commit (flat, lowest expected cost within a ${formatPercent(maxShortfallProbability, 0)} shortfall risk): ` +
      `${dollars(optimal.commitUsd)}/year at ${optimal.discountPct}% off, expected net ${dollars(optimal.expectedNetUsd)}` +
      ` (forfeit ${dollars(optimal.expectedForfeitUsd)}, overage ${dollars(optimal.expectedOverageUsd)}); ` +
      `ramped: ${dollars(ramped.commitUsd)}, expected net ${dollars(ramped.expectedNetUsd)}`,
    `Committing at today's run-rate instead: ${dollars(atCurrentRunRate.commitUsd)}/year would forfeit ` +
      `${dollars(atCurrentRunRate.expectedForfeitUsd)} against the optimized forecast ` +
      `(${dollars(atCurrentRunRate.overpayVsOptimalUsd)} more expected cost)`,
    ...(discounts.assumed ? [`Discounts: ${discounts.source}`] : []),
  ];
}

/** The measured comparison in three lines, when `--measured` files were given. */
function measuredLines(figures: ReportFigures): string {
  const measured = figures.measured;
  if (!measured) return "";
  const rows = [
    ["Before (actual)", measured.before.monthly.usd, measured.before.quarterly.usd],
    ["After (measured)", measured.runRate.monthly.usd, measured.runRate.quarterly.usd],
    [
      `Measured savings (${formatPercent(measured.savingsShareOfCurrent)})`,
      measured.savings.monthly.usd,
      measured.savings.quarterly.usd,
    ],
  ];
  const quality = measured.quality;
  const passRate = (rate: number | null) => (rate === null ? "n/a" : formatPercent(rate));
  return (
    `\n\nMeasured after run: ${formatCount(measured.requests)} requests over ${measured.period.observedDays} days\n` +
    `${formatTable(["", "Monthly", "Quarterly"], rows)}\n` +
    `Quality (pass rate): before ${passRate(quality.before.passRate)}, after ${passRate(quality.after.passRate)}`
  );
}

function closingLines(options: {
  figures: ReportFigures;
  written: WrittenFile[];
  throughput: Throughput;
}): string[] {
  const { inputs } = options.figures;
  const rate = options.throughput;
  const readErrors = options.figures.dataQuality.readErrors.length;
  const { duplicates } = inputs;
  const problems = [
    `${formatCount(inputs.bad)} bad`,
    `${formatCount(readErrors)} read error${readErrors === 1 ? "" : "s"}`,
    `${formatCount(duplicates.records)} duplicate${duplicates.records === 1 ? "" : "s"} dropped`,
    ...(duplicates.repeatedFiles.length > 0
      ? [`${formatCount(duplicates.repeatedFiles.length)} repeated file(s) read once`]
      : []),
  ];
  const lines = [
    `Read ${formatCount(inputs.lines)} lines from ${formatCount(inputs.files.length)} file(s) ` +
      `(${problems.join(", ")}) in ${rate.seconds.toFixed(1)} s: ` +
      `${formatCount(Math.round(rate.recordsPerSecond))} records/s, ${rate.megabytesPerSecond.toFixed(1)} MB/s`,
  ];
  const whatIf = missingFactsWarning(options.figures.missingFacts);
  if (whatIf !== "") lines.push(whatIf);
  for (const error of options.figures.dataQuality.readErrors)
    lines.push(
      `Read error in ${error.file}: ${error.message} (${formatCount(error.recordsRecovered)} records before it kept)`,
    );
  for (const file of options.written)
    lines.push(`Wrote ${file.kind}: ${resolve(file.path)} (${file.detail})`);
  return lines;
}

function kilobytes(bytes: number): string {
  return bytes >= 1_000_000
    ? `${(bytes / 1_000_000).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1000))} KB`;
}
