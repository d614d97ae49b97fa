import { trace } from "@opentelemetry/api";
import { afterEach, describe, expect, it } from "vitest";
import { startOtlpReceiver } from "../test-support/otlp-receiver.js";
import { runScenario } from "../test-support/scenario.js";
import { type StartedTelemetry, startTelemetry } from "./start-telemetry.js";

let started: StartedTelemetry | undefined;
afterEach(async () => {
  await started?.shutdown();
  started = undefined;
});

/** Ends `count` spans as fast as possible, as a busy service would. */
function burst(count: number) {
  const tracer = trace.getTracer("burst");
  for (let index = 0; index < count; index += 1)
    tracer.startSpan(`work ${index}`, { attributes: { index } }).end();
}

describe("exporter faults", () => {
  it("with the endpoint down: calls succeed, lost spans are counted", async () => {
    started = startTelemetry({
      preset: "otlp",
      endpoint: "http://127.0.0.1:9", // discard port: nothing listens
      env: {},
      scheduledDelayMillis: 10,
      exportTimeoutMillis: 400,
    });
    await runScenario(started);
    await started.forceFlush();
    const stats = started.stats();
    expect(stats.exported).toBe(0);
    expect(stats.droppedExportFailed).toBeGreaterThan(0);
    expect(stats.queued).toBe(0);
  });

  it("with the endpoint hanging: the queue stays at its bound, drops are counted, calls do not wait", async () => {
    const receiver = await startOtlpReceiver({ mode: "hang" });
    try {
      started = startTelemetry({
        preset: "otlp",
        endpoint: receiver.url,
        env: {},
        maxQueueSize: 100,
        maxExportBatchSize: 50,
        scheduledDelayMillis: 10,
        exportTimeoutMillis: 1500,
      });
      await runScenario(started);
      const before = performance.now();
      burst(5000);
      // 5,000 spans against a hung collector cost no waiting: well under one export timeout.
      expect(performance.now() - before).toBeLessThan(1500);
      const stats = started.stats();
      expect(stats.queued).toBeLessThanOrEqual(100);
      expect(stats.droppedQueueFull).toBeGreaterThanOrEqual(5000 - 100 - 50);
      const heapBefore = process.memoryUsage().heapUsed;
      burst(20_000);
      // Bounded: 20,000 more spans add no queue (they are dropped, not held).
      expect(started.stats().queued).toBeLessThanOrEqual(100);
      expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(64 * 1024 * 1024);
      // Every span that reached the processor is counted once, those in flight included.
      const ended = 5000 + 20_000;
      expect(started.stats().inFlight).toBeGreaterThan(0);
      const shutdownStart = performance.now();
      const stopping = started;
      await stopping.shutdown();
      started = undefined;
      // One export timeout overall (spans and metrics both hang), not one per batch or per signal.
      expect(performance.now() - shutdownStart).toBeLessThan(1500 + 500);
      const after = stopping.stats();
      expect(after).toMatchObject({ queued: 0, inFlight: 0, exported: 0 });
      expect(after.droppedQueueFull + after.droppedExportFailed).toBeGreaterThanOrEqual(ended);
    } finally {
      await receiver.close();
    }
  });

  it("with the endpoint failing (503): spans are counted as lost, not retried without bound", async () => {
    const receiver = await startOtlpReceiver({ mode: "fail" });
    try {
      started = startTelemetry({
        preset: "otlp",
        endpoint: receiver.url,
        env: {},
        scheduledDelayMillis: 10,
        exportTimeoutMillis: 400,
      });
      await runScenario(started);
      await started.forceFlush();
      expect(started.stats().exported).toBe(0);
      expect(started.stats().droppedExportFailed).toBeGreaterThan(0);
    } finally {
      await receiver.close();
    }
  });
});
