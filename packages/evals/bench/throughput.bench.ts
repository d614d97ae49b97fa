/**
 * Eval throughput against the emulator, beside the anchor: a bare loop of official-SDK calls
 * making the same calls (same requests, models, hints and concurrency) and nothing else. The
 * eval adds grading, the outcome and answer logs on disk, pricing and the final summary.
 * The emulator runs in its own process; rounds alternate eval and anchor, and the ratio is the
 * median of the per-round ratios (a shared machine drifts; pairing rounds keeps the ratio honest).
 *
 *   node packages/evals/bench/throughput.bench.ts [--requests 600] [--rounds 5] [--concurrency 16]
 */
import "../../../scripts/ts-source-hooks.mjs";
import { type ChildProcess, fork } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    requests: { type: "string", default: "600" },
    rounds: { type: "string", default: "5" },
    concurrency: { type: "string", default: "16" },
  },
});
const requestCount = Number(values.requests);
const rounds = Number(values.rounds);
const concurrency = Number(values.concurrency);

const evalsEntry = "../src/index.ts";
const evals = (await import(evalsEntry)) as typeof import("../src/index.js");
const { default: Anthropic } = await import("@anthropic-ai/sdk");

// The emulator benchmark's server process: the emulator (latency off) on a free loopback port.
const server = fork(new URL("../../emulator/bench/serve.ts", import.meta.url), [], {
  stdio: ["ignore", "pipe", "inherit", "ipc"],
});
const url = await new Promise<string>((resolve) => {
  server.stdout!.once("data", (chunk) => resolve((JSON.parse(String(chunk)) as { url: string }).url));
});
const client = new Anthropic({ apiKey: "bench", baseURL: url, maxRetries: 0 });

// The closed-question part of the example traffic (graded without a judge, so both sides make the same calls).
const text = await readFile(new URL("../examples/requests.jsonl", import.meta.url), "utf8");
const closed = evals
  .parseRequestLines({ text })
  .requests.filter((request) => request.reference !== undefined)
  .slice(0, requestCount);
const graders = evals.parseGradersFile({
  source: await readFile(new URL("../examples/graders.yaml", import.meta.url), "utf8"),
  baseDir: new URL("../examples/", import.meta.url).pathname,
});
const candidates = [
  { key: "haiku", tier: "haiku", model: "claude-haiku-5-5" },
  { key: "sonnet", tier: "sonnet", model: "claude-sonnet-5-5" },
  { key: "opus", tier: "opus", model: "claude-opus-5-5" },
];
const calls = closed.length * candidates.length;

/** The same params the eval sends (model replaced, the emulator hint with the task's label set). */
const choices = new Map<string, unknown[]>();
for (const request of closed) {
  const list = choices.get(request.taskType) ?? [];
  if (typeof request.reference !== "object" && !list.some((entry) => entry === request.reference))
    list.push(request.reference);
  choices.set(request.taskType, list);
}
const bareParams = closed.flatMap((request) =>
  candidates.map((candidate) => ({
    ...request.request,
    model: candidate.model,
    emulator_eval: {
      reference: request.reference,
      ...(typeof request.reference === "object" ? {} : { choices: choices.get(request.taskType) }),
    },
  })),
);

async function anchor(): Promise<number> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bareParams.length) await client.messages.create(bareParams[next++] as never);
    }),
  );
  return calls;
}

async function evalRun(): Promise<number> {
  const outDir = await mkdtemp(join(tmpdir(), "rightsize-eval-bench-"));
  try {
    const result = await evals.runEval({
      client,
      requests: closed,
      candidates,
      outDir,
      graders,
      concurrency,
      emulatorHints: true,
    });
    if (result.run.graded + result.errors.length !== calls)
      throw new Error("the eval did not grade every answer");
    return calls;
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

async function measure(work: () => Promise<number>) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const done = await work();
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { perSecond: done / seconds, cpuMsPerCall: (used.user + used.system) / 1000 / done };
}

// Warm up both paths (JIT, connection pool, module loading).
await anchor();
await evalRun();
const rows: { anchor: Awaited<ReturnType<typeof measure>>; eval: Awaited<ReturnType<typeof measure>> }[] = [];
for (let round = 0; round < rounds; round++) {
  const bare = await measure(anchor);
  const graded = await measure(evalRun);
  rows.push({ anchor: bare, eval: graded });
}
const median = (numbers: number[]) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)]!;
const anchorRate = median(rows.map((row) => row.anchor.perSecond));
const evalRate = median(rows.map((row) => row.eval.perSecond));
const ratio = median(rows.map((row) => row.eval.perSecond / row.anchor.perSecond));
const format = (value: number, digits = 0) => value.toFixed(digits);
console.log(
  `eval throughput against the emulator: ${closed.length} requests x ${candidates.length} tiers = ${calls} calls per round, concurrency ${concurrency}, ${rounds} rounds`,
);
console.log("| subject | calls/s (median) | client CPU ms/call (median) |");
console.log("| --- | ---: | ---: |");
console.log(
  `| anchor: bare loop of SDK calls | ${format(anchorRate)} | ${format(median(rows.map((row) => row.anchor.cpuMsPerCall)), 3)} |`,
);
console.log(
  `| rightsize eval run (graded, logged, priced) | ${format(evalRate)} | ${format(median(rows.map((row) => row.eval.cpuMsPerCall)), 3)} |`,
);
console.log(`eval / anchor throughput: ${format(ratio, 2)}x (median of per-round ratios)`);
await stop(server);

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}
