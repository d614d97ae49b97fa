import { writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import Anthropic from "@anthropic-ai/sdk";
import { formatUsd } from "@rightsize/contracts";
import { startEmulator } from "@rightsize/emulator";
import {
  type BadLine,
  barsOf,
  createGrader,
  describeChange,
  type EvalSummary,
  EvalsError,
  type GradersFile,
  parseGradersFile,
  parseRequestLines,
  readOutcomesFile,
  recommendPolicy,
  runEval,
  summarizeOutcomes,
} from "@rightsize/evals";
import {
  checkPolicyVersion,
  defaultPolicy,
  formatOfPath,
  formatPolicyIssue,
  type Policy,
  parsePolicy,
} from "@rightsize/policy";
import type { Command } from "commander";
import { CliError, CliErrorCode, usageError } from "../cli-error.js";
import { summaryTable } from "../evals/eval-table.js";
import { evalCandidates, type PolicyTiers, policyTiers } from "../evals/policy-tiers.js";
import { integerOption } from "../integer-option.js";
import {
  readOptionBytes,
  readOptionText,
  readStructuredFile,
  STRUCTURED_FILE_RULE,
} from "../option-files.js";
import { printJson } from "../output.js";

interface RunOptions {
  requests: string;
  tiers?: string;
  models?: string;
  policy?: string;
  out: string;
  graders?: string;
  emulator?: boolean;
  seed: string;
  batch?: boolean;
  concurrency: string;
  judgeModel?: string;
  prompt: boolean;
  json?: boolean;
}

const GRADERS_FILE_HELP = `\nFiles: --graders is ${STRUCTURED_FILE_RULE}.`;

/** Registers `rightsize eval run|summarize|recommend`. */
export function registerEvalCommand(program: Command): void {
  const evalCommand = program
    .command("eval")
    .description(
      "Shadow-evaluate cheaper tiers against each task's quality bar, and let the evidence write the policy",
    );

  evalCommand
    .command("run")
    .description(
      "run requests on candidate tiers through the official SDK, grade every answer, summarize with Wilson bounds",
    )
    .requiredOption(
      "--requests <file>",
      'JSON lines: {"id", "taskType", "request": <Messages params>, "reference"?, "grader"?}',
    )
    .option(
      "--tiers <names>",
      "policy tiers to evaluate, comma-separated (default: every tier of the policy)",
    )
    .option("--models <ids>", "explicit model ids to evaluate, comma-separated")
    .option(
      "--policy <file>",
      "the policy whose tiers and qualityTolerance apply (default: the bundled default policy)",
    )
    .requiredOption(
      "--out <dir>",
      "output folder: outcomes.jsonl, answers.jsonl, summary.json; a re-run does only what is missing",
    )
    .option("--graders <file>", "tasks: {<taskType>: {grader?, bar?}} (see Files below)")
    .option("--emulator", "start the bundled emulator in process and talk to it (no API key needed)")
    .option("--seed <n>", "the emulator's seed (with --emulator)", "0")
    .option(
      "--batch",
      "send every call through the Message Batches API (half price; answers arrive when the batch ends)",
    )
    .option("--concurrency <n>", "realtime calls in flight", "8")
    .option(
      "--judge-model <model>",
      "judge model for judge graders that name none (default: the strongest candidate)",
    )
    .option("--no-prompt", "leave prompt text out of outcomes.jsonl")
    .option("--json", "print the summary as JSON (stdout is only JSON)")
    .addHelpText(
      "after",
      "\nWithout --emulator the SDK's ANTHROPIC_API_KEY and ANTHROPIC_BASE_URL apply.\n" +
        "Example:\n  rightsize eval run --requests requests.jsonl --tiers haiku,sonnet,opus --policy policy.yaml --out evals/ --emulator\n" +
        GRADERS_FILE_HELP,
    )
    .action(async (options: RunOptions) => runCommand(options));

  evalCommand
    .command("summarize")
    .description(
      "summarize an outcomes file (from an eval run or imported): pass rates, Wilson bounds, recommendations",
    )
    .requiredOption("--outcomes <file>", "outcomes JSON lines")
    .option("--graders <file>", "the task bars: tasks: {<taskType>: {bar}} (see Files below)")
    .option(
      "--policy <file>",
      "maps tier names to models and gives qualityTolerance (default: the bundled default policy)",
    )
    .option("--json", "print the summary as JSON")
    .addHelpText("after", GRADERS_FILE_HELP)
    .action(async (options: { outcomes: string; graders?: string; policy?: string; json?: boolean }) => {
      const { summary } = await summarizeFile(options);
      if (options.json) printJson(summary);
      else process.stdout.write(`${summaryTable(summary)}\n`);
    });

  evalCommand
    .command("recommend")
    .description("write a policy whose task-to-tier map follows the evidence, and print the change in words")
    .requiredOption("--outcomes <file>", "outcomes JSON lines")
    .requiredOption("--policy <file>", "the current policy")
    .requiredOption("--out <file>", "where to write the recommended policy")
    .option("--graders <file>", "the task bars: tasks: {<taskType>: {bar}} (see Files below)")
    .option("--json", "print the changes as JSON")
    .addHelpText("after", GRADERS_FILE_HELP)
    .action(
      async (options: { outcomes: string; policy: string; out: string; graders?: string; json?: boolean }) =>
        recommendCommand(options),
    );
}

async function runCommand(options: RunOptions): Promise<void> {
  const policy = options.policy ? loadPolicy(options.policy) : { policy: defaultPolicy(), text: "" };
  const tiers = policyTiers(policy.policy);
  const candidates = evalCandidates({
    policyTiers: tiers,
    tiers: list(options.tiers),
    models: list(options.models),
  });
  if (candidates.length === 0) throw usageError("nothing to evaluate: give --tiers or --models");
  const concurrency = integerOption(options.concurrency, { flag: "--concurrency", minimum: 1, maximum: 256 });
  const graders = options.graders ? await loadGraders(options.graders) : undefined;
  const read = parseRequestLines({ text: readOptionText({ path: options.requests, option: "--requests" }) });
  reportBadLines(options.requests, read.bad);
  if (read.requests.length === 0)
    throw usageError(`--requests: ${options.requests} has no usable request line`);

  const emulator = options.emulator
    ? await startEmulator({
        seed: integerOption(options.seed, { flag: "--seed", minimum: 0, maximum: 2 ** 31 }),
      })
    : undefined;
  try {
    if (!emulator && !process.env.ANTHROPIC_API_KEY && !process.env.ANTHROPIC_AUTH_TOKEN)
      throw usageError(
        "no API key: set ANTHROPIC_API_KEY (or ANTHROPIC_BASE_URL for a local server), or use --emulator",
      );
    const client = emulator ? new Anthropic({ apiKey: "emulator", baseURL: emulator.url }) : new Anthropic();
    const progress = progressLine(process.stderr.isTTY === true);
    const result = await runEval({
      client,
      requests: read.requests,
      candidates,
      outDir: options.out,
      ...(graders ? { graders } : {}),
      qualityTolerance: policy.policy.qualityTolerance,
      resolveKey: tiers.resolveKey,
      concurrency,
      batch: options.batch === true,
      pollIntervalMs: emulator ? 50 : 15_000,
      ...(options.judgeModel ? { judgeModel: options.judgeModel } : {}),
      emulatorHints: emulator !== undefined,
      includePrompt: options.prompt,
      onProgress: progress.update,
    });
    progress.done();
    for (const error of result.errors.slice(0, 20))
      process.stderr.write(
        `${options.requests}:${error.line}: ${error.id} on ${error.key}: ${error.error}\n`,
      );
    if (result.errors.length > 20) process.stderr.write(`... and ${result.errors.length - 20} more errors\n`);
    if (options.json) {
      printJson(result.summary);
      return;
    }
    const units = read.requests.length * candidates.length;
    const lines = [
      `eval: ${read.requests.length} requests x ${candidates.length} ${candidates.length === 1 ? "candidate" : "candidates"} ` +
        `(${units} answers: ${result.run.graded} graded now, ${result.run.alreadyDone} already done, ` +
        `${result.run.reusedAnswers} paid answers reused), ${result.errors.length} errors` +
        (read.bad.length > 0 ? `, ${read.bad.length} bad request lines` : ""),
      "",
      summaryTable(result.summary),
      "",
      `eval cost: ${formatUsd(result.cost.pico)} ($${result.cost.usd} exact; ${result.cost.calls} answers, ${result.cost.judgeCalls} judge calls` +
        `${result.cost.unpriced > 0 ? `, ${result.cost.unpriced} unpriced` : ""}${options.batch ? ", batch" : ""})`,
      `wrote ${result.files.outcomes}, ${result.files.summary}`,
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
  } finally {
    await emulator?.close();
  }
}

async function summarizeFile(options: { outcomes: string; graders?: string; policy?: string }): Promise<{
  summary: EvalSummary;
  tiers: PolicyTiers;
}> {
  const policy = options.policy ? loadPolicy(options.policy).policy : defaultPolicy();
  const tiers = policyTiers(policy);
  const graders = options.graders ? await loadGraders(options.graders) : undefined;
  let read: Awaited<ReturnType<typeof readOutcomesFile>>;
  try {
    read = await readOutcomesFile(options.outcomes);
  } catch (error) {
    throw usageError(`--outcomes: ${(error as Error).message}`, { cause: error });
  }
  reportBadLines(options.outcomes, read.bad);
  if (read.outcomes.length === 0)
    throw usageError(`--outcomes: ${options.outcomes} has no usable outcome line`);
  const summary = summarizeOutcomes({
    outcomes: read.outcomes,
    bars: barsOf(graders),
    qualityTolerance: policy.qualityTolerance,
    candidates: tiers.tiers,
    resolveKey: tiers.resolveKey,
  });
  return { summary, tiers };
}

async function recommendCommand(options: {
  outcomes: string;
  policy: string;
  out: string;
  graders?: string;
  json?: boolean;
}): Promise<void> {
  const current = loadPolicy(options.policy);
  const { summary, tiers } = await summarizeFile(options);
  const recommendation = recommendPolicy({
    source: current.text,
    format: formatOfPath(options.policy),
    summary,
    tiers: tiers.tiers.map((tier) => tier.key),
    tierOfModel: tiers.tierOfModel,
    currentTier: tiers.currentTier,
  });
  // The new policy must pass `rightsize policy check` (reading, schema and the trial a hot reload
  // runs) before it is written anywhere.
  const checked = checkPolicyVersion({
    source: recommendation.text,
    format: formatOfPath(options.out),
    origin: options.out,
  });
  if (!checked.ok) {
    const issues = checked.error.issues.map((issue) => `  ${formatPolicyIssue(issue)}`).join("\n");
    throw new CliError({
      code: CliErrorCode.commandFailed,
      message: `the recommended policy does not validate, nothing written:\n${issues || checked.error.message}`,
    });
  }
  // Rules that route on more than the task type can still win; say where the new map is not what decides.
  const after = policyTiers(checked.policy);
  const shadowed = recommendation.changes.filter(
    (change) => change.to !== null && after.currentTier(change.taskType) !== change.to,
  );
  await writeFile(options.out, recommendation.text).catch((error: Error) => {
    throw new CliError({
      code: CliErrorCode.writeFailed,
      message: `cannot write ${options.out}: ${error.message}`,
      cause: error,
    });
  });
  if (options.json) {
    printJson({
      out: options.out,
      changed: recommendation.changed,
      changes: recommendation.changes,
      summary,
    });
    return;
  }
  const lines = recommendation.changes.map(describeChange);
  for (const change of shadowed)
    lines.push(
      `warning: ${change.taskType}: another rule still routes it to ${after.currentTier(change.taskType)}, not ${change.to}`,
    );
  lines.push(
    "",
    `wrote ${options.out}: policy ${checked.policy.name} ${checked.policy.version} (policy check: ok)` +
      (recommendation.changed ? "" : "; no tier changed"),
  );
  process.stdout.write(`${lines.join("\n")}\n`);
}

/**
 * Reads a policy as every command does: its bytes, strictly (invalid UTF-8 is refused, not
 * replaced), issues with their line and column. The text is what `recommend` edits.
 */
function loadPolicy(path: string): { policy: Policy; text: string } {
  const bytes = readOptionBytes({ path, option: "--policy" });
  const result = parsePolicy({ source: bytes, format: formatOfPath(path), origin: path });
  if (!result.ok) {
    const issues = result.error.issues.map((issue) => formatPolicyIssue(issue)).join("; ");
    throw usageError(`--policy: ${path}: ${issues || result.error.message}`);
  }
  return { policy: result.policy, text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
}

/**
 * Loads a graders file (the one loader of option files: STRUCTURED_FILE_RULE) and builds each
 * task's grader once, so a broken one is a usage error before any call.
 */
async function loadGraders(path: string): Promise<GradersFile> {
  const document = readStructuredFile({ path, option: "--graders" });
  let graders: GradersFile;
  try {
    graders = parseGradersFile({ source: document, origin: path, baseDir: dirname(resolve(path)) });
  } catch (error) {
    if (EvalsError.isInstance(error)) throw usageError(`--graders: ${error.message}`, { cause: error });
    throw error;
  }
  for (const [taskType, task] of Object.entries(graders.tasks)) {
    if (!task.grader) continue;
    try {
      await createGrader({ config: task.grader, baseDir: graders.baseDir });
    } catch (error) {
      if (EvalsError.isInstance(error))
        throw usageError(`--graders: ${path}: tasks.${taskType}.grader: ${error.message}`, {
          cause: error,
        });
      throw error;
    }
  }
  return graders;
}

/** Bad lines on stderr, `file:line: reason`, at most 20 and a count; never fatal. */
function reportBadLines(path: string, bad: readonly BadLine[]): void {
  for (const line of bad.slice(0, 20))
    process.stderr.write(`${path}:${line.line}: skipped: ${line.reason}\n`);
  if (bad.length > 20) process.stderr.write(`${path}: ... and ${bad.length - 20} more bad lines\n`);
  if (bad.length > 0) process.stderr.write(`${path}: ${bad.length} bad line(s) skipped\n`);
}

function list(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  return text
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
}

/** A progress line on a terminal's stderr (answers graded of all, errors). */
function progressLine(enabled: boolean) {
  let last = 0;
  return {
    update: (progress: { done: number; total: number; errors: number }) => {
      const now = Date.now();
      if (!enabled || (now - last < 200 && progress.done < progress.total)) return;
      last = now;
      process.stderr.write(`\r${progress.done}/${progress.total} graded, ${progress.errors} errors`);
    },
    done: () => {
      if (enabled && last > 0) process.stderr.write("\n");
    },
  };
}
