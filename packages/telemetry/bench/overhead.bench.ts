// CPU time added per call by @rightsize/telemetry's plain-client wrapper, against the same calls
// uninstrumented and against OpenLLMetry (@traceloop/instrumentation-anthropic) in the same run.
// The Messages API server runs in a child process, so process.cpuUsage() measures the client
// alone. Both instrumentations record into the same kind of SDK TracerProvider (batching
// processor, discarding exporter), so the figure is their own work: span, attributes, (for us)
// exact cost, counterfactual and metrics.
//
// Run: ./dev pnpm --filter @rightsize/pricing --filter @rightsize/telemetry build
//      ./dev node packages/telemetry/bench/overhead.bench.ts [callsPerRound] [rounds]
import { spawn } from "node:child_process";
import Anthropic from "@anthropic-ai/sdk";
import { MeterProvider } from "@opentelemetry/sdk-metrics";
import { BatchSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { createRightsizeTelemetry } from "@rightsize/telemetry";
import { AnthropicInstrumentation } from "@traceloop/instrumentation-anthropic";

const callsPerRound = Number(process.argv[2] ?? 1500);
const rounds = Number(process.argv[3] ?? 5);

const SERVER = `
const http = require("node:http");
const body = JSON.stringify({
  id: "msg_bench", type: "message", role: "assistant", model: "claude-sonnet-4-6",
  content: [{ type: "text", text: "The quarterly revenue rose 4%." }],
  stop_reason: "end_turn", stop_sequence: null,
  usage: { input_tokens: 1200, output_tokens: 340, cache_read_input_tokens: 5000,
    cache_creation_input_tokens: 3000,
    cache_creation: { ephemeral_5m_input_tokens: 1000, ephemeral_1h_input_tokens: 2000 },
    service_tier: "standard" },
});
const server = http.createServer((request, response) => {
  request.resume();
  request.on("end", () => {
    response.writeHead(200, { "content-type": "application/json", "request-id": "req_bench" });
    response.end(body);
  });
});
server.listen(0, "127.0.0.1", () => process.send(server.address().port));
`;

const child = spawn(process.execPath, ["-e", SERVER], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
const port = await new Promise<number>((resolve) =>
  child.once("message", (message) => resolve(Number(message))),
);
const baseURL = `http://127.0.0.1:${port}`;

const discard = {
  export: (_spans: unknown, callback: (result: { code: number }) => void) => callback({ code: 0 }),
  shutdown: async () => {},
};
function providers() {
  return {
    tracerProvider: new TracerProvider({
      spanProcessors: [
        new BatchSpanProcessor({ exporter: discard, maxQueueSize: 100_000, maxExportBatchSize: 512 }),
      ],
    }),
    meterProvider: new MeterProvider(),
  };
}
const client = () => new Anthropic({ apiKey: "bench", baseURL, maxRetries: 0, openTelemetry: false });

// 1. The SDK alone.
const bare = client();

// 2. rightsize telemetry, baseline Opus 4.7 (every call pays cost + 3 counterfactual prices).
const ours = createRightsizeTelemetry({
  ...providers(),
  baselineModel: "claude-opus-4-7",
}).instrumentAnthropic(client());

// 3. OpenLLMetry. Its manuallyInstrument() patches Anthropic.Completions, which SDK 1.x no
// longer has, so it gets a shim whose Messages is a subclass of the SDK's: patching the
// subclass's prototype leaves the other two clients untouched.
class TracedMessages extends Anthropic.Messages {}
const instrumentation = new AnthropicInstrumentation({ traceContent: false });
instrumentation.setTracerProvider(providers().tracerProvider);
instrumentation.manuallyInstrument({
  Anthropic: {
    Completions: class {
      create() {}
    },
    Messages: TracedMessages,
    Beta: {
      Messages: class {
        create() {}
      },
    },
  },
} as never);
const openllmetry = client();
(openllmetry as unknown as { messages: Anthropic.Messages }).messages = new TracedMessages(openllmetry);

const params = {
  model: "claude-sonnet-4-6",
  max_tokens: 512,
  messages: [{ role: "user" as const, content: "Summarize the quarterly report in one sentence." }],
};

const subjects = { bare, ours, openllmetry } as const;
type Subject = keyof typeof subjects;
const names = Object.keys(subjects) as Subject[];

/**
 * Per-call CPU, interleaved call by call (bare, ours, OpenLLMetry, bare, ...) so that the load
 * of a shared machine drifts over every subject alike; each call's window is its own await.
 */
async function measure(calls: number): Promise<Record<Subject, number>> {
  const total: Record<Subject, number> = { bare: 0, ours: 0, openllmetry: 0 };
  for (let index = 0; index < calls; index += 1) {
    for (const name of names) {
      const start = process.cpuUsage();
      await subjects[name].messages.create(params);
      const used = process.cpuUsage(start);
      total[name] += used.user + used.system;
    }
  }
  return { bare: total.bare / calls, ours: total.ours / calls, openllmetry: total.openllmetry / calls };
}

await measure(500); // warm-up: JIT, connection pools
const perRound: Array<Record<Subject, number>> = [];
for (let round = 0; round < rounds; round += 1) perRound.push(await measure(callsPerRound));
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};
const figure = (name: Subject) => median(perRound.map((round) => round[name]));
const added = (name: Subject) => median(perRound.map((round) => round[name] - round.bare));
const oursAdded = added("ours");
const theirsAdded = added("openllmetry");
const samples = { bare: [figure("bare")], ours: [figure("ours")], openllmetry: [figure("openllmetry")] };
const format = (value: number) => `${value.toFixed(1)} µs`;
console.log(`calls: ${callsPerRound} x ${rounds} rounds per subject, CPU per call (median of rounds)`);
console.log(`SDK alone (no instrumentation):      ${format(median(samples.bare))}`);
console.log(
  `+ @rightsize/telemetry:              ${format(median(samples.ours))}  (added ${format(oursAdded)})`,
);
console.log(
  `+ @traceloop/instrumentation-anthropic: ${format(median(samples.openllmetry))}  (added ${format(theirsAdded)})`,
);
console.log(
  `ratio rightsize / OpenLLMetry added CPU: ${(oursAdded / theirsAdded).toFixed(2)}x (target <= 0.2x)`,
);
console.log(`rightsize added CPU under 20 µs target: ${oursAdded < 20 ? "yes" : "no"}`);
child.kill();
