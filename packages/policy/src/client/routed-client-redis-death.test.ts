import Anthropic from "@anthropic-ai/sdk";
import { type Emulator, startEmulator } from "@rightsize/emulator";
import { cost } from "@rightsize/pricing";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedisBudgetStore } from "../budget/redis-budget-store.js";
import { startTestRedisServer, type TestRedisServer } from "../budget/test-support/redis-server.js";
import { PolicyError } from "../policy-error.js";
import { createRoutedClient } from "./routed-client.js";
import { routingOf } from "./routing-metadata.js";
import { testPolicy } from "./test-support/test-policy.js";

let emulator: Emulator;
let redisServer: TestRedisServer;
let redis: Redis;

beforeAll(async () => {
  // Slow enough answers (a few hundred ms) that the store can die while they are in flight.
  emulator = await startEmulator({ seed: 13, latencyScale: 1 });
  redisServer = await startTestRedisServer();
  redis = new Redis(redisServer.url);
  redis.on("error", () => {}); // Expected while the server is down; the store reports its own errors.
});
afterAll(async () => {
  redis?.disconnect();
  await redisServer?.stop();
  await emulator?.close();
});

describe("when Redis dies mid-run", () => {
  it("returns every answer already paid for, keeps their settlements, fails new holds closed naming the store, and settles once it is back", async () => {
    const sdk = new Anthropic({ apiKey: "test", baseURL: emulator.url, maxRetries: 0 });
    const facts = { taskType: "classification", tenant: "acme" };
    const client = createRoutedClient({
      client: sdk,
      policy: testPolicy({
        budgets: { onExhaust: "reject", limits: [{ scope: "tenant", period: "day", usd: "100" }] },
      }),
      budgets: { store: createRedisBudgetStore({ redis, prefix: "death" }), timeoutMs: 500 },
    });
    const ask = (index: number) =>
      client.messages.create(
        {
          model: "claude-haiku-5-5",
          max_tokens: 64,
          messages: [
            {
              role: "user",
              content: `[[emulator task=classification]] Label ticket ${index}: my order is late`,
            },
          ],
        },
        { rightsize: { facts } },
      );
    const sent = emulator.stats().requests.messages;
    const started = performance.now();
    const inFlight = Array.from({ length: 12 }, (_, index) => ask(index));
    // Kill the store once all twelve are held and sent, while their answers are still on the way.
    while (emulator.stats().requests.messages - sent < 12)
      await new Promise((resolve) => setTimeout(resolve, 2));
    await redisServer.kill();
    const outcomes = await Promise.allSettled(inFlight);
    const seconds = (performance.now() - started) / 1000;

    // Every answer came back, in seconds, not after ioredis's reconnect budget.
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(12);
    expect(seconds).toBeLessThan(10);
    const messages = outcomes.map((outcome) => (outcome as PromiseFulfilledResult<Anthropic.Message>).value);
    let owed = 0n;
    let pending = 0;
    for (const message of messages) {
      const budget = routingOf(message)!.budget as { spent: number; unsettled?: number };
      const actual = cost({ model: message.model, usage: message.usage }).contracted;
      expect(budget.spent).toBe(actual);
      // On a loaded machine an answer can land before the kill: then it settled normally.
      if (budget.unsettled === undefined) continue;
      expect(budget.unsettled).toBe(actual);
      owed += BigInt(actual);
      pending++;
    }
    expect(pending).toBeGreaterThanOrEqual(10);
    expect(client.rightsize.settlements.pending()).toHaveLength(pending);

    // New requests fail closed, before anything is sent, with an error that names the store.
    const before = emulator.stats().requests.messages;
    const refused = await ask(99).catch((caught: unknown) => caught);
    expect(PolicyError.isInstance(refused)).toBe(true);
    expect(refused).toMatchObject({ code: "budget_unavailable" });
    expect((refused as Error).message).toContain(`redis 127.0.0.1:${redisServer.port}`);
    expect(emulator.stats().requests.messages).toBe(before);

    // The store comes back (empty: no persistence, so what settled before the kill is gone);
    // the waiting settlements land, each once.
    redisServer = await startTestRedisServer({ port: redisServer.port });
    for (let round = 0; round < 50 && client.rightsize.settlements.pending().length > 0; round++) {
      await client.rightsize.settlements.flush();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(client.rightsize.settlements.pending()).toHaveLength(0);
    const [status] = (await client.rightsize.budgets?.status({ facts })) ?? [];
    expect(status?.committed).toBe(owed);
  }, 30_000);
});
