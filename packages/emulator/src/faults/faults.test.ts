import Anthropic from "@anthropic-ai/sdk";
import { afterEach, describe, expect, it } from "vitest";
import { EmulatorError } from "../emulator-error.js";
import type { Emulator } from "../start-emulator.js";
import { startWithClient } from "../test-support/emulator-fixture.js";
import { parseFaultConfig } from "./fault-config.js";

let emulator: Emulator | undefined;
afterEach(() => emulator?.close());

const request = {
  model: "claude-haiku-4-5",
  max_tokens: 50,
  messages: [{ role: "user" as const, content: "Classify this ticket." }],
};

async function setup(options: Parameters<typeof startWithClient>[0] = {}) {
  const started = await startWithClient(options);
  emulator = started.emulator;
  return started;
}

describe("fault injection", () => {
  it("429 carries retry-after and rate-limit headers, and the SDK's retry honours retry-after", async () => {
    const { client } = await setup({
      maxRetries: 2,
      faults: { next: ["rate_limit"], retryAfterSeconds: 0.9 },
    });
    const started = performance.now();
    const data = await client.messages.create(request);
    const elapsed = performance.now() - started;
    expect(data.type).toBe("message");
    // The SDK's own backoff for a first retry is at most 0.5 s: waiting 0.9 s proves retry-after was used.
    expect(elapsed).toBeGreaterThanOrEqual(880);
    expect(emulator!.stats().faults.rate_limit).toBe(1);
  });

  it("surfaces 429 as RateLimitError with the headers when retries are off", async () => {
    const { client } = await setup({ faults: { next: ["rate_limit"] } });
    const error = (await client.messages.create(request).catch((caught: unknown) => caught)) as InstanceType<
      typeof Anthropic.APIError
    >;
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    expect(error.headers?.get("retry-after")).toBe("1");
    expect(error.headers?.get("anthropic-ratelimit-requests-remaining")).toBe("0");
    expect(error.headers?.get("anthropic-ratelimit-requests-reset")).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(error.error).toMatchObject({ type: "error", error: { type: "rate_limit_error" } });
  });

  it("maps 529, 500 and 504 to the SDK's error classes", async () => {
    const { client } = await setup();
    for (const [header, status, type] of [
      ["529", 529, "overloaded_error"],
      ["500", 500, "api_error"],
      ["timeout", 504, "timeout_error"],
    ] as const) {
      const error = (await client.messages
        .create(request, { headers: { "x-emulator-fault": header } })
        .catch((caught: unknown) => caught)) as InstanceType<typeof Anthropic.APIError>;
      expect(error).toBeInstanceOf(Anthropic.InternalServerError);
      expect(error.status).toBe(status);
      expect(error.error).toMatchObject({ error: { type } });
    }
  });

  it("x-emulator-fault-count fails only the first attempts, so the SDK's retry succeeds", async () => {
    const { client } = await setup({ maxRetries: 2 });
    const message = await client.messages.create(request, {
      headers: { "x-emulator-fault": "529", "x-emulator-fault-count": "1" },
    });
    expect(message.type).toBe("message");
    expect(emulator!.stats().responsesByStatus).toMatchObject({ "529": 1, "200": 1 });
  });

  it("a reset connection is an APIConnectionError", async () => {
    const { client } = await setup();
    const error = await client.messages
      .create(request, { headers: { "x-emulator-fault": "reset" } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.APIConnectionError);
  });

  it("a stream cut mid-way and a malformed body both fail in the SDK", async () => {
    const { client } = await setup();
    const cut = client.messages.stream(
      { ...request, max_tokens: 400, messages: [{ role: "user", content: "Write a long story." }] },
      { headers: { "x-emulator-fault": "stream_cut" } },
    );
    await expect(cut.finalMessage()).rejects.toBeInstanceOf(Error);
    await expect(
      client.messages.create(request, { headers: { "x-emulator-fault": "malformed_json" } }),
    ).rejects.toBeInstanceOf(Error);
  });

  it("a stream cut delivers half the events, then the connection drops (no retry masks it)", async () => {
    const { client } = await setup();
    emulator!.setFaults({ next: ["stream_cut"] });
    const events = await client.messages.create(
      {
        ...request,
        max_tokens: 400,
        stream: true,
        messages: [{ role: "user", content: "Write a long story." }],
      },
      { maxRetries: 0 },
    );
    const seen: string[] = [];
    const error = await (async () => {
      for await (const event of events) seen.push(event.type);
    })().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect(seen[0]).toBe("message_start");
    expect(seen).not.toContain("message_stop");
  });

  it("injects cut and garbled batch results downloads, in order, once each", async () => {
    const { client } = await setup();
    const batch = await client.messages.batches.create({
      requests: Array.from({ length: 6 }, (_, index) => ({ custom_id: `r${index}`, params: request })),
    });
    while ((await client.messages.batches.retrieve(batch.id)).processing_status !== "ended")
      await new Promise((resolve) => setTimeout(resolve, 5));
    emulator!.setFaults({ batchResults: ["stream_cut", "malformed_json"] });
    const download = async () => {
      const lines: string[] = [];
      const response = await fetch(`${emulator!.url}/v1/messages/batches/${batch.id}/results`, {
        headers: { "x-api-key": "k", "anthropic-version": "2023-06-01" },
      });
      const text = await response.text().catch((error: unknown) => error);
      if (typeof text !== "string") return { cut: true, lines };
      lines.push(...text.split("\n").filter((line) => line !== ""));
      return { cut: false, lines };
    };
    expect((await download()).cut).toBe(true);
    const garbled = await download();
    expect(garbled.lines).toHaveLength(6);
    expect(
      garbled.lines.filter((line) => {
        try {
          JSON.parse(line);
          return false;
        } catch {
          return true;
        }
      }),
    ).toHaveLength(1);
    const whole = await download();
    expect(whole.lines.every((line) => JSON.parse(line).custom_id !== undefined)).toBe(true);
    expect(emulator!.stats().faults).toMatchObject({ stream_cut: 1, malformed_json: 1 });
  });

  it("slow responses take at least slowMs", async () => {
    const { client } = await setup({ faults: { slowMs: 150 } });
    const started = performance.now();
    await client.messages.create(request, { headers: { "x-emulator-fault": "slow" } });
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
  });

  it("random faults are reproducible for a seed and roughly follow the rate", async () => {
    const outcomes = async (seed: number) => {
      const { client } = await setup({ faults: { rate: 0.3, seed, kinds: { overloaded: 1, api_error: 1 } } });
      const statuses: number[] = [];
      for (let index = 0; index < 40; index++) {
        const result = await client.messages.create(request).then(
          () => 200,
          (error: InstanceType<typeof Anthropic.APIError>) => error.status ?? -1,
        );
        statuses.push(result);
      }
      await emulator!.close();
      return statuses;
    };
    const first = await outcomes(11);
    const again = await outcomes(11);
    const other = await outcomes(12);
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
    const failures = first.filter((status) => status !== 200);
    expect(failures.length).toBeGreaterThan(4);
    expect(failures.length).toBeLessThan(22);
    expect(new Set(failures)).toEqual(new Set([500, 529]));
  });

  it("can be changed at runtime through the library and over HTTP", async () => {
    const { client } = await setup();
    emulator!.setFaults({ next: ["overloaded"] });
    await expect(client.messages.create(request)).rejects.toBeInstanceOf(Anthropic.InternalServerError);
    const posted = await fetch(`${emulator!.url}/_emulator/faults`, {
      method: "POST",
      body: JSON.stringify({ next: ["api_error"] }),
    });
    expect(await posted.json()).toMatchObject({ next: ["api_error"] });
    await expect(client.messages.create(request)).rejects.toMatchObject({ status: 500 });
    await expect(client.messages.create(request)).resolves.toMatchObject({ type: "message" });
    const rejected = await fetch(`${emulator!.url}/_emulator/faults`, {
      method: "POST",
      body: JSON.stringify({ rate: 2 }),
    });
    expect(rejected.status).toBe(400);
    expect(((await rejected.json()) as { error: { message: string } }).error.message).toMatch(/at rate/);
  });

  it("rejects a bad fault config naming the path", () => {
    expect(() => parseFaultConfig({ kinds: { nope: 1 } })).toThrow(
      expect.toSatisfy(EmulatorError.isInstance),
    );
    expect(() => parseFaultConfig({ rate: -1 })).toThrow(/invalid fault config at rate/);
  });
});
