import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type Anthropic from "@anthropic-ai/sdk";
import { picoToDecimalUsd } from "@rightsize/contracts";
import { EvalsError, EvalsErrorCode } from "../evals-error.js";
import { createGrader } from "../graders/create-grader.js";
import { answerText, type Grade, type Grader } from "../graders/grader.js";
import type { GraderConfig } from "../graders/grader-schema.js";
import type { GradersFile } from "../graders/graders-file.js";
import { barsOf } from "../graders/graders-file.js";
import { runPool } from "../internal/run-pool.js";
import { AppendLog, replaceFile } from "../outcomes/append-log.js";
import type { ModelOutcome, OutcomeLine } from "../outcomes/outcome-schema.js";
import { parseOutcomes } from "../outcomes/read-outcomes.js";
import { type EvalRequest, promptText } from "../requests/request-line.js";
import type { EvalCandidate } from "../summary/eval-candidate.js";
import { summarizeOutcomes } from "../summary/summarize-outcomes.js";
import type { EvalSummary } from "../summary/summary-schema.js";
import { BatchCaller, collectUnfinishedBatches } from "./batch-caller.js";
import { referenceChoices, withJudgingHint, withReferenceHint } from "./emulator-hints.js";
import { type ModelCaller, realtimeCaller } from "./model-caller.js";
import { hashParams, type PaidCall, PaidCalls } from "./paid-calls.js";

/** Options of `runEval`. */
export interface RunEvalOptions {
  /** An official SDK client (its baseURL, key and maxRetries apply). */
  client: Anthropic;
  requests: readonly EvalRequest[];
  /** The tiers or models to evaluate, cheapest first. */
  candidates: readonly EvalCandidate[];
  /** Where outcomes.jsonl, answers.jsonl, batches.jsonl and summary.json go; a re-run does only what is missing. */
  outDir: string;
  graders?: GradersFile;
  /** The policy's qualityTolerance, for the default bar (default 0.02). */
  qualityTolerance?: number;
  /** Calls in flight at once in realtime mode (default 8). */
  concurrency?: number;
  /** Send every call through the Message Batches API at half price. */
  batch?: boolean;
  /** Batch polling interval (default 15 s; the emulator needs far less). */
  pollIntervalMs?: number;
  /** Judge model for judge graders that name none (default: the strongest candidate's model). */
  judgeModel?: string;
  /** Add the emulator's `emulator_eval` hints (only when the client talks to the bundled emulator). */
  emulatorHints?: boolean;
  /** Maps outcome keys of earlier runs in the same folder (other tiers or models) to model and tier. */
  resolveKey?: (key: string) => EvalCandidate;
  /** Write each request's prompt text into outcomes (default true; router training reads it). */
  includePrompt?: boolean;
  onProgress?: (progress: EvalProgress) => void;
}

/** Progress of a run: units are (request, candidate) pairs. */
export interface EvalProgress {
  done: number;
  total: number;
  errors: number;
}

/** One outcome that could not be had or graded. */
export interface EvalError {
  id: string;
  key: string;
  line: number;
  error: string;
}

/** What `runEval` did, and the summary it wrote. */
export interface EvalRunResult {
  summary: EvalSummary;
  outcomes: OutcomeLine[];
  /** Every call the eval has paid for in this output folder, across runs. */
  cost: { pico: bigint; usd: string; calls: number; judgeCalls: number; unpriced: number };
  /** This run: units graded, units already done before it, answers reused from answers.jsonl. */
  run: { graded: number; alreadyDone: number; reusedAnswers: number; batches: number };
  errors: EvalError[];
  files: { outcomes: string; answers: string; summary: string };
}

interface Unit {
  request: EvalRequest;
  candidate: EvalCandidate;
}

/**
 * Runs a shadow eval: each request on each candidate through the official SDK (realtime with a
 * concurrency limit, or Message Batches), each answer graded as it arrives and its outcome
 * appended to `outcomes.jsonl`. Resumable: what is already graded is skipped, answers already
 * paid for (`answers.jsonl`) are graded again rather than bought again, and batches a killed run
 * left in flight are collected. A grader that throws or a call that fails marks that outcome
 * `error`; nothing stops the run. Ends by compacting outcomes to one line per request and
 * writing `summary.json` with the eval's own exact cost.
 */
export async function runEval(options: RunEvalOptions): Promise<EvalRunResult> {
  if (options.candidates.length === 0)
    throw new EvalsError({
      code: EvalsErrorCode.invalidOption,
      message: "runEval: no tiers or models to evaluate",
    });
  await mkdir(options.outDir, { recursive: true }).catch((cause: Error) => {
    throw new EvalsError({
      code: EvalsErrorCode.io,
      message: `cannot create ${options.outDir}: ${cause.message}`,
      cause,
    });
  });
  const files = {
    outcomes: join(options.outDir, "outcomes.jsonl"),
    answers: join(options.outDir, "answers.jsonl"),
    batches: join(options.outDir, "batches.jsonl"),
    summary: join(options.outDir, "summary.json"),
  };
  const existing = parseOutcomes({ text: await readFile(files.outcomes, "utf8").catch(() => "") });
  const done = new Set<string>();
  for (const line of existing.outcomes)
    for (const [key, outcome] of Object.entries(line.models))
      if (outcome.error === undefined) done.add(`${line.id}\u0000${key}`);

  // Task graders are built first: a broken one is refused before a file is opened or a call paid for.
  const graders = await graderResolver(options.graders);
  const { store } = await PaidCalls.open(files.answers);
  const pollIntervalMs = options.pollIntervalMs ?? 15_000;
  if (options.batch)
    await collectUnfinishedBatches({ client: options.client, store, path: files.batches, pollIntervalMs });
  const batchCaller = options.batch
    ? await BatchCaller.open({ client: options.client, store, path: files.batches, pollIntervalMs })
    : null;
  const caller: ModelCaller = batchCaller ?? realtimeCaller({ client: options.client, store });
  const log = await AppendLog.open(files.outcomes);
  const choices = options.emulatorHints ? referenceChoices(options.requests) : new Map<string, unknown[]>();
  const judgeModel = options.judgeModel ?? options.candidates.at(-1)!.model;

  const units: Unit[] = [];
  for (const request of options.requests)
    for (const candidate of options.candidates)
      if (!done.has(`${request.id}\u0000${candidate.key}`)) units.push({ request, candidate });
  const alreadyDone = options.requests.length * options.candidates.length - units.length;
  const errors: EvalError[] = [];
  const counters = { graded: 0, reusedAnswers: 0 };
  const progress = { done: 0, total: units.length, errors: 0 };

  const settle = async (unit: Unit) => {
    const outcome = await gradeUnit({ unit, caller, store, graders, choices, judgeModel, options, counters });
    if (outcome.error !== undefined) {
      errors.push({
        id: unit.request.id,
        key: unit.candidate.key,
        line: unit.request.line,
        error: outcome.error,
      });
      progress.errors++;
    } else counters.graded++;
    const prompt = options.includePrompt === false ? {} : { prompt: promptText(unit.request.request) };
    await log.append({
      id: unit.request.id,
      taskType: unit.request.taskType,
      ...prompt,
      models: { [unit.candidate.key]: outcome },
    });
    progress.done++;
    options.onProgress?.({ ...progress });
  };
  try {
    // Batch mode hands every unit to the caller at once (they are gathered into batches);
    // realtime mode keeps `concurrency` calls in flight.
    await runPool({
      items: units,
      concurrency: options.batch ? units.length : (options.concurrency ?? 8),
      work: settle,
    });
  } finally {
    await log.close();
    await batchCaller?.close();
    await store.close();
  }

  const outcomes = await compactOutcomes({
    path: files.outcomes,
    requests: options.requests,
    candidates: options.candidates,
  });
  const paid = store.cost();
  const summary: EvalSummary = {
    ...summarizeOutcomes({
      outcomes,
      bars: barsOf(options.graders),
      qualityTolerance: options.qualityTolerance ?? 0.02,
      candidates: options.candidates,
      ...(options.resolveKey ? { resolveKey: options.resolveKey } : {}),
    }),
    evalCost: {
      usd: picoToDecimalUsd(paid.pico),
      pico: paid.pico.toString(),
      calls: paid.calls,
      judgeCalls: paid.judgeCalls,
    },
  };
  await writeFile(files.summary, `${JSON.stringify(summary, null, 2)}\n`);
  return {
    summary,
    outcomes,
    cost: { ...paid, usd: picoToDecimalUsd(paid.pico) },
    run: { ...counters, alreadyDone, batches: batchCaller?.submitted.length ?? 0 },
    errors,
    files: { outcomes: files.outcomes, answers: files.answers, summary: files.summary },
  };
}

/** Gets the unit's answer (stored, or paid for now) and grades it; failures become an `error` outcome. */
async function gradeUnit(context: {
  unit: Unit;
  caller: ModelCaller;
  store: PaidCalls;
  graders: (request: EvalRequest) => Promise<Grader>;
  choices: Map<string, unknown[]>;
  judgeModel: string;
  options: RunEvalOptions;
  counters: { reusedAnswers: number };
}): Promise<ModelOutcome> {
  const { unit, options } = context;
  const { request, candidate } = unit;
  const { stream: _stream, ...base } = request.request as Anthropic.MessageCreateParamsNonStreaming & {
    stream?: unknown;
  };
  let params: Anthropic.MessageCreateParamsNonStreaming = { ...base, model: candidate.model };
  if (options.emulatorHints)
    params = withReferenceHint(params, request, context.choices.get(request.taskType));
  const answer = await obtain({ ...context, role: "answer", params });
  if (!answer.ok) return { score: 0, pass: false, error: answer.error };
  const figures = answerFigures(answer.call);
  let grader: Grader;
  try {
    grader = await context.graders(request);
  } catch (error) {
    return { ...figures, score: 0, pass: false, error: `grader: ${(error as Error).message}` };
  }
  const input = {
    id: request.id,
    taskType: request.taskType,
    answer: answerText(answer.call.message),
    reference: request.reference,
    request: params,
    message: answer.call.message,
  };
  let grade: Grade;
  let judgeCostUsd: number | undefined;
  try {
    if (grader.kind === "local") grade = await grader.grade(input);
    else {
      let judgeParams = grader.judgeRequest({ ...input, model: grader.model ?? context.judgeModel });
      if (options.emulatorHints) judgeParams = withJudgingHint(judgeParams, params);
      const verdict = await obtain({ ...context, role: "judge", params: judgeParams });
      if (!verdict.ok) return { ...figures, score: 0, pass: false, error: `judge: ${verdict.error}` };
      if (verdict.call.costPico !== null) judgeCostUsd = Number(picoToDecimalUsd(verdict.call.costPico));
      grade = grader.readVerdict(verdict.call.message);
    }
    checkGrade(grade);
  } catch (error) {
    return {
      ...figures,
      score: 0,
      pass: false,
      error: `grader: ${(error as Error).message}`,
      ...judgeCost(judgeCostUsd),
    };
  }
  return { score: grade.score, pass: grade.pass, ...figures, ...judgeCost(judgeCostUsd) };
}

async function obtain(context: {
  unit: Unit;
  caller: ModelCaller;
  store: PaidCalls;
  counters: { reusedAnswers: number };
  role: PaidCall["role"];
  params: Anthropic.MessageCreateParamsNonStreaming;
}) {
  const identity = { id: context.unit.request.id, key: context.unit.candidate.key, role: context.role };
  const paramsHash = hashParams(context.params);
  const stored = context.store.find({ ...identity, paramsHash });
  if (stored) {
    context.counters.reusedAnswers++;
    return { ok: true as const, call: stored };
  }
  return context.caller.call({ ...identity, params: context.params, paramsHash });
}

function answerFigures(call: PaidCall): Omit<ModelOutcome, "score"> {
  const usage = call.message.usage;
  return {
    inputTokens:
      usage.input_tokens + (usage.cache_creation_input_tokens ?? 0) + (usage.cache_read_input_tokens ?? 0),
    outputTokens: usage.output_tokens,
    ...(call.costPico === null ? {} : { costUsd: Number(picoToDecimalUsd(call.costPico)) }),
    ...(call.latencyMs === undefined ? {} : { latencyMs: call.latencyMs }),
  };
}

function judgeCost(usd: number | undefined): { judgeCostUsd?: number } {
  return usd === undefined ? {} : { judgeCostUsd: usd };
}

function checkGrade(grade: Grade): void {
  if (!(grade.score >= 0 && grade.score <= 1) || typeof grade.pass !== "boolean")
    throw new Error(`grade out of range: ${JSON.stringify(grade)}`);
}

/** The grader of a request: its own, else its task type's, else `exact` against the reference. Each built once. */
async function graderResolver(
  graders: GradersFile | undefined,
): Promise<(request: EvalRequest) => Promise<Grader>> {
  const built = new Map<string, Promise<Grader>>();
  const baseDir = graders?.baseDir ?? process.cwd();
  const build = (config: GraderConfig) => {
    const key = JSON.stringify(config);
    const grader = built.get(key) ?? createGrader({ config, baseDir });
    built.set(key, grader);
    return grader;
  };
  for (const task of Object.values(graders?.tasks ?? {})) if (task.grader) await build(task.grader);
  return (request) =>
    build(
      request.grader ??
        graders?.tasks[request.taskType]?.grader ?? { type: "exact", caseSensitive: true, trim: true },
    );
}

/**
 * Rewrites outcomes.jsonl as one line per request, at once: requests-file order (ids from
 * earlier runs after), models in candidate order, so an interrupted and resumed eval writes the
 * same file as an uninterrupted one.
 */
async function compactOutcomes(options: {
  path: string;
  requests: readonly EvalRequest[];
  candidates: readonly EvalCandidate[];
}): Promise<OutcomeLine[]> {
  const read = parseOutcomes({ text: await readFile(options.path, "utf8").catch(() => "") });
  const byId = new Map(read.outcomes.map((line) => [line.id, line]));
  const ordered: OutcomeLine[] = [];
  for (const request of options.requests) {
    const line = byId.get(request.id);
    if (line) ordered.push(line);
    byId.delete(request.id);
  }
  ordered.push(...byId.values());
  const rank = new Map(options.candidates.map((candidate, index) => [candidate.key, index]));
  const position = (key: string) => rank.get(key) ?? options.candidates.length;
  const outcomes = ordered.map((line) => ({
    ...line,
    models: Object.fromEntries(
      Object.entries(line.models).sort(
        ([left], [right]) => position(left) - position(right) || (left < right ? -1 : 1),
      ),
    ),
  }));
  await replaceFile(options.path, outcomes.map((line) => `${JSON.stringify(line)}\n`).join(""));
  return outcomes;
}
