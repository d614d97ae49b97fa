/**
 * Writes OTLP JSON-lines span files as the OTel Collector file exporter (and rightsize's
 * embedded file exporter) writes them: one ExportTraceServiceRequest per line, a batch of
 * attempt spans per line, 64-bit ints as strings. Attribute names are the wire names of
 * @rightsize/contracts/semconv, written out as a fixture would. Deterministic for a given seed, so runs compare.
 *
 * The workload: a quarter (2026-Q3, 92 days) with weekday/weekend seasonality and growth,
 * eight task types on four models, prompt caching, a batch share, ~3% of cheap-tier requests
 * escalated (two attempt spans, the first marked escalated_away), quality verdicts on a fifth.
 *
 * With `sampleRate` N every span carries `SampleRate` N (Honeycomb's convention: this span stands
 * for N): the files are a 1-in-N sample of whole requests, `spans` / N spans standing for `spans`.
 */
import { once } from "node:events";
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
// Resolves to the built package (the benchmark runs after `./dev build`).
import { seededRandom } from "@rightsize/contracts";

export interface GeneratedSpans {
  directory: string;
  files: string[];
  /** Spans written. */
  spans: number;
  /** Requests written (an escalated request writes two spans). */
  requests: number;
  /** The SampleRate every span carries (1: unsampled). */
  sampleRate: number;
  bytes: number;
}

const GENERATOR_VERSION = 1;
const DAYS = 92;
const PERIOD_START_MS = Date.UTC(2026, 6, 1);
const SPANS_PER_LINE = 256;

interface TaskProfile {
  taskType: string;
  tier: "haiku" | "sonnet" | "opus";
  model: string;
  weight: number;
  input: number;
  output: number;
  cachedShare: number;
  batchShare: number;
  passRate: number;
}

const TASKS: readonly TaskProfile[] = [
  {
    taskType: "classify",
    tier: "haiku",
    model: "claude-haiku-4-5",
    weight: 22,
    input: 900,
    output: 40,
    cachedShare: 0.6,
    batchShare: 0.3,
    passRate: 0.97,
  },
  {
    taskType: "extract",
    tier: "haiku",
    model: "claude-haiku-5-5",
    weight: 16,
    input: 2400,
    output: 300,
    cachedShare: 0.5,
    batchShare: 0.2,
    passRate: 0.95,
  },
  {
    taskType: "summarize",
    tier: "sonnet",
    model: "claude-sonnet-4-6",
    weight: 18,
    input: 6000,
    output: 500,
    cachedShare: 0.4,
    batchShare: 0.15,
    passRate: 0.94,
  },
  {
    taskType: "support-chat",
    tier: "sonnet",
    model: "claude-sonnet-4-6",
    weight: 20,
    input: 3500,
    output: 350,
    cachedShare: 0.7,
    batchShare: 0,
    passRate: 0.93,
  },
  {
    taskType: "translate",
    tier: "haiku",
    model: "claude-haiku-4-5",
    weight: 8,
    input: 1500,
    output: 1400,
    cachedShare: 0.3,
    batchShare: 0.4,
    passRate: 0.96,
  },
  {
    taskType: "code-review",
    tier: "opus",
    model: "claude-opus-4-7",
    weight: 7,
    input: 12000,
    output: 1200,
    cachedShare: 0.5,
    batchShare: 0.1,
    passRate: 0.91,
  },
  {
    taskType: "draft-email",
    tier: "sonnet",
    model: "claude-sonnet-4-6",
    weight: 6,
    input: 1200,
    output: 450,
    cachedShare: 0.2,
    batchShare: 0,
    passRate: 0.95,
  },
  {
    taskType: "legal-analysis",
    tier: "opus",
    model: "claude-opus-4-7",
    weight: 3,
    input: 20000,
    output: 2000,
    cachedShare: 0.6,
    batchShare: 0.05,
    passRate: 0.9,
  },
];

function hex(next: () => number, length: number): string {
  let text = "";
  while (text.length < length)
    text += Math.floor(next() * 0xffffffff)
      .toString(16)
      .padStart(8, "0");
  return text.slice(0, length);
}

const int = (key: string, value: number) => `{"key":"${key}","value":{"intValue":"${value}"}}`;
const str = (key: string, value: string) => `{"key":"${key}","value":{"stringValue":"${value}"}}`;
const bool = (key: string, value: boolean) => `{"key":"${key}","value":{"boolValue":${value}}}`;
const dbl = (key: string, value: number) => `{"key":"${key}","value":{"doubleValue":${value}}}`;

/** Requests per day: weekday/weekend pattern and 0.3% daily growth, summing to `total`. */
function dailyCounts(total: number): number[] {
  const weights = Array.from({ length: DAYS }, (_, day) => {
    const weekday = new Date(PERIOD_START_MS + day * 86_400_000).getUTCDay();
    return (weekday === 0 || weekday === 6 ? 0.55 : 1.1) * (1 + 0.003 * day);
  });
  const sum = weights.reduce((left, right) => left + right, 0);
  const counts = weights.map((weight) => Math.floor((weight / sum) * total));
  counts[DAYS - 1] = (counts[DAYS - 1] ?? 0) + total - counts.reduce((left, right) => left + right, 0);
  return counts;
}

function pickTask(next: () => number): TaskProfile {
  const totalWeight = TASKS.reduce((sum, task) => sum + task.weight, 0);
  let roll = next() * totalWeight;
  for (const task of TASKS) {
    roll -= task.weight;
    if (roll <= 0) return task;
  }
  return TASKS[0] as TaskProfile;
}

/** Spans of one request: one attempt, or an escalated-away attempt and its retry. */
function requestSpans(next: () => number, timeMs: number, sampleRate: number): string[] {
  const task = pickTask(next);
  const traceId = hex(next, 32);
  const escalate = task.tier === "haiku" && next() < 0.03;
  const attempts = escalate
    ? [
        { ...task, tier: "haiku", model: task.model },
        { ...task, tier: "sonnet", model: "claude-sonnet-4-6" },
      ]
    : [task];
  const batch = next() < task.batchShare;
  const spread = Math.exp((next() - 0.5) * 1.4);
  const prompt = Math.max(50, Math.round(task.input * spread));
  const cached = next() < task.cachedShare ? Math.floor(prompt * 0.7) : 0;
  const cacheWrite = cached === 0 && next() < 0.1 ? Math.floor(prompt * 0.6) : 0;
  const output = Math.max(1, Math.round(task.output * Math.exp((next() - 0.5) * 1.2)));
  const complexity = Math.round(next() * 1000) / 1000;
  return attempts.map((attempt, index) => {
    const start = timeMs + index * 2500;
    const end = start + 800 + Math.floor(output * 12);
    const final = index === attempts.length - 1;
    const verdict = final && next() < 0.2 ? (next() < task.passRate ? "pass" : "fail") : null;
    const attributes = [
      str("gen_ai.operation.name", "chat"),
      str("gen_ai.provider.name", "anthropic"),
      str("gen_ai.request.model", attempt.model),
      str("gen_ai.response.model", attempt.model),
      int("gen_ai.request.max_tokens", 4096),
      int("gen_ai.usage.input_tokens", prompt),
      int("gen_ai.usage.output_tokens", output),
      int("gen_ai.usage.cache_read.input_tokens", cached),
      int("gen_ai.usage.cache_creation.input_tokens", cacheWrite),
      int("rightsize.usage.uncached_input_tokens", prompt - cached - cacheWrite),
      int("rightsize.usage.cache_write_5m_tokens", cacheWrite),
      int("rightsize.usage.cache_write_1h_tokens", 0),
      str("rightsize.usage.service_tier", batch ? "batch" : "standard"),
      bool("rightsize.cost.batch", batch),
      str("rightsize.task_type", task.taskType),
      str("rightsize.tier", attempt.tier),
      str("rightsize.mode", batch ? "batch" : "realtime"),
      dbl("rightsize.complexity", complexity),
      int("rightsize.attempt", index + 1),
      ...(final
        ? []
        : [
            bool("rightsize.escalated_away", true),
            str("rightsize.escalation.reason", "quality_check_failed"),
          ]),
      ...(verdict ? [str("rightsize.quality.verdict", verdict)] : []),
      ...(sampleRate > 1 ? [int("SampleRate", sampleRate)] : []),
    ];
    return (
      `{"traceId":"${traceId}","spanId":"${hex(next, 16)}","name":"chat ${attempt.model}","kind":3,` +
      `"startTimeUnixNano":"${start}000000","endTimeUnixNano":"${end}000000",` +
      `"attributes":[${attributes.join(",")}],"status":{}}`
    );
  });
}

function exportLine(spans: readonly string[]): string {
  return (
    `{"resourceSpans":[{"resource":{"attributes":[${str("service.name", "bench-fleet")}]},` +
    `"scopeSpans":[{"scope":{"name":"@rightsize/telemetry","version":"0.1.0"},"spans":[${spans.join(",")}]}]}]}\n`
  );
}

/**
 * Generates `spans` attempt spans over `files` files in `directory` (created), or reuses a
 * complete earlier generation of the same size, sample rate, version and seed found there. With
 * `sampleRate` N it writes `spans` / N spans, each with SampleRate N (the same daily profile).
 */
export async function generateOtlpSpanFiles(options: {
  directory: string;
  spans: number;
  sampleRate?: number;
  files?: number;
  seed?: number;
  log?: (line: string) => void;
}): Promise<GeneratedSpans> {
  const sampleRate = options.sampleRate ?? 1;
  if (!Number.isInteger(sampleRate) || sampleRate < 1 || options.spans % sampleRate !== 0)
    throw new Error(`sampleRate: expected a whole number >= 1 dividing ${options.spans}, got ${sampleRate}`);
  const target = options.spans / sampleRate;
  const fileCount = options.files ?? 6;
  const seed = options.seed ?? 20260701;
  const marker = join(options.directory, "complete.json");
  const key = { version: GENERATOR_VERSION, spans: options.spans, sampleRate, files: fileCount, seed };
  if (existsSync(marker)) {
    const done = JSON.parse(readFileSync(marker, "utf8")) as GeneratedSpans & { key: typeof key };
    if (JSON.stringify(done.key) === JSON.stringify(key)) return done;
  }
  mkdirSync(options.directory, { recursive: true });
  const next = seededRandom(seed);
  const counts = dailyCounts(target);
  const files = Array.from({ length: fileCount }, (_, index) =>
    join(options.directory, `spans-${index + 1}.otlp.jsonl`),
  );
  const perFile = Math.ceil(target / fileCount);
  let written = 0;
  let requests = 0;
  let bytes = 0;
  let fileIndex = -1;
  let stream: ReturnType<typeof createWriteStream> | undefined;
  let pending: string[] = [];
  const flush = async () => {
    if (pending.length === 0 || !stream) return;
    const line = exportLine(pending);
    bytes += Buffer.byteLength(line);
    pending = [];
    if (!stream.write(line)) await once(stream, "drain");
  };
  for (const [day, count] of counts.entries()) {
    for (let request = 0; request < count && written < target; ) {
      if (written >= (fileIndex + 1) * perFile || !stream) {
        await flush();
        if (stream) {
          stream.end();
          await once(stream, "finish");
        }
        fileIndex += 1;
        stream = createWriteStream(files[fileIndex] as string);
        options.log?.(`writing ${files[fileIndex]}`);
      }
      const timeMs = PERIOD_START_MS + day * 86_400_000 + Math.floor((request / count) * 86_000_000);
      const spans = requestSpans(next, timeMs, sampleRate);
      // A sample keeps whole requests: the last request is written whole, or not at all.
      if (written + spans.length > target) break;
      requests += 1;
      for (const span of spans) {
        pending.push(span);
        written += 1;
        request += 1;
      }
      if (pending.length >= SPANS_PER_LINE) await flush();
    }
  }
  await flush();
  if (stream) {
    stream.end();
    await once(stream, "finish");
  }
  const result = {
    directory: options.directory,
    files: files.slice(0, fileIndex + 1),
    spans: written,
    requests,
    sampleRate,
    bytes,
  };
  writeFileSync(marker, JSON.stringify({ ...result, key }));
  return result;
}
