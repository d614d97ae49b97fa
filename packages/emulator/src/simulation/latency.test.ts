import { afterEach, describe, expect, it } from "vitest";
import type { Emulator } from "../start-emulator.js";
import { startWithClient } from "../test-support/emulator-fixture.js";

let emulator: Emulator | undefined;
afterEach(() => emulator?.close());

// Opus 4.6 in the table: 1,300 ms to first token, 42 output tokens/s. With a 21-token answer the
// simulated response takes about 1,300 + 500 ms; at latencyScale 0.1 that is ~180 ms.
const request = {
  model: "claude-opus-4-6",
  max_tokens: 21,
  messages: [{ role: "user" as const, content: "[[emulator task=writing length=21]] Write." }],
};

describe("simulated latency", () => {
  it("delays the first streamed token by the scaled TTFT and paces the rest by tokens/s", async () => {
    const started = await startWithClient({ latencyScale: 0.1 });
    emulator = started.emulator;
    const begin = performance.now();
    let firstDelta = 0;
    const stream = started.client.messages.stream(request);
    stream.on("text", () => {
      firstDelta ||= performance.now() - begin;
    });
    const message = await stream.finalMessage();
    const total = performance.now() - begin;
    expect(message.usage.output_tokens).toBe(21);
    expect(firstDelta).toBeGreaterThanOrEqual(125);
    expect(total).toBeGreaterThanOrEqual(170);
    expect(total - firstDelta).toBeGreaterThanOrEqual(30);
  });

  it("answers non-streaming requests after the whole scaled generation time, and at once when off", async () => {
    const slow = await startWithClient({ latencyScale: 0.1 });
    emulator = slow.emulator;
    let begin = performance.now();
    await slow.client.messages.create(request);
    const paced = performance.now() - begin;
    expect(paced).toBeGreaterThanOrEqual(170);
    slow.emulator.setLatencyScale(0);
    begin = performance.now();
    await slow.client.messages.create(request);
    // Off, the ~180 ms of simulated generation is gone: the same request answers sooner than the
    // paced one by most of it (compared in the same run, so a loaded machine slows both alike).
    expect(paced - (performance.now() - begin)).toBeGreaterThan(120);
  });
});
