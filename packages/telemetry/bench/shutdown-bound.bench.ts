// How long startTelemetry's shutdown takes against an OTLP endpoint that accepts connections and
// never answers (spans and metrics both hang), beside the bound it documents: one export timeout
// overall (default 10 s). Also prints the span accounting after shutdown: every span that
// reached the processor is exported, dropped or lost, none left queued or in flight.
//
// Run: ./dev pnpm --filter @rightsize/pricing --filter @rightsize/telemetry build
//      ./dev node packages/telemetry/bench/shutdown-bound.bench.ts [exportTimeoutMillis] [rounds]
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { trace } from "@opentelemetry/api";
import { createRightsizeTelemetry } from "@rightsize/telemetry";
import { startTelemetry } from "@rightsize/telemetry/node";

const exportTimeoutMillis = Number(process.argv[2] ?? 10_000);
const rounds = Number(process.argv[3] ?? 3);

const held: Array<() => void> = [];
const server = createServer((request, response) => {
  request.resume();
  request.on("end", () => held.push(() => response.destroy()));
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const times: number[] = [];
for (let round = 0; round < rounds; round += 1) {
  const started = startTelemetry({
    preset: "otlp",
    endpoint,
    env: {},
    exportTimeoutMillis,
    scheduledDelayMillis: 10,
    metricsIntervalMillis: 100,
  });
  const telemetry = createRightsizeTelemetry();
  const tracer = trace.getTracer("bench");
  for (let index = 0; index < 3000; index += 1) tracer.startSpan(`work ${index}`).end();
  telemetry.recordFeedback({ taskType: "qa", tier: "haiku", verdict: "pass" });
  // Let a span export and a metric export start (and hang).
  await new Promise((resolve) => setTimeout(resolve, 300));
  const start = performance.now();
  await started.shutdown();
  const elapsed = performance.now() - start;
  times.push(elapsed);
  const stats = started.stats();
  console.log(
    `round ${round + 1}: shutdown ${(elapsed / 1000).toFixed(2)} s; spans exported ${stats.exported}, dropped (queue full) ${stats.droppedQueueFull}, lost ${stats.droppedExportFailed}, queued ${stats.queued}, in flight ${stats.inFlight} (ended 3001)`,
  );
}
for (const release of held) release();
server.closeAllConnections();
server.close();
const max = Math.max(...times);
console.log(
  `shutdown against a hanging endpoint: max ${(max / 1000).toFixed(2)} s over ${rounds} rounds; documented bound ${(exportTimeoutMillis / 1000).toFixed(2)} s (ratio ${(max / exportTimeoutMillis).toFixed(3)})`,
);
