/**
 * Redis killed while twelve routed requests are in flight (their holds taken, their answers on
 * the way): how many answers reach their callers, and when.
 *
 *   ./dev node packages/policy/bench/redis-death.ts
 *
 * Real redis-server (127.0.0.1, no persistence), the official SDK against the emulator (answers
 * take a few hundred ms), ioredis with its default options. Only the public API and the test
 * helpers are used, so the same script measured the client before this change.
 */
import "../../../scripts/ts-source-hooks.mjs";

const { default: Anthropic } = await import("@anthropic-ai/sdk");
const { createRoutedClient, createRedisBudgetStore } = (await import(
  "@rightsize/policy"
)) as typeof import("@rightsize/policy");
const { startEmulator } = (await import("@rightsize/emulator")) as typeof import("@rightsize/emulator");
const { startTestRedisServer } = await import("../src/budget/test-support/redis-server.js");
const { testPolicy } = await import("../src/client/test-support/test-policy.js");
const { Redis } = await import("ioredis");
const emulator = await startEmulator({ seed: 13, latencyScale: 0.3 });
const server = await startTestRedisServer();
const redis = new Redis(server.url);
redis.on("error", () => {});
const sdk = new Anthropic({ apiKey: "test", baseURL: emulator.url, maxRetries: 0 });
const facts = { taskType: "classification", tenant: "acme" };
const client = createRoutedClient({
  client: sdk,
  policy: testPolicy({
    budgets: { onExhaust: "reject", limits: [{ scope: "tenant", period: "day", usd: "100" }] },
  }),
  budgets: { store: createRedisBudgetStore({ redis, prefix: "death" }) },
} as never) as unknown as InstanceType<typeof Anthropic>;
const sent = emulator.stats().requests.messages;
const started = performance.now();
const inFlight = Array.from({ length: 12 }, (_, index) =>
  client.messages.create(
    {
      model: "claude-haiku-5-5",
      max_tokens: 64,
      messages: [
        { role: "user", content: `[[emulator task=classification]] Label ticket ${index}: my order is late` },
      ],
    },
    { rightsize: { facts } } as never,
  ),
);
while (emulator.stats().requests.messages - sent < 12) await new Promise((resolve) => setTimeout(resolve, 2));
await server.kill();
const outcomes = await Promise.allSettled(inFlight);
const seconds = (performance.now() - started) / 1000;
const rejected = outcomes.filter((outcome) => outcome.status === "rejected") as PromiseRejectedResult[];
console.log(
  `${12 - rejected.length} of 12 answers returned, ${rejected.length} discarded, after ${seconds.toFixed(1)} s; first error: ${rejected[0]?.reason?.message ?? "-"}`,
);
redis.disconnect();
await emulator.close();
process.exit(0);
