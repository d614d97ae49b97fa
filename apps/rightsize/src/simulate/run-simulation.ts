import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import Anthropic from "@anthropic-ai/sdk";
import type { Message, MessageCreateParamsNonStreaming } from "@anthropic-ai/sdk/resources/messages";
import { type Sampler, SamplingDecision } from "@opentelemetry/api";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { TracerProvider } from "@opentelemetry/sdk-trace";
import { ATTR_SAMPLE_RATE } from "@rightsize/contracts/semconv";
import { createManualClock, type Emulator, type EmulatorClock, startEmulator } from "@rightsize/emulator";
import {
  createFeedbackLoop,
  createRoutedClient,
  type FeedbackLoop,
  type Policy,
  type RoutedClient,
  routingOf,
  type ShadowEvaluator,
  scoreComplexity,
} from "@rightsize/policy";
import { createRightsizeTelemetry, type RightsizeTelemetry } from "@rightsize/telemetry";
import { BoundedSpanProcessor, OtlpFileSpanExporter } from "@rightsize/telemetry/node";
import { type RunSummary, RunTally } from "./run-tally.js";
import { generateWorkload, type SimulatedRequest } from "./workload-generator.js";
import type { Workload } from "./workload-schema.js";

export type RunName = "before" | "after";

export interface SimulationProgress {
  run: RunName;
  day: number;
  days: number;
  requests: number;
}

export interface SimulationOptions {
  workload: Workload;
  /** The policy the "after" run routes with. */
  policy: Policy;
  /** Where the OTLP span files and the summary are written. */
  outDir: string;
  /** Requests in flight at once per run (realtime ones; batch ones wait in their windows). */
  concurrency?: number;
  onProgress?: (progress: SimulationProgress) => void;
  /**
   * Between the runs (the demo's method): given the before run, the policy the after run routes
   * with (in place of `policy`) and, optionally, its continuous shadow eval.
   */
  prepareAfter?: (before: { files: SimulationResult["files"]; summary: RunSummary }) => Promise<AfterRunPlan>;
}

/** The continuous shadow eval of the after run, made for its feedback loop, tracer and clock. */
export type ShadowEvalFactory = (context: {
  feedback: FeedbackLoop;
  tracerProvider: TracerProvider;
  now: () => number;
}) => Promise<ShadowEvaluator & { flush(): Promise<void> }>;

/** What the after run routes with. */
export interface AfterRunPlan {
  policy: Policy;
  shadowEval?: ShadowEvalFactory;
}

export interface SimulationResult {
  workload: string;
  period: { start: string; days: number };
  baselineModel: string;
  /** Each simulated request is a 1-in-N sample of the traffic it stands for (1: not sampled). */
  sampleRate: number;
  policy: { name: string; version: string; qualityTolerance: number };
  files: { before: string; after: string; beforeUsage: string; afterUsage: string; summary: string };
  before: RunSummary;
  after: RunSummary;
  /** Share of correct answers (the emulator's ground truth), and whether "after" held the bar. */
  quality: { before: number; after: number; drop: number; tolerance: number; held: boolean };
}

const DAY_MS = 86_400_000;

/**
 * Plays the workload twice against a fresh emulator each time: "before" (everything on the
 * baseline model, realtime, uncached, the caller's own max_tokens) through a plainly
 * instrumented client, and "after" through the routed client under the policy. Both runs are
 * recorded by the telemetry package into OTLP JSON-lines files. Time is simulated: the
 * emulator's clock (cache TTLs, batch expiry) and every span follow each request's timestamp.
 */
export async function runSimulation(options: SimulationOptions): Promise<SimulationResult> {
  await mkdir(options.outDir, { recursive: true });
  const files = {
    before: join(options.outDir, "before.otlp.jsonl"),
    after: join(options.outDir, "after.otlp.jsonl"),
    beforeUsage: join(options.outDir, "before.usage-report.json"),
    afterUsage: join(options.outDir, "after.usage-report.json"),
    summary: join(options.outDir, "simulation.json"),
  };
  const before = await runOnce({
    ...options,
    run: "before",
    file: files.before,
    usageFile: files.beforeUsage,
  });
  const plan = (await options.prepareAfter?.({ files, summary: before })) ?? { policy: options.policy };
  const after = await runOnce({
    ...options,
    policy: plan.policy,
    ...(plan.shadowEval ? { shadowEval: plan.shadowEval } : {}),
    run: "after",
    file: files.after,
    usageFile: files.afterUsage,
  });
  const tolerance = plan.policy.qualityTolerance ?? 0;
  const drop = before.quality.correctShare - after.quality.correctShare;
  const result: SimulationResult = {
    workload: options.workload.name,
    period: options.workload.period,
    baselineModel: options.workload.baselineModel,
    sampleRate: options.workload.sampleRate,
    policy: { name: plan.policy.name, version: plan.policy.version, qualityTolerance: tolerance },
    files,
    before,
    after,
    quality: {
      before: before.quality.correctShare,
      after: after.quality.correctShare,
      drop,
      tolerance,
      held: drop <= tolerance,
    },
  };
  await writeFile(files.summary, `${JSON.stringify(result, null, 2)}\n`);
  return result;
}

interface RunContext {
  run: RunName;
  workload: Workload;
  clock: EmulatorClock;
  emulator: Emulator;
  telemetry: RightsizeTelemetry;
  tally: RunTally;
}

type Send = (request: SimulatedRequest) => Promise<void>;

async function runOnce(
  options: SimulationOptions & {
    run: RunName;
    file: string;
    usageFile: string;
    shadowEval?: ShadowEvalFactory;
  },
): Promise<RunSummary> {
  const { workload, run } = options;
  await rm(options.file, { force: true });
  const clock = createManualClock(Date.parse(`${workload.period.start}T00:00:00Z`));
  const emulator = await startEmulator({ port: 0, seed: workload.seed, clock });
  const processor = new BoundedSpanProcessor({
    exporter: new OtlpFileSpanExporter({ path: options.file }),
    // A simulated quarter emits spans far faster than a service would: a deep queue, no drops.
    maxQueueSize: 200_000,
    maxExportBatchSize: 2048,
    scheduledDelayMillis: 250,
  });
  const tracerProvider = new TracerProvider({
    resource: resourceFromAttributes({ "service.name": `${workload.name}`, "rightsize.simulation.run": run }),
    spanProcessors: [processor],
    ...(workload.sampleRate > 1 ? { sampler: labelledSampleSampler(workload.sampleRate) } : {}),
  });
  const telemetry = createRightsizeTelemetry({
    tracerProvider,
    baselineModel: workload.baselineModel,
    now: () => clock.now(),
  });
  const tally = new RunTally();
  const context: RunContext = { run, workload, clock, emulator, telemetry, tally };
  const sdk = new Anthropic({ apiKey: "simulated-key", baseURL: emulator.url, maxRetries: 2 });
  let routed: RoutedClient | undefined;
  let shadowEval: Awaited<ReturnType<ShadowEvalFactory>> | undefined;
  let send: Send;
  if (run === "before") {
    send = beforeSender(context, telemetry.instrumentAnthropic(sdk));
  } else {
    const feedback = createFeedbackLoop({ tiers: Object.keys(options.policy.tiers), now: () => clock.now() });
    shadowEval = await options.shadowEval?.({ feedback, tracerProvider, now: () => clock.now() });
    routed = createRoutedClient({
      ...(shadowEval ? { shadowEval } : {}),
      client: sdk,
      policy: options.policy,
      observer: telemetry,
      feedback,
      baselineModel: workload.baselineModel,
      batch: { maxSize: 500, maxWaitMs: 20, pollIntervalMs: 10 },
    });
    send = afterSender(context, routed, feedback);
  }
  try {
    let dayIndex = 0;
    for (const requests of generateWorkload(workload)) {
      await runDay({ requests, send, clock, concurrency: options.concurrency ?? 16, routed });
      // The day's shadow re-runs and judge calls, batched, end within the day.
      if (shadowEval) {
        await routed?.rightsize.flush();
        await shadowEval.flush();
      }
      dayIndex += 1;
      options.onProgress?.({ run, day: dayIndex, days: workload.period.days, requests: requests.length });
    }
    await routed?.rightsize.close();
    await saveUsageReport({ emulator, workload, path: options.usageFile });
  } finally {
    await tracerProvider.shutdown();
    await emulator.close();
  }
  const delivery = processor.stats();
  return tally.summary({
    spansExported: delivery.exported,
    spansDropped: delivery.droppedQueueFull + delivery.droppedExportFailed,
  });
}

/** One simulated day: realtime requests through a bounded pool, async ones into batch windows. */
async function runDay(options: {
  requests: readonly SimulatedRequest[];
  send: Send;
  clock: EmulatorClock;
  concurrency: number;
  routed: RoutedClient | undefined;
}): Promise<void> {
  const inFlight = new Set<Promise<void>>();
  const waitingForBatch: Promise<void>[] = [];
  for (const request of options.requests) {
    if (options.clock.now() < request.at) options.clock.set(request.at);
    const task = options.send(request);
    if (request.asyncEligible && options.routed) {
      waitingForBatch.push(task);
      continue;
    }
    const tracked = task.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    if (inFlight.size >= options.concurrency) await Promise.race(inFlight);
  }
  await options.routed?.rightsize.flush();
  await Promise.all([...inFlight, ...waitingForBatch]);
}

function paramsOf(
  request: SimulatedRequest,
  model: string,
  maxTokens: number,
): MessageCreateParamsNonStreaming {
  return {
    model,
    max_tokens: maxTokens,
    system: request.system,
    messages: [{ role: "user", content: request.userText }],
  };
}

function beforeSender(context: RunContext, client: Anthropic): Send {
  return async (request) => {
    const params = paramsOf(request, context.workload.baselineModel, request.requestedMaxTokens);
    try {
      // Teams tag their calls before they route (task type, and the policy package's complexity
      // score), so the audit and the report can read the mix and replay it. The score reads the
      // request's own content: the system prompt is the task's shared instructions, the same for
      // every request of the type, and says what the task is, not how hard this request is.
      const complexity = scoreComplexity({ messages: params.messages }).score;
      const message = await client.messages.create(params, {
        rightsize: { facts: { ...factsOf(request), complexity } },
      } as Anthropic.RequestOptions);
      judge(context, { request, message, tier: context.workload.baselineModel });
      context.tally.attempt({ model: message.model, tier: null });
    } catch (error) {
      context.tally.failure(request, error);
    }
  };
}

function afterSender(context: RunContext, routed: RoutedClient, feedback: FeedbackLoop): Send {
  return async (request) => {
    const params = paramsOf(request, context.workload.baselineModel, request.requestedMaxTokens);
    try {
      const message = await routed.messages.create(params, {
        rightsize: {
          requestId: `${context.run}-${request.id}`,
          facts: {
            ...factsOf(request),
            stakes: request.stakes,
            requestedMaxTokens: request.requestedMaxTokens,
          },
          ...(request.structured ? { validate: validJsonAnswer } : {}),
        },
      });
      const routing = routingOf(message);
      const tier = routing?.tiersTried.at(-1) ?? null;
      const verdict = judge(context, { request, message, tier: tier ?? message.model });
      context.tally.routed(routing);
      if (verdict !== undefined && routing) {
        feedback.feedback({ requestId: routing.requestId, verdict: verdict ? "good" : "bad" });
      }
    } catch (error) {
      context.tally.failure(request, error);
    }
  };
}

/** What the calling service knows about a request without reading its text. */
function factsOf(request: SimulatedRequest) {
  return {
    taskType: request.taskType,
    tenant: request.tenant,
    feature: request.feature,
    latencyClass: request.asyncEligible ? ("async" as const) : ("realtime" as const),
  };
}

/** The caller's check for structured tasks: the answer must be a JSON object. */
function validJsonAnswer(message: Message): boolean | string {
  const text = message.content.map((block) => (block.type === "text" ? block.text : "")).join("");
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null ? true : "the answer is JSON but not an object";
  } catch {
    return "the answer is not valid JSON";
  }
}

/**
 * Reads the emulator's ground truth for the answer; a deterministic share of answers also get a
 * user rating (feedback span, and the routed run's feedback loop). Returns the rating, if any.
 */
function judge(
  context: RunContext,
  answered: { request: SimulatedRequest; message: Message; tier: string },
): boolean | undefined {
  const { request, message, tier } = answered;
  const verdict = context.emulator.verdict(message.id);
  const correct = verdict?.correct ?? false;
  context.tally.answer(request, { correct, known: verdict !== undefined, usage: message.usage });
  if (unitHash(`${context.workload.seed}:${request.id}`) >= context.workload.feedbackShare) return undefined;
  context.telemetry.recordFeedback({
    taskType: request.taskType,
    tier,
    verdict: correct ? "pass" : "fail",
    requestId: `${context.run}-${request.id}`,
    source: "simulated-user",
  });
  return correct;
}

/** A deterministic number in [0, 1) from a string (FNV-1a). */
function unitHash(text: string): number {
  let value = 2166136261;
  for (let index = 0; index < text.length; index++)
    value = Math.imul(value ^ text.charCodeAt(index), 16777619);
  return (value >>> 0) / 4294967296;
}

/**
 * The provider's side of the books: the emulator's Admin usage report for the period (daily,
 * by model and service tier), every page, saved as a JSON array of pages for reconciliation.
 */
/**
 * The simulation's requests already are the sample (drawn at 1/N by the workload generator), so
 * every span is kept and labelled with the weight a probability sampler at 1/N would record.
 */
function labelledSampleSampler(sampleRate: number): Sampler {
  const attributes = Object.freeze({ [ATTR_SAMPLE_RATE]: sampleRate });
  return {
    shouldSample: () => ({ decision: SamplingDecision.RECORD_AND_SAMPLED, attributes }),
    toString: () => `LabelledSample{1/${sampleRate}}`,
  };
}

/** Multiply every count in a usage report's result rows by the sample rate (the bill of the whole traffic). */
function scaleUsageCounts(value: unknown, factor: number): unknown {
  if (typeof value === "number") return value * factor;
  if (Array.isArray(value)) return value.map((item) => scaleUsageCounts(item, factor));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, scaleUsageCounts(item, factor)]),
    );
  }
  return value;
}

async function saveUsageReport(options: {
  emulator: Emulator;
  workload: Workload;
  path: string;
}): Promise<void> {
  const start = `${options.workload.period.start}T00:00:00Z`;
  const end = new Date(Date.parse(start) + options.workload.period.days * DAY_MS).toISOString();
  const pages: unknown[] = [];
  let page: string | null = null;
  do {
    const query = new URLSearchParams({
      starting_at: start,
      ending_at: end,
      bucket_width: "1d",
      limit: "31",
    });
    query.append("group_by[]", "model");
    query.append("group_by[]", "service_tier");
    if (page) query.set("page", page);
    const response = await fetch(`${options.emulator.url}/v1/organizations/usage_report/messages?${query}`, {
      headers: { "x-api-key": "simulated-admin-key", "anthropic-version": "2023-06-01" },
    });
    if (!response.ok) throw new Error(`usage report: HTTP ${response.status} ${await response.text()}`);
    const body = (await response.json()) as {
      data?: Array<{ results?: unknown }>;
      has_more: boolean;
      next_page: string | null;
    };
    const factor = options.workload.sampleRate;
    if (factor > 1)
      for (const bucket of body.data ?? []) bucket.results = scaleUsageCounts(bucket.results, factor);
    pages.push(body);
    page = body.has_more ? body.next_page : null;
  } while (page);
  await writeFile(options.path, `${JSON.stringify(pages)}\n`);
}
