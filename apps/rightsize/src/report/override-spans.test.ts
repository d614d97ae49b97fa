import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Anthropic from "@anthropic-ai/sdk";
import { TracerProvider } from "@opentelemetry/sdk-trace";
import { buildReport } from "@rightsize/baseline";
import { createManualClock, startEmulator } from "@rightsize/emulator";
import { createRoutedClient, defaultPolicy } from "@rightsize/policy";
import { createRightsizeTelemetry } from "@rightsize/telemetry";
import { BoundedSpanProcessor, OtlpFileSpanExporter } from "@rightsize/telemetry/node";
import { afterAll, describe, expect, it } from "vitest";

const directories: string[] = [];
afterAll(async () => {
  for (const directory of directories) await rm(directory, { recursive: true, force: true });
});

/**
 * 20 routed classification requests over ten days, every fourth with a caller-forced tier,
 * recorded by the real telemetry package to an OTLP JSON-lines file.
 */
async function routedSpans(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), "rightsize-override-"));
  directories.push(directory);
  const path = join(directory, "after.otlp.jsonl");
  const clock = createManualClock(Date.UTC(2026, 6, 1, 9));
  const emulator = await startEmulator({ seed: 3, clock });
  const tracerProvider = new TracerProvider({
    spanProcessors: [new BoundedSpanProcessor({ exporter: new OtlpFileSpanExporter({ path }) })],
  });
  const telemetry = createRightsizeTelemetry({ tracerProvider, now: () => clock.now() });
  const client = createRoutedClient({
    client: new Anthropic({ apiKey: "test-key", baseURL: emulator.url, maxRetries: 0 }),
    policy: defaultPolicy(),
    observer: telemetry,
  });
  try {
    for (let index = 0; index < 20; index++) {
      clock.set(Date.UTC(2026, 6, 1 + (index % 10), 9 + Math.floor(index / 10)));
      const facts = { taskType: "classification", ...(index % 4 === 0 ? { qualityOverride: "opus" } : {}) };
      await client.messages.create(
        {
          model: "claude-opus-4-7",
          max_tokens: 256,
          messages: [{ role: "user", content: `Label this ticket #${index}: my card was charged twice.` }],
        },
        { rightsize: { facts } },
      );
    }
  } finally {
    await tracerProvider.shutdown();
    await emulator.close();
  }
  return path;
}

describe("overrides from telemetry to the report", () => {
  it("counts the requests whose tier a caller override chose (rightsize.override on the spans)", async () => {
    const figures = await buildReport({ inputs: [await routedSpans()], period: "2026-07" });
    const classification = figures.tasks.find((task) => task.taskType === "classification");
    expect(classification?.requests).toBe(20);
    expect(classification?.evidence.overrideRate).toBe(0.25);
    expect(classification?.evidence.overrideFlag).toBe(true);
  });
});
