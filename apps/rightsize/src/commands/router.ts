import { writeFileSync } from "node:fs";
import { parseOutcomes } from "@rightsize/evals";
import { classifyTask, loadRouterFile, scoreComplexity } from "@rightsize/policy";
import {
  evaluateRouter,
  type RouterEvaluation,
  routerExamples,
  serializeRouterFile,
  trainRouter,
} from "@rightsize/router";
import type { Command } from "commander";
import { usageError } from "../cli-error.js";
import { integerOption } from "../integer-option.js";
import { readOptionText } from "../option-files.js";
import { formatTable, printJson } from "../output.js";

/** Registers `rightsize router train|score|evaluate`. */
export function registerRouterCommand(program: Command): void {
  const router = program
    .command("router")
    .description(
      "Learn from eval outcomes which prompts need the stronger model; score prompts; evaluate a router",
    );
  router
    .command("train")
    .description("Train a router from an outcomes file (rightsize eval writes one)")
    .requiredOption("--outcomes <file>", "outcomes JSONL: per request the prompt and a score per model")
    .requiredOption("--weak <model>", "the cheap tier or model (an outcomes key): complexity = P(it fails)")
    .requiredOption("--strong <model>", "the strong tier or model (an outcomes key)")
    .requiredOption("--out <file>", "where to write the router file")
    .option(
      "--tiers <keys>",
      "all tiers to learn pass probabilities for, cheapest first (default: weak,strong)",
    )
    .option("--seed <n>", "seed of folds and training order", "1")
    .option("--no-task-type", "do not learn from the outcomes' task type")
    .option("--json", "print the training report as JSON")
    .action((options: TrainOptions) => train(options));
  router
    .command("score")
    .description("Score prompts: JSONL {id, score, taskType}; higher = more need for the stronger model")
    .requiredOption("--prompts <file>", 'JSONL lines {"id", "prompt"} or outcome lines')
    .option("--router <file>", "a router file (default: the built-in complexity scorer, same scale)")
    .action((options: ScoreOptions) => score(options));
  router
    .command("evaluate")
    .description("PGR, APGR, CPT(50%), CPT(80%) and cost at 95% quality, beside random, oracle and baselines")
    .requiredOption("--router <file>", "a router file")
    .requiredOption("--outcomes <file>", "held-out outcomes JSONL with the router's weak and strong models")
    .option("--weak <model>", "the weak outcomes key (default: the router's)")
    .option("--strong <model>", "the strong outcomes key (default: the router's)")
    .option("--json", "print the evaluation as JSON")
    .action((options: EvaluateOptions) => evaluate(options));
}

interface TrainOptions {
  outcomes: string;
  weak: string;
  strong: string;
  out: string;
  tiers?: string;
  seed: string;
  taskType: boolean;
  json?: boolean;
}

function readOutcomeExamples(path: string, tiers: readonly string[]) {
  const records = parseOutcomes({ text: readOptionText({ path, option: "--outcomes" }) });
  let shown = 0;
  for (const bad of records.bad)
    if (shown++ < 20) process.stderr.write(`${path}:${bad.line}: skipped: ${bad.reason}\n`);
  const keys = new Set(records.outcomes.flatMap((line) => Object.keys(line.models)));
  for (const tier of tiers)
    if (!keys.has(tier))
      throw usageError(
        `--outcomes: no outcome for "${tier}" in ${path} (models there: ${[...keys].join(", ") || "none"})`,
      );
  const { examples, skipped } = routerExamples({ outcomes: records.outcomes, tiers });
  if (skipped.noPrompt + skipped.incomplete > 0)
    process.stderr.write(
      `${path}: left out ${skipped.noPrompt} lines without a prompt and ${skipped.incomplete} without a graded outcome on every tier\n`,
    );
  return examples;
}

function train(options: TrainOptions): void {
  const tiers = options.tiers
    ? options.tiers.split(",").map((tier) => tier.trim())
    : [options.weak, options.strong];
  if (!tiers.includes(options.weak) || !tiers.includes(options.strong))
    throw usageError(`--tiers must include --weak "${options.weak}" and --strong "${options.strong}"`);
  const seed = integerOption(options.seed, { flag: "--seed", minimum: 0, maximum: 2 ** 31 - 1 });
  const examples = readOutcomeExamples(options.outcomes, tiers);
  const started = performance.now();
  const { file, report } = trainRouter({
    examples,
    tiers,
    weak: options.weak,
    strong: options.strong,
    seed,
    useTaskType: options.taskType,
  });
  writeFileSync(options.out, serializeRouterFile(file));
  const seconds = (performance.now() - started) / 1000;
  if (options.json) {
    printJson({ out: options.out, seconds: Math.round(seconds * 10) / 10, ...report });
    return;
  }
  const rows = report.crossValidation.map((row) => [
    String(row.l2),
    row.auc.toFixed(3),
    row.apgr.toFixed(3),
    row.l2 === report.l2 ? "<- chosen" : "",
  ]);
  process.stdout.write(
    `trained on ${report.examples} outcomes (${tiers.join(", ")}; pass rates ${tiers.map((tier) => `${tier} ${(100 * report.passRates[tier]!).toFixed(1)}%`).join(", ")}) in ${seconds.toFixed(1)} s, seed ${seed}\n\n` +
      `${report.folds}-fold cross-validation (held out): P(${options.weak} fails)\n` +
      `${formatTable(["l2", "ROC AUC", "APGR"], rows)}\n\nwrote ${options.out}\n`,
  );
}

interface ScoreOptions {
  prompts: string;
  router?: string;
}

async function score(options: ScoreOptions): Promise<void> {
  const router = options.router ? await loadRouterFile(options.router) : undefined;
  const text = readOptionText({ path: options.prompts, option: "--prompts" });
  const lines = text.split("\n");
  const out: string[] = [];
  lines.forEach((raw, index) => {
    if (raw.trim() === "") return;
    const parsed = promptLine(raw);
    if (typeof parsed === "string") {
      process.stderr.write(`${options.prompts}:${index + 1}: skipped: ${parsed}\n`);
      return;
    }
    const taskType = classifyTask({ messages: [{ role: "user", content: parsed.prompt }] }).taskType;
    const value = router
      ? router.score(parsed.prompt, parsed.taskType ?? taskType).score
      : defaultScore(parsed.prompt);
    out.push(JSON.stringify({ id: parsed.id, score: Math.round(value * 1e6) / 1e6, taskType }));
  });
  process.stdout.write(out.length > 0 ? `${out.join("\n")}\n` : "");
}

/** The built-in scorer, on the same [0, 1] scale the policies' thresholds use. */
function defaultScore(prompt: string): number {
  return scoreComplexity({ messages: [{ role: "user", content: prompt }] }).score;
}

function promptLine(raw: string): { id: string; prompt: string; taskType?: string } | string {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    return `not valid JSON: ${(error as Error).message}`;
  }
  const line = value as { id?: unknown; prompt?: unknown; taskType?: unknown };
  if (typeof line !== "object" || line === null) return "not a JSON object";
  if (typeof line.id !== "string" && typeof line.id !== "number") return 'no "id" (string or number)';
  if (typeof line.prompt !== "string") return 'no "prompt" string';
  return {
    id: String(line.id),
    prompt: line.prompt,
    ...(typeof line.taskType === "string" ? { taskType: line.taskType } : {}),
  };
}

interface EvaluateOptions {
  router: string;
  outcomes: string;
  weak?: string;
  strong?: string;
  json?: boolean;
}

async function evaluate(options: EvaluateOptions): Promise<void> {
  const router = await loadRouterFile(options.router);
  const weak = options.weak ?? router.weak;
  const strong = options.strong ?? router.strong;
  const examples = readOutcomeExamples(options.outcomes, [weak, strong]);
  const evaluation = evaluateRouter({ examples, weakIndex: 0, strongIndex: 1, weak, strong, router });
  if (options.json) printJson(evaluation);
  else process.stdout.write(`${evaluationText(evaluation)}\n`);
}

function evaluationText(evaluation: RouterEvaluation): string {
  const percent = (value: number | null) => (value === null ? "n/a" : `${(100 * value).toFixed(1)}%`);
  const header = [
    `${evaluation.requests} requests: ${evaluation.weak.model} quality ${percent(evaluation.weak.quality)}, ` +
      `${evaluation.strong.model} quality ${percent(evaluation.strong.quality)}` +
      (evaluation.strong.costUsd === null
        ? ""
        : `; all-${evaluation.strong.model} costs $${evaluation.strong.costUsd}`),
  ];
  const summary = formatTable(
    ["scorer", "APGR", "CPT(50%)", "CPT(80%)", "strong calls at 95%", "cost saved at 95%"],
    evaluation.scorers.map((scorer) => [
      scorer.name,
      scorer.apgr.toFixed(3),
      percent(scorer.cpt50),
      percent(scorer.cpt80),
      percent(scorer.at95.strongShare),
      scorer.at95.savedShare === null ? "n/a" : percent(scorer.at95.savedShare),
    ]),
  );
  const shares = evaluation.scorers[0]!.pgr.map((point) => point.strongShare);
  const pgr = formatTable(
    ["PGR at strong share", ...shares.map((share) => `${Math.round(share * 100)}%`)],
    evaluation.scorers.map((scorer) => [scorer.name, ...scorer.pgr.map((point) => point.pgr.toFixed(2))]),
  );
  return `${header.join("\n")}\n\n${summary}\n\n${pgr}`;
}
