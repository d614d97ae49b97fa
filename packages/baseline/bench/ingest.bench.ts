/**
 * Ingest benchmark: N attempt spans (telemetry file format) → cohorts, beside a bare
 * `JSON.parse` pass over the same files in the same run; then the full buildReport.
 *
 *   ./dev pnpm --filter @rightsize/baseline... build
 *   ./dev node packages/baseline/bench/ingest.bench.ts --spans 1000000
 *
 * Files are generated once into $TMPDIR/rightsize-baseline-bench/N/ and reused. Each phase (bare
 * parse, sequential ingest + cohorts, parallel ingest + cohorts on every core, full buildReport)
 * runs in its own child process, so its maxRSS is its own; CPU time is reported beside wall time
 * because the machine is shared. The bare parse is single-threaded; "parallel" and "report" are not.
 */
import { spawnSync } from "node:child_process";
import { once } from "node:events";
import { createWriteStream, existsSync } from "node:fs";
import { mkdir, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
// The built package through its public entries (the package resolves its own name to dist/).
import { buildReport, CohortAccumulator, ingestFiles } from "@rightsize/baseline";
import { collectUsage, readLines } from "@rightsize/baseline/testing";

// --- span generator: the telemetry file exporter format, 100 spans per line, deterministic ---
const MODELS = ["claude-haiku-5-5", "claude-sonnet-5-5", "claude-opus-5-5", "claude-sonnet-4-6"];
const TASKS = ["classification", "extraction", "summarization", "drafting", "analysis", "code-generation"];
const TIERS = ["haiku", "sonnet", "opus", "sonnet"];
const SPANS_PER_LINE = 100;
const START_MS = Date.parse("2026-07-01T00:00:00Z");
const PERIOD_MS = 92 * 86_400_000;

const int = (key: string, value: number) => ({ key, value: { intValue: String(value) } });
const str = (key: string, value: string) => ({ key, value: { stringValue: value } });
const dbl = (key: string, value: number) => ({ key, value: { doubleValue: value } });
const bool = (key: string, value: boolean) => ({ key, value: { boolValue: value } });

function span(index: number, total: number) {
  const hash = Math.imul(index + 1, 2_654_435_761) >>> 0;
  const slot = hash % 4;
  const model = MODELS[slot]!;
  const uncached = 300 + (hash % 6000);
  const cacheRead = hash % 3 === 0 ? 2048 : 0;
  const output = 40 + ((hash >>> 8) % 1500);
  const startNs = BigInt(START_MS + Math.floor((index / total) * PERIOD_MS)) * 1_000_000n;
  const attributes: Array<{ key: string; value: unknown }> = [
    str("gen_ai.operation.name", "chat"),
    str("gen_ai.provider.name", "anthropic"),
    str("gen_ai.request.model", model),
    str("gen_ai.response.model", model),
    int("gen_ai.request.max_tokens", 2048),
    str("gen_ai.response.id", `msg_${hash.toString(16)}`),
    {
      key: "gen_ai.response.finish_reasons",
      value: { arrayValue: { values: [{ stringValue: "end_turn" }] } },
    },
    int("gen_ai.usage.input_tokens", uncached + cacheRead),
    int("gen_ai.usage.output_tokens", output),
    int("gen_ai.usage.cache_read.input_tokens", cacheRead),
    int("gen_ai.usage.cache_creation.input_tokens", 0),
    int("rightsize.usage.uncached_input_tokens", uncached),
    int("rightsize.usage.cache_write_5m_tokens", 0),
    int("rightsize.usage.cache_write_1h_tokens", 0),
    str("rightsize.usage.service_tier", hash % 10 === 0 ? "batch" : "standard"),
    int("rightsize.cost.pico_usd", uncached * 1_000_000 + output * 5_000_000),
    dbl("rightsize.cost.usd", (uncached + output * 5) / 1e6),
    str("rightsize.task_type", TASKS[(hash >>> 4) % TASKS.length]!),
    str("rightsize.tier", TIERS[slot]!),
    dbl("rightsize.complexity", ((hash >>> 12) % 1000) / 1000),
    int("rightsize.attempt", 1),
    str("rightsize.policy.name", "support-pipeline"),
    str("rightsize.policy.version", "1.0.0"),
    {
      key: "rightsize.decision.rules",
      value: { arrayValue: { values: [{ stringValue: "routine-on-haiku" }] } },
    },
    str("server.address", "api.anthropic.com"),
    int("server.port", 443),
  ];
  if (hash % 20 === 0) attributes.push(bool("rightsize.escalated_away", true));
  return {
    traceId: (hash.toString(16) + "0".repeat(32)).slice(0, 32),
    spanId: (hash.toString(16) + "0".repeat(16)).slice(0, 16),
    name: `chat ${model}`,
    kind: 3,
    startTimeUnixNano: startNs.toString(),
    endTimeUnixNano: (startNs + 900_000_000n).toString(),
    attributes,
    status: {},
  };
}

/** Write `spans` attempt spans to `path`. */
export async function generateSpans(options: { path: string; spans: number }): Promise<void> {
  const out = createWriteStream(options.path);
  for (let first = 0; first < options.spans; first += SPANS_PER_LINE) {
    const spans = [];
    for (let index = first; index < Math.min(options.spans, first + SPANS_PER_LINE); index++) {
      spans.push(span(index, options.spans));
    }
    const line = JSON.stringify({
      resourceSpans: [
        {
          resource: { attributes: [str("service.name", "support-bot")] },
          scopeSpans: [{ scope: { name: "@rightsize/telemetry", version: "0.1.0" }, spans }],
        },
      ],
    });
    if (!out.write(`${line}\n`)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

// --- benchmark ---
const argument = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
};
const spans = argument("spans", 1_000_000);
const fileCount = argument("files", 4);

const directory = join(tmpdir(), "rightsize-baseline-bench", String(spans));
await mkdir(directory, { recursive: true });
const paths = Array.from({ length: fileCount }, (_, index) => join(directory, `spans-${index}.jsonl`));
if (!paths.every((path) => existsSync(path))) {
  const started = performance.now();
  for (const path of paths) await generateSpans({ path, spans: Math.ceil(spans / fileCount) });
  console.log(`generated ${spans} spans in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
let bytes = 0;
for (const path of paths) bytes += (await stat(path)).size;

/** One phase in this process, printing one JSON line: wall and CPU seconds, maxRSS. */
async function runPhase(phase: string): Promise<void> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  let detail = "";
  if (phase === "parse") {
    // Anchor: the same streamed read, one JSON.parse per line, nothing else.
    let parsed = 0;
    for (const path of paths) {
      await readLines({
        path,
        onLine: (line) => {
          parsed += JSON.parse(line).resourceSpans.length;
        },
      });
    }
    if (parsed === 0) throw new Error("the bare parse saw no spans");
  } else if (phase === "ingest") {
    const accumulator = new CohortAccumulator();
    let records = 0;
    await ingestFiles({
      paths,
      sink: {
        record: (record) => {
          records++;
          accumulator.add(record);
        },
        verdict: () => {},
      },
    });
    detail = `${records} spans → ${accumulator.size} cohorts`;
  } else if (phase === "parallel") {
    const collected = await collectUsage({ paths, canonicalModel: (model) => model });
    detail = `${collected.usage.cohorts.length} cohorts, ${collected.workers} worker(s) beside the main thread`;
  } else {
    const figures = await buildReport({ inputs: paths, period: "2026-Q3" });
    detail =
      `${figures.inputs.cohorts} cohorts; optimized ${figures.runRates.optimized.monthly.usd}/month ` +
      `vs current ${figures.runRates.current.monthly.usd}`;
  }
  const used = process.cpuUsage(cpu);
  const result = {
    phase,
    wall: (performance.now() - started) / 1000,
    cpu: (used.user + used.system) / 1e6,
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    detail,
  };
  console.log(JSON.stringify(result));
}

const phaseIndex = process.argv.indexOf("--phase");
if (phaseIndex !== -1) {
  await runPhase(process.argv[phaseIndex + 1] ?? "");
} else {
  // Each phase in its own process, so its peak RSS is its own.
  const results: Record<string, { wall: number; cpu: number; maxRssMb: number; detail: string }> = {};
  for (const phase of ["parse", "ingest", "parallel", "report"]) {
    const child = spawnSync(
      process.execPath,
      [...process.execArgv, ...process.argv.slice(1), "--phase", phase],
      {
        encoding: "utf8",
        maxBuffer: 1 << 20,
      },
    );
    if (child.status !== 0) throw new Error(`phase ${phase} failed: ${child.stderr}`);
    results[phase] = JSON.parse(child.stdout.trim().split("\n").pop() ?? "{}");
  }
  const parse = results.parse!;
  console.log(`${spans} spans in ${fileCount} files, ${(bytes / 1e6).toFixed(0)} MB`);
  for (const [phase, result] of Object.entries(results)) {
    console.log(
      `${phase.padEnd(7)} ${result.wall.toFixed(2)} s wall, ${result.cpu.toFixed(2)} s CPU ` +
        `(${(result.cpu / parse.cpu).toFixed(2)}x bare parse CPU, ${(result.wall / parse.wall).toFixed(2)}x wall), ` +
        `maxRSS ${result.maxRssMb} MB${result.detail ? `, ${result.detail}` : ""}`,
    );
  }
}
