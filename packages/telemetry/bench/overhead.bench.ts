// CPU time added per call by @rightsize/telemetry's plain-client wrapper, against the same calls
// uninstrumented and against OpenLLMetry (@traceloop/instrumentation-anthropic 0.27), in the
// same run.
//
// Method: every subject runs in its own child process (one per subject and round, the order
// rotated each round), where it alternates call by call with an uninstrumented client, so a
// shared machine's load drifts over both alike; process.cpuUsage() is read around each awaited
// call, and "added" is the subject's CPU minus the bare client's in that same process. One
// process per subject matters: with all instrumentations interleaved in one process, each
// evicts the others' code and data from the CPU caches and every figure comes out inflated
// (measured here: ours 40 µs and OpenLLMetry 22 µs added that way; a real service runs one).
//
// Transport: by default the SDK's `fetch` answers in-process (no socket), which keeps the
// kernel's loopback noise out of a figure that is a few percent of the call; `--socket` sends
// every call over loopback to a server in a separate process (the setup) instead.
// Every instrumentation records into an SDK TracerProvider (batching processor, discarding
// exporter); rightsize's metrics go to a reader (through the metrics store, or through SDK
// instruments), so their aggregation is counted too (OpenLLMetry's Anthropic instrumentation
// records no metrics). "One bare SDK span" is the floor any span-per-call instrumentation pays.
//
// Calls: each one as large as the usage its response reports. The answer bills 9,200 prompt
// tokens (1,200 uncached, 5,000 read from the cache, 3,000 written to it) and 340 output tokens,
// so the request carries a 32,000-character system prompt marked for caching and a
// 4,800-character question, and the answer 1,360 characters of text (4 characters per token,
// English prose). An instrumentation that records content (OpenLLMetry does by default) pays for
// that size; one that does not, does not. The "short" subjects send the one-line question this
// bench used to send with the same answer (a request of 11 tokens billed as 9,200): the figures
// of a call that carries almost no text.
//
// Statistics per child process: the mean (everything, garbage collection included), the
// per-call median (process.cpuUsage() counts whole microseconds, so it moves in steps of 1 µs),
// and the 10-90% trimmed mean (the body of the distribution at sub-microsecond resolution,
// without the calls that a collection or the machine's load makes 5-50x slower). The parent
// reports the median over rounds of each.
//
// Run: ./dev pnpm --filter @rightsize/pricing --filter @rightsize/telemetry build
//      ./dev node packages/telemetry/bench/overhead.bench.ts [calls per round] [rounds] [--socket]
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import Anthropic, { APIPromise } from "@anthropic-ai/sdk";
import { SpanKind, type Tracer } from "@opentelemetry/api";
import { MeterProvider, MetricReader } from "@opentelemetry/sdk-metrics";
import { BatchSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { createRightsizeTelemetry, RightsizeMetrics } from "@rightsize/telemetry";
import { AnthropicInstrumentation } from "@traceloop/instrumentation-anthropic";

const SUBJECTS = {
  floor: "+ one bare SDK span (the floor of a span)      ",
  floorAttributes: "+ one SDK span with rightsize's attributes     ",
  floorOnSdkSpan: "+ rightsize's attributes on the SDK's span     ",
  ours: "+ @rightsize/telemetry (metrics store)          ",
  oursMeter: "+ @rightsize/telemetry (SDK metric instruments) ",
  oursSpansOnly: "+ @rightsize/telemetry, spans only              ",
  openllmetryNoContent: "+ OpenLLMetry (traceContent: false)             ",
  openllmetryDefault: "+ OpenLLMetry (default, traceContent: true)     ",
  oursStream: "streamed: + @rightsize/telemetry (store)       ",
  openllmetryStream: "streamed: + OpenLLMetry (default)             ",
  oursShort: "short call: + @rightsize/telemetry (store)     ",
  openllmetryShort: "short call: + OpenLLMetry (default)           ",
} as const;
type Subject = keyof typeof SUBJECTS;

/** English prose of `characters` characters (about 4 per token). */
function prose(characters: number): string {
  const sentence =
    "Q3 revenue rose 4% to $18.2M on services growth; gross margin held at 61% while operating expenses fell 2% after the vendor consolidation. ";
  return sentence.repeat(Math.ceil(characters / sentence.length)).slice(0, characters);
}
const SYSTEM_PROMPT = prose(32_000);
const QUESTION = `Summarize the quarterly report in one sentence.\n\n${prose(4_800 - 49)}`;
const ANSWER = prose(1_360);
const BODY = JSON.stringify({
  id: "msg_bench",
  type: "message",
  role: "assistant",
  model: "claude-sonnet-4-6",
  content: [{ type: "text", text: ANSWER }],
  stop_reason: "end_turn",
  stop_sequence: null,
  usage: {
    input_tokens: 1200,
    output_tokens: 340,
    cache_read_input_tokens: 5000,
    cache_creation_input_tokens: 3000,
    cache_creation: { ephemeral_5m_input_tokens: 1000, ephemeral_1h_input_tokens: 2000 },
    service_tier: "standard",
  },
});
/** The same answer streamed: the events the API sends, usage cumulative in message_delta. */
const { usage: STREAM_USAGE } = JSON.parse(BODY) as { usage: { output_tokens: number } };
const SSE = (
  [
    [
      "message_start",
      {
        type: "message_start",
        message: {
          ...JSON.parse(BODY),
          content: [],
          stop_reason: null,
          usage: { ...STREAM_USAGE, output_tokens: 1 },
        },
      },
    ],
    [
      "content_block_start",
      { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } },
    ],
    [
      "content_block_delta",
      { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: ANSWER.slice(0, 680) } },
    ],
    [
      "content_block_delta",
      { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: ANSWER.slice(680) } },
    ],
    ["content_block_stop", { type: "content_block_stop", index: 0 }],
    [
      "message_delta",
      { type: "message_delta", delta: { stop_reason: "end_turn", stop_sequence: null }, usage: STREAM_USAGE },
    ],
    ["message_stop", { type: "message_stop" }],
  ] as const
)
  .map(([event, data]) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)
  .join("");
/**
 * What rightsize writes on the SDK's call span for this call, beyond what the SDK writes there
 * itself (read from a recorded span: `chat claude-sonnet-4-6` minus `anthropic.messages.create`).
 */
const RIGHTSIZE_ON_SDK_SPAN: Record<string, string | number | boolean | string[] | number[]> = {
  "gen_ai.usage.cache_creation.input_tokens": 3000,
  "gen_ai.response.finish_reasons": ["end_turn"],
  "rightsize.cost.pico_usd": 25950000000,
  "rightsize.cost.usd": 0.02595,
  "rightsize.price_book.version": "2026-11-22",
  "rightsize.baseline.model": "claude-opus-4-7",
  "rightsize.baseline.cost_pico_usd": 70850000000,
  "rightsize.savings.routing_pico_usd": 38150000000,
  "rightsize.savings.total_pico_usd": 44900000000,
  "rightsize.savings.caching_pico_usd": 6750000000,
};
/** What a span of rightsize's own carries beyond its start attributes (the SDK's share included). */
const RIGHTSIZE_OWN_SPAN: Record<string, string | number | boolean | string[] | number[]> = {
  "gen_ai.request.max_tokens": 512,
  "gen_ai.usage.input_tokens": 9200,
  "gen_ai.usage.output_tokens": 340,
  "gen_ai.usage.cache_read.input_tokens": 5000,
  "rightsize.usage.uncached_input_tokens": 1200,
  "gen_ai.response.id": "msg_bench",
  "gen_ai.response.model": "claude-sonnet-4-6",
  "rightsize.usage.cache_write_5m_tokens": 1000,
  "rightsize.usage.cache_write_1h_tokens": 2000,
  ...RIGHTSIZE_ON_SDK_SPAN,
};
const SERVER = `
const http = require("node:http");
const body = ${JSON.stringify(BODY)};
const sse = ${JSON.stringify(SSE)};
const server = http.createServer((request, response) => {
  let sent = "";
  request.on("data", (chunk) => (sent += chunk));
  request.on("end", () => {
    const streamed = sent.includes('"stream":true');
    response.writeHead(200, {
      "content-type": streamed ? "text/event-stream" : "application/json",
      "request-id": "req_bench",
    });
    response.end(streamed ? sse : body);
  });
});
server.listen(0, "127.0.0.1", () => process.send(server.address().port));
`;

const argv = process.argv.slice(2);
const childIndex = argv.indexOf("--child");
if (childIndex >= 0) {
  await runChild(argv[childIndex + 1] as Subject, Number(argv[childIndex + 2]), argv[childIndex + 3]);
} else {
  await runParent();
}

/** One subject against the bare SDK, alternating call by call; prints {bare, subject} µs per call. */
async function runChild(subject: Subject, calls: number, port: string | undefined): Promise<void> {
  const baseURL = port === undefined ? "http://127.0.0.1:9" : `http://127.0.0.1:${port}`;
  // The SDK traces its own calls, as it does in production: both clients record its
  // anthropic.messages.create span into the same provider, so "added" is what an
  // instrumentation adds on top of the SDK's own tracing.
  const tracerProvider = benchTracerProvider();
  // The stream subjects stream every call of their process, the bare client's too.
  const streaming = subject === "oursStream" || subject === "openllmetryStream";
  const inProcessFetch = async () =>
    new Response(streaming ? SSE : BODY, {
      status: 200,
      headers: {
        "content-type": streaming ? "text/event-stream" : "application/json",
        "request-id": "req_bench",
      },
    });
  const client = () =>
    new Anthropic({
      apiKey: "bench",
      baseURL,
      maxRetries: 0,
      openTelemetry: { tracerProvider },
      ...(port === undefined ? { fetch: inProcessFetch } : {}),
    });
  const bare = client();
  const instrumented = build(subject, client, tracerProvider);
  const short = subject === "oursShort" || subject === "openllmetryShort";
  const params = short
    ? {
        model: "claude-sonnet-4-6",
        max_tokens: 512,
        messages: [{ role: "user" as const, content: "Summarize the quarterly report in one sentence." }],
      }
    : {
        model: "claude-sonnet-4-6",
        max_tokens: 512,
        system: [
          { type: "text" as const, text: SYSTEM_PROMPT, cache_control: { type: "ephemeral" as const } },
        ],
        messages: [{ role: "user" as const, content: QUESTION }],
      };
  const streamed = { ...params, stream: true as const };
  const timed = async (target: Anthropic) => {
    const start = process.cpuUsage();
    if (streaming) {
      // A streamed call costs what reading it to its end costs.
      for await (const _event of await target.messages.create(streamed));
    } else await target.messages.create(params);
    const used = process.cpuUsage(start);
    return used.user + used.system;
  };
  const pairs = async (count: number) => {
    const bareCalls = new Float64Array(count);
    const subjectCalls = new Float64Array(count);
    for (let index = 0; index < count; index += 1) {
      // Alternate which goes first, so neither always runs right after the other.
      if (index % 2 === 0) {
        bareCalls[index] = await timed(bare);
        subjectCalls[index] = await timed(instrumented);
      } else {
        subjectCalls[index] = await timed(instrumented);
        bareCalls[index] = await timed(bare);
      }
    }
    const mean = (calls: Float64Array) => calls.reduce((sum, value) => sum + value, 0) / count;
    const median = (calls: Float64Array) => calls.sort()[Math.floor(count / 2)] as number;
    /** Mean of the middle 80% (sorts in place, as `median` does). */
    const trimmed = (calls: Float64Array) => {
      calls.sort();
      const low = Math.floor(count * 0.1);
      const high = Math.ceil(count * 0.9);
      let sum = 0;
      for (let index = low; index < high; index += 1) sum += calls[index] as number;
      return sum / (high - low);
    };
    // Means count everything (garbage collection included, wherever it lands); medians show the
    // body of the distribution, without the 1% of calls that a collection or the machine's load
    // makes 5-50x slower and that dominate the means' spread.
    return {
      bare: mean(bareCalls),
      subject: mean(subjectCalls),
      bareMedian: median(bareCalls),
      subjectMedian: median(subjectCalls),
      bareTrimmed: trimmed(bareCalls),
      subjectTrimmed: trimmed(subjectCalls),
    };
  };
  await pairs(Math.min(5000, calls)); // warm-up: JIT, pools, heap sizing
  process.stdout.write(`${JSON.stringify(await pairs(calls))}\n`);
  process.exit(0);
}

/** A batching processor into a discarding exporter: the SDK's work per span, no I/O. */
function benchTracerProvider(): TracerProvider {
  const discard = {
    export: (_spans: unknown, callback: (result: { code: number }) => void) => callback({ code: 0 }),
    shutdown: async () => {},
  };
  return new TracerProvider({
    spanProcessors: [
      new BatchSpanProcessor({ exporter: discard, maxQueueSize: 4096, maxExportBatchSize: 512 }),
    ],
  });
}

function build(subject: Subject, client: () => Anthropic, tracerProvider: TracerProvider): Anthropic {
  class IdleReader extends MetricReader {
    protected override async onShutdown(): Promise<void> {}
    protected override async onForceFlush(): Promise<void> {}
  }
  const baselineModel = "claude-opus-4-7";
  switch (subject) {
    // A stream subject is its plain subject's instrumentation, given streamed calls.
    case "oursStream":
      return build("ours", client, tracerProvider);
    case "openllmetryStream":
      return build("openllmetryDefault", client, tracerProvider);
    // The short-call subjects: the same instrumentation, given the one-line question.
    case "oursShort":
      return build("ours", client, tracerProvider);
    case "openllmetryShort":
      return build("openllmetryDefault", client, tracerProvider);
    case "floor":
    case "floorAttributes": {
      // One SDK span per call with only the five GenAI attributes a sampler should see at its
      // start, ended when the call settles; no metric, no pricing. floorAttributes also writes
      // the further attributes a span of rightsize's own carries (values precomputed): the
      // SDK's cost of the attribute set alone.
      const tracer = tracerProvider.getTracer("floor");
      const instrumented = client();
      const messages = instrumented.messages as unknown as { create: (body: unknown) => Promise<unknown> };
      const create = messages.create.bind(messages);
      const start = Object.freeze({
        "gen_ai.operation.name": "chat",
        "gen_ai.provider.name": "anthropic",
        "gen_ai.request.model": "claude-sonnet-4-6",
        "server.address": "127.0.0.1",
        "server.port": 9,
      });
      const rest = subject === "floorAttributes" ? Object.entries(RIGHTSIZE_OWN_SPAN) : [];
      messages.create = (body) => {
        const span = tracer.startSpan("chat claude-sonnet-4-6", { kind: SpanKind.CLIENT, attributes: start });
        return create(body).then((message) => {
          for (const [key, value] of rest) span.setAttribute(key, value);
          span.end();
          return message;
        });
      };
      return instrumented;
    }
    case "floorOnSdkSpan": {
      // No span of its own: the same attributes written on the SDK's call span while it records
      // (taken from the client's tracer, as rightsize takes it), values precomputed: the SDK's
      // cost of the attribute set alone, the floor of the adopting design.
      const instrumented = client();
      const holder = instrumented as unknown as { _tracer: Tracer };
      const inner = holder._tracer;
      const entries = Object.entries(RIGHTSIZE_ON_SDK_SPAN);
      holder._tracer = {
        startSpan: (name, options, context) => {
          const span = inner.startSpan(name, options, context);
          for (const [key, value] of entries) span.setAttribute(key, value);
          return span;
        },
        startActiveSpan: inner.startActiveSpan.bind(inner) as Tracer["startActiveSpan"],
      };
      return instrumented;
    }
    case "ours": {
      // Metrics into the in-process store a reader collects through its MetricProducer: what
      // startTelemetry sets up.
      const store = new RightsizeMetrics();
      new MeterProvider({ readers: [new IdleReader({ metricProducers: [store.producer()] })] });
      return createRightsizeTelemetry({ tracerProvider, metrics: store, baselineModel }).instrumentAnthropic(
        client(),
      );
    }
    case "oursMeter":
      return createRightsizeTelemetry({
        tracerProvider,
        meterProvider: new MeterProvider({ readers: [new IdleReader()] }),
        baselineModel,
      }).instrumentAnthropic(client());
    case "oursSpansOnly":
      // A MeterProvider without a reader records nothing (as OpenLLMetry, which has no metrics).
      return createRightsizeTelemetry({
        tracerProvider,
        meterProvider: new MeterProvider(),
        baselineModel,
      }).instrumentAnthropic(client());
    case "openllmetryNoContent":
    case "openllmetryDefault": {
      // manuallyInstrument() patches Anthropic.Completions, which SDK 1.x no longer has, so it
      // gets a shim whose Messages is a subclass of the SDK's: patching the subclass's prototype
      // leaves the bare client untouched.
      class TracedMessages extends Anthropic.Messages {}
      const instrumentation = new AnthropicInstrumentation({
        traceContent: subject === "openllmetryDefault",
      });
      instrumentation.setTracerProvider(tracerProvider);
      const noop = class {
        create() {}
      };
      // Its stream wrapper builds a new APIPromise from the module it instrumented: the SDK's.
      instrumentation.manuallyInstrument({
        Anthropic: { Completions: noop, Messages: TracedMessages, Beta: { Messages: noop } },
        APIPromise,
      } as never);
      const instrumented = client();
      (instrumented as unknown as { messages: Anthropic.Messages }).messages = new TracedMessages(
        instrumented,
      );
      return instrumented;
    }
  }
}

async function runParent(): Promise<void> {
  const numeric = argv.filter((argument) => !argument.startsWith("--"));
  const callsPerRound = Number(numeric[0] ?? 20000);
  const rounds = Number(numeric[1] ?? 3);
  const overSocket = argv.includes("--socket");
  let port: string | undefined;
  let stopServer = () => {};
  if (overSocket) {
    const server = spawn(process.execPath, ["-e", SERVER], {
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    port = String(
      await new Promise<number>((resolve) => server.once("message", (message) => resolve(Number(message)))),
    );
    stopServer = () => server.kill();
  }
  const names = Object.keys(SUBJECTS) as Subject[];
  const results = new Map<Subject, ChildResult[]>(names.map((name) => [name, []]));
  const self = fileURLToPath(import.meta.url);
  for (let round = 0; round < rounds; round += 1) {
    for (let offset = 0; offset < names.length; offset += 1) {
      const name = names[(round + offset) % names.length] as Subject;
      const args = [...process.execArgv, self, "--child", name, String(callsPerRound)];
      if (port !== undefined) args.push(port);
      results.get(name)?.push(await runProcess(args));
    }
  }
  stopServer();

  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)] as number;
  };
  const of = (name: Subject) => results.get(name) ?? [];
  const added = (name: Subject) => median(of(name).map((pair) => pair.subject - pair.bare));
  const addedBody = (name: Subject) => median(of(name).map((pair) => pair.subjectMedian - pair.bareMedian));
  const addedTrimmed = (name: Subject) =>
    median(of(name).map((pair) => pair.subjectTrimmed - pair.bareTrimmed));
  const us = (value: number) => `${value.toFixed(1)} µs`.padStart(9);
  console.log(`transport: ${overSocket ? "loopback socket to a server process" : "in-process fetch"}`);
  console.log(
    `${callsPerRound} calls x ${rounds} rounds per subject, each in its own process beside the bare SDK; medians of rounds`,
  );
  console.log(
    `SDK alone (median over all processes)            ${us(median(names.flatMap((name) => of(name).map((pair) => pair.bare))))}`,
  );
  for (const name of names) {
    console.log(
      `${SUBJECTS[name]}${us(median(of(name).map((pair) => pair.subject)))}  added ${us(added(name))}   per-call median added ${us(addedBody(name))}   trimmed ${us(addedTrimmed(name))}`,
    );
  }
  const ratio = (mine: Subject, theirs: Subject) => (added(mine) / added(theirs)).toFixed(2);
  const ratios = (label: string, mine: Subject, theirs: Subject) =>
    console.log(
      `${label}: ${ratio(mine, theirs)}x by means, ${(addedBody(mine) / addedBody(theirs)).toFixed(2)}x by per-call medians, ${(addedTrimmed(mine) / addedTrimmed(theirs)).toFixed(2)}x by trimmed means`,
    );
  ratios("rightsize / OpenLLMetry (default)", "ours", "openllmetryDefault");
  ratios("rightsize / OpenLLMetry (traceContent: false)", "ours", "openllmetryNoContent");
  ratios("streamed calls (7 events read to the end)", "oursStream", "openllmetryStream");
  ratios("short calls (a one-line question)", "oursShort", "openllmetryShort");
  console.log(
    `ratio of added CPU, one bare SDK span / OpenLLMetry (default):     ${ratio("floor", "openllmetryDefault")}x`,
  );
  console.log(
    `ratio of added CPU, span with rightsize's attributes / OpenLLMetry: ${ratio("floorAttributes", "openllmetryDefault")}x`,
  );
  console.log(
    `ratio of added CPU, rightsize's attributes on the SDK's span / OpenLLMetry: ${ratio("floorOnSdkSpan", "openllmetryDefault")}x`,
  );
  for (const name of names) {
    const rounds = of(name)
      .map((pair) => (pair.subject - pair.bare).toFixed(1))
      .join(" / ");
    const bodies = of(name)
      .map((pair) => (pair.subjectMedian - pair.bareMedian).toFixed(0))
      .join(" / ");
    const trimmedRounds = of(name)
      .map((pair) => (pair.subjectTrimmed - pair.bareTrimmed).toFixed(1))
      .join(" / ");
    console.log(
      `  added per round, ${name}: ${rounds} µs (per-call medians: ${bodies}; trimmed: ${trimmedRounds})`,
    );
  }
  console.log(
    `0.5x OpenLLMetry (default) = ${(0.5 * added("openllmetryDefault")).toFixed(1)} µs; one bare SDK span alone adds ${added("floor").toFixed(1)} µs`,
  );
  console.log("target: rightsize's added CPU <= 0.5x OpenLLMetry's (default), never more than it");
}

/** Mean and median CPU per call (µs) of the bare client and the subject in one child process. */
interface ChildResult {
  bare: number;
  subject: number;
  bareMedian: number;
  subjectMedian: number;
  /** Mean of the middle 80% of calls. */
  bareTrimmed: number;
  subjectTrimmed: number;
}

function runProcess(args: string[]): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code !== 0) reject(new Error(`bench child ${args.join(" ")} exited with ${code}`));
      else resolve(JSON.parse(output.trim().split("\n").at(-1) ?? "{}"));
    });
  });
}
