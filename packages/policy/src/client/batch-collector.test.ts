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

describe("batch waits are bounded", () => {
  let slow: Emulator;
  beforeAll(async () => {
    slow = await startEmulator({ seed: 12, batchDelayMs: 60_000 }); // a batch that does not end in a test's time
  });
  afterAll(async () => await slow?.close());
  const slowTransport = () => fetchBatchTransport({ fetch, baseURL: slow.url, headers: apiHeaders });

  it("a caller's signal takes a queued request out of its batch before it is sent", async () => {
    const collector = new BatchCollector({
      transport: slowTransport(),
      maxWaitMs: 10_000,
      pollIntervalMs: 10,
    });
    const controller = new AbortController();
    const pending = collector.enqueue({ params: request(1), signal: controller.signal });
    const kept = collector.enqueue({ params: request(2), timeoutMs: 50 });
    controller.abort(new Error("caller gave up"));
    await expect(pending).rejects.toThrow("caller gave up");
    expect(collector.waiting).toBe(1);
    await expect(kept).rejects.toSatisfy(
      (error: unknown) => RoutedBatchRequestFailed.isInstance(error) && error.kind === "timed_out",
    );
    expect(collector.waiting).toBe(0);
  });

  it("a caller's timeout ends its wait for a submitted batch; a batch that never ends is canceled at maxBatchWaitMs", async () => {
    const collector = new BatchCollector({
      transport: slowTransport(),
      maxWaitMs: 5,
      pollIntervalMs: 10,
      maxBatchWaitMs: 300,
    });
    const late: Array<Anthropic.Message | undefined> = [];
    const detached: boolean[] = [];
    const impatient = collector.enqueue({
      params: request(1),
      timeoutMs: 100,
      onDetached: (submitted) => detached.push(submitted),
      onLateResult: (message) => late.push(message),
    });
    const patient = collector.enqueue({ params: request(2) });
    await expect(impatient).rejects.toSatisfy(
      (error: unknown) => RoutedBatchRequestFailed.isInstance(error) && error.kind === "timed_out",
    );
    expect(detached).toEqual([true]);
    const started = performance.now();
    await expect(patient).rejects.toSatisfy(
      (error: unknown) => RoutedBatchRequestFailed.isInstance(error) && error.kind === "timed_out",
    );
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(late).toEqual([undefined]); // told its batch failed: its hold can be released
    const [batch] = (await new Anthropic({ apiKey: "k", baseURL: slow.url }).messages.batches.list()).data;
    expect(["canceling", "ended"]).toContain(batch?.processing_status);
    await collector.close();
  });

  it("the routed client passes the caller's timeout and signal to a batch-mode request", async () => {
    const client = createRoutedClient({
      client: new Anthropic({ apiKey: "test", baseURL: slow.url, maxRetries: 0 }),
      policy: testPolicy(),
      batch: { maxWaitMs: 5, pollIntervalMs: 10 },
    });
    const async = { rightsize: { facts: { taskType: "report", latencyClass: "async" as const } } };
    const timedOut = await client.messages
      .create(request(1), { ...async, timeout: 150 })
      .catch((error: unknown) => error);
    // As from any SDK call whose timeout passed: the SDK's own timeout error.
    expect(timedOut).toBeInstanceOf(Anthropic.APIConnectionTimeoutError);
    const controller = new AbortController();
    const aborted = client.messages
      .create(request(2), { ...async, signal: controller.signal })
      .catch((error: unknown) => error);
    setTimeout(() => controller.abort(), 50);
    expect(await aborted).toBeInstanceOf(Anthropic.APIUserAbortError);
    await client.rightsize.close({ timeoutMs: 100 });
  });

  it("close({ timeoutMs }) returns even while a batch has not ended", async () => {
    const collector = new BatchCollector({ transport: slowTransport(), maxWaitMs: 5, pollIntervalMs: 10 });
    const pending = collector.enqueue({ params: request(3) }).catch((error: unknown) => error);
    const started = performance.now();
    await collector.close({ timeoutMs: 150 });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(await pending).toSatisfy(
      (error: unknown) => RoutedBatchRequestFailed.isInstance(error) && error.kind === "timed_out",
    );
  });
});

describe("a cut or garbled results download is read again, not failed", () => {
  it("delivers every result after a download cut in half and one with a garbled line", async () => {
    emulator.setFaults({ batchResults: ["stream_cut", "malformed_json"] });
    const collector = new BatchCollector({
      transport: fetchBatchTransport({ fetch, baseURL: emulator.url, headers: apiHeaders }),
      maxSize: 8,
      maxWaitMs: 5,
      pollIntervalMs: 10,
    });
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, index) => collector.enqueue({ params: request(index) })),
    );
    expect(results.map((message) => message.usage.output_tokens)).toEqual(
      Array.from({ length: 8 }, (_, index) => 5 + index),
    );
    expect(emulator.stats().faults).toMatchObject({
      stream_cut: expect.any(Number),
      malformed_json: expect.any(Number),
    });
    emulator.setFaults({});
    await collector.close();
  });
});
