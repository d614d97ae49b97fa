// CPU time added per call by @rightsize/telemetry's plain-client wrapper, against the same calls
// uninstrumented and against OpenLLMetry (@traceloop/instrumentation-anthropic 0.27) in the
// same run, measured with process.cpuUsage() around each awaited call, subjects interleaved call
// by call so that a shared machine's load drifts over all of them alike.
//
// Transport: by default the SDK's `fetch` answers in-process (no socket), which keeps the
// kernel's loopback noise out of a figure that is a few percent of the call; `--socket` sends
// every call over loopback to a server in a child process (the setup) instead.
// Every instrumentation records into an SDK TracerProvider (batching processor, discarding
// exporter); rightsize's metrics go to an SDK MeterProvider with a reader, so their
// aggregation is counted too (OpenLLMetry's Anthropic instrumentation records no metrics).
//
// Run: ./dev pnpm --filter @rightsize/pricing --filter @rightsize/telemetry build
//      ./dev node packages/telemetry/bench/overhead.bench.ts [calls per round] [rounds] [--socket]
import { spawn } from "node:child_process";
import Anthropic from "@anthropic-ai/sdk";
import { metrics, SpanKind, trace } from "@opentelemetry/api";
import { MeterProvider, MetricReader } from "@opentelemetry/sdk-metrics";
import { BatchSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { createRightsizeTelemetry } from "@rightsize/telemetry";
import { AnthropicInstrumentation } from "@traceloop/instrumentation-anthropic";

const numeric = process.argv.slice(2).filter((argument) => !argument.startsWith("--"));
const callsPerRound = Number(numeric[0] ?? 3000);
const rounds = Number(numeric[1] ?? 7);
const overSocket = process.argv.includes("--socket");

const BODY = JSON.stringify({
  id: "msg_bench",
  type: "message",
  role: "assistant",
  model: "claude-sonnet-4-6",
  content: [{ type: "text", text: "The quarterly revenue rose 4%." }],
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
const SERVER = `
const http = require("node:http");
const body = ${JSON.stringify(BODY)};
const server = http.createServer((request, response) => {
  request.resume();
  request.on("end", () => {
    response.writeHead(200, { "content-type": "application/json", "request-id": "req_bench" });
    response.end(body);
  });
});
server.listen(0, "127.0.0.1", () => process.send(server.address().port));
`;

let baseURL = "http://127.0.0.1:9";
let stopServer = () => {};
if (overSocket) {
  const child = spawn(process.execPath, ["-e", SERVER], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const port = await new Promise<number>((resolve) =>
    child.once("message", (message) => resolve(Number(message))),
  );
  baseURL = `http://127.0.0.1:${port}`;
  stopServer = () => child.kill();
}
const inProcessFetch = async () =>
  new Response(BODY, {
    status: 200,
    headers: { "content-type": "application/json", "request-id": "req_bench" },
  });
const client = () =>
  new Anthropic({
    apiKey: "bench",
    baseURL,
    maxRetries: 0,
    openTelemetry: false,
    ...(overSocket ? {} : { fetch: inProcessFetch }),
  });

const discard = {
  export: (_spans: unknown, callback: (result: { code: number }) => void) => callback({ code: 0 }),
  shutdown: async () => {},
};
class IdleReader extends MetricReader {
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}
const tracerProvider = () =>
  new TracerProvider({
    spanProcessors: [
      new BatchSpanProcessor({ exporter: discard, maxQueueSize: 4096, maxExportBatchSize: 512 }),
    ],
  });

// The SDK alone.
const bare = client();
// rightsize telemetry, baseline Opus 4.7: every call is priced, plus its counterfactual.
const ours = createRightsizeTelemetry({
  tracerProvider: tracerProvider(),
  meterProvider: new MeterProvider({ readers: [new IdleReader()] }),
  baselineModel: "claude-opus-4-7",
}).instrumentAnthropic(client());

// OpenLLMetry. manuallyInstrument() patches Anthropic.Completions, which SDK 1.x no longer has,
// so it gets a shim whose Messages is a subclass of the SDK's: patching the subclass's
// prototype leaves the other clients untouched.
function openllmetry(traceContent: boolean): Anthropic {
  class TracedMessages extends Anthropic.Messages {}
  const instrumentation = new AnthropicInstrumentation({ traceContent });
  instrumentation.setTracerProvider(tracerProvider());
  const noop = class {
    create() {}
  };
  instrumentation.manuallyInstrument({
    Anthropic: { Completions: noop, Messages: TracedMessages, Beta: { Messages: noop } },
  } as never);
  const instrumented = client();
  (instrumented as unknown as { messages: Anthropic.Messages }).messages = new TracedMessages(instrumented);
  return instrumented;
}

// The same, spans only: a MeterProvider without a reader records nothing (as OpenLLMetry, which
// has no metrics), to separate the cost of the span from the cost of the GenAI histograms.
const oursSpansOnly = createRightsizeTelemetry({
  tracerProvider: tracerProvider(),
  meterProvider: new MeterProvider(),
  baselineModel: "claude-opus-4-7",
}).instrumentAnthropic(client());

// The same into the API's no-op tracer and meter (no SDK registered in this process): every
// line of rightsize's own code runs (pricing, counterfactual, attribute objects, ledgers), the
// SDK records nothing. What is left of "ours" above this is the SDK's own cost per span/record.
const oursOwnCode = createRightsizeTelemetry({
  tracerProvider: trace.getTracerProvider(),
  meterProvider: metrics.getMeterProvider(),
  baselineModel: "claude-opus-4-7",
}).instrumentAnthropic(client());

// The floor: what any OpenTelemetry instrumentation of these calls costs at the least. One SDK
// span per call with only the five GenAI attributes a sampler should see at its start, ended
// when the call settles; no other attribute, no metric, no pricing.
function floor(): Anthropic {
  const tracer = tracerProvider().getTracer("floor");
  const instrumented = client();
  const messages = instrumented.messages;
  const create = messages.create.bind(messages) as (body: unknown) => Promise<unknown>;
  const start = Object.freeze({
    "gen_ai.operation.name": "chat",
    "gen_ai.provider.name": "anthropic",
    "gen_ai.request.model": "claude-sonnet-4-6",
    "server.address": "127.0.0.1",
    "server.port": 9,
  });
  (messages as unknown as { create: (body: unknown) => Promise<unknown> }).create = (body) => {
    const span = tracer.startSpan("chat claude-sonnet-4-6", { kind: SpanKind.CLIENT, attributes: start });
    return create(body).then((message) => {
      span.end();
      return message;
    });
  };
  return instrumented;
}

const subjects = {
  bare,
  floor: floor(),
  ours,
  oursSpansOnly,
  oursOwnCode,
  openllmetryNoContent: openllmetry(false),
  openllmetryDefault: openllmetry(true),
};
type Subject = keyof typeof subjects;
const names = Object.keys(subjects) as Subject[];
const params = {
  model: "claude-sonnet-4-6",
  max_tokens: 512,
  messages: [{ role: "user" as const, content: "Summarize the quarterly report in one sentence." }],
};

async function measure(calls: number): Promise<Record<Subject, number>> {
  const total = Object.fromEntries(names.map((name) => [name, 0])) as Record<Subject, number>;
  for (let index = 0; index < calls; index += 1) {
    for (const name of names) {
      const start = process.cpuUsage();
      await subjects[name].messages.create(params);
      const used = process.cpuUsage(start);
      total[name] += used.user + used.system;
    }
  }
  return Object.fromEntries(names.map((name) => [name, total[name] / calls])) as Record<Subject, number>;
}

await measure(Math.min(1000, callsPerRound)); // warm-up: JIT, pools
const perRound: Array<Record<Subject, number>> = [];
for (let round = 0; round < rounds; round += 1) perRound.push(await measure(callsPerRound));
stopServer();

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};
const perCall = (name: Subject) => median(perRound.map((round) => round[name]));
const added = (name: Subject) => median(perRound.map((round) => round[name] - round.bare));
const us = (value: number) => `${value.toFixed(1)} µs`.padStart(9);
console.log(`transport: ${overSocket ? "loopback socket to a child-process server" : "in-process fetch"}`);
console.log(`${callsPerRound} calls x ${rounds} rounds per subject; CPU per call, median of rounds`);
console.log(`SDK alone                                   ${us(perCall("bare"))}`);
for (const [name, label] of [
  ["floor", "+ one bare SDK span (the floor)              "],
  ["ours", "+ @rightsize/telemetry                      "],
  ["oursSpansOnly", "+ @rightsize/telemetry, spans only          "],
  ["oursOwnCode", "+ @rightsize/telemetry, no-op OTel (own code)"],
  ["openllmetryNoContent", "+ OpenLLMetry (traceContent: false)         "],
  ["openllmetryDefault", "+ OpenLLMetry (default, traceContent: true) "],
] as const) {
  console.log(`${label}${us(perCall(name))}  added ${us(added(name))}`);
}
const ratio = (mine: Subject, theirs: Subject) => (added(mine) / added(theirs)).toFixed(2);
console.log(
  `ratio of added CPU, rightsize / OpenLLMetry (default):            ${ratio("ours", "openllmetryDefault")}x`,
);
console.log(
  `ratio of added CPU, rightsize spans only / OpenLLMetry (default): ${ratio("oursSpansOnly", "openllmetryDefault")}x`,
);
console.log(
  `0.2x OpenLLMetry (default) = ${(0.2 * added("openllmetryDefault")).toFixed(1)} µs; one bare SDK span alone adds ${added("floor").toFixed(1)} µs`,
);
console.log("targets: < 20 µs added per call; <= 0.2x OpenLLMetry's added CPU");
