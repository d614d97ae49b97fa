import Anthropic from "@anthropic-ai/sdk";
import { type Emulator, startEmulator } from "@rightsize/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BatchCollector } from "./batch-collector.js";
import { fetchBatchTransport } from "./batch-transport.js";
import { createRoutedClient } from "./routed-client.js";
import { RoutedBatchRequestFailed, RoutedClientClosed } from "./routed-client-error.js";
import { routingOf } from "./routing-metadata.js";
import { recordingObserver } from "./test-support/recording-observer.js";
import { testPolicy } from "./test-support/test-policy.js";

let emulator: Emulator;
const apiHeaders = new Headers({ "x-api-key": "test", "anthropic-version": "2023-06-01" });
let sdk: Anthropic;

beforeAll(async () => {
  emulator = await startEmulator({ seed: 11, batchDelayMs: 5 });
  sdk = new Anthropic({ apiKey: "test", baseURL: emulator.url, maxRetries: 0 });
});
afterAll(async () => await emulator?.close());

/** Each request asks for a distinct max_tokens on a long task, so its result proves it is its own. */
const request = (index: number) => ({
  model: "claude-haiku-5-5",
  max_tokens: 5 + index,
  messages: [
    { role: "user" as const, content: `[[emulator task=writing difficulty=0.1]] Draft report ${index}` },
  ],
});

describe("batch collection through the routed client", () => {
  it("collects async requests into batches by size and time, and gives every caller its own result", async () => {
    emulator.setFaults({});
    const { observer, calls } = recordingObserver();
    const client = createRoutedClient({
      client: sdk,
      // Reports are cut at their max_tokens on purpose (to tell results apart): no escalation.
      policy: testPolicy({
        routing: [
          {
            name: "reports",
            reason: "reports stay on haiku",
            when: { all: [{ fact: "taskType", operator: "equal", value: "report" }] },
            tier: "haiku",
            escalation: false,
          },
        ],
      }),
      observer,
      batch: { maxSize: 5, maxWaitMs: 30, pollIntervalMs: 10 },
    });
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        client.messages.create(request(index), {
          rightsize: { facts: { taskType: "report", latencyClass: "async" } },
        }),
      ),
    );
    for (const [index, message] of results.entries()) {
      expect(message.usage.output_tokens).toBe(5 + index);
      expect(message.usage.service_tier).toBe("batch");
      expect(routingOf(message)!.decision).toMatchObject({ kind: "route", mode: "batch" });
      expect(routingOf(message)!).toMatchObject({
        attempts: 1,
        checkPassed: false,
        checkFailure: "stop_reason max_tokens",
      });
    }
    // Two full batches by size, then the remaining two by the time window.
    expect(
      calls
        .filter((call) => call.hook === "startBatch")
        .map((call) => (call as { requestCount: number }).requestCount),
    ).toEqual([5, 5, 2]);
    expect(calls.filter((call) => call.hook === "joinBatch")).toHaveLength(12);
    expect(
      calls
        .filter((call) => call.hook === "batchEnd")
        .every((call) => (call as { status: string }).status === "ended"),
    ).toBe(true);
    await client.rightsize.close();
  });

  it("retries errored requests, rejects expired and finally-errored ones with a typed error, drops none", async () => {
    emulator.setFaults({ batchErrorRate: 0.35, batchExpireRate: 0.15 });
    const collector = new BatchCollector({
      transport: fetchBatchTransport({ fetch, baseURL: emulator.url, headers: apiHeaders }),
      maxSize: 40,
      maxWaitMs: 10,
      pollIntervalMs: 10,
      maxRetries: 1,
    });
    const settled = await Promise.allSettled(
      Array.from({ length: 40 }, (_, index) => collector.enqueue({ params: request(index) })),
    );
    await collector.close();
    expect(settled).toHaveLength(40);
    const kinds = settled.map((outcome) =>
      outcome.status === "fulfilled" ? "succeeded" : (outcome.reason as RoutedBatchRequestFailed).kind,
    );
    for (const outcome of settled) {
      if (outcome.status === "rejected")
        expect(RoutedBatchRequestFailed.isInstance(outcome.reason)).toBe(true);
    }
    for (const [index, outcome] of settled.entries()) {
      if (outcome.status === "fulfilled") expect(outcome.value.usage.output_tokens).toBe(5 + index);
    }
    expect(kinds).toContain("succeeded");
    expect(kinds).toContain("expired");
    // With a 35% error rate and one resubmission, some errored twice (rejected) and some recovered.
    expect(kinds).toContain("errored");
    const errored = settled.find(
      (outcome) =>
        outcome.status === "rejected" && (outcome.reason as RoutedBatchRequestFailed).kind === "errored",
    );
    const failure = (errored as PromiseRejectedResult).reason as RoutedBatchRequestFailed;
    expect(failure.batchIds).toHaveLength(2);
    expect(failure.message).toMatch(/after 1 resubmission/);
    expect(emulator.stats().requests.batches).toBeGreaterThanOrEqual(2);
  });

  it("flushes on demand and refuses requests after close", async () => {
    emulator.setFaults({});
    const collector = new BatchCollector({
      transport: fetchBatchTransport({ fetch, baseURL: emulator.url, headers: apiHeaders }),
      maxSize: 100,
      maxWaitMs: 60_000,
      pollIntervalMs: 10,
    });
    const pending = collector.enqueue({ params: request(1) });
    expect(collector.waiting).toBe(1);
    await collector.flush();
    expect(collector.waiting).toBe(0);
    expect((await pending).usage.output_tokens).toBe(6);
    await collector.close();
    await expect(collector.enqueue({ params: request(2) })).rejects.toSatisfy(RoutedClientClosed.isInstance);
  });

  it("reports a failed submission to every caller in it", async () => {
    const broken = fetchBatchTransport({ fetch, baseURL: "http://127.0.0.1:9", headers: apiHeaders });
    const collector = new BatchCollector({ transport: broken, maxWaitMs: 5 });
    const error = await collector.enqueue({ params: request(1) }).catch((caught: unknown) => caught);
    expect(RoutedBatchRequestFailed.isInstance(error)).toBe(true);
    expect((error as RoutedBatchRequestFailed).kind).toBe("submit_failed");
  });
});
