import Anthropic from "@anthropic-ai/sdk";
import { type Emulator, startEmulator } from "@rightsize/emulator";
import { cost } from "@rightsize/pricing";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemoryBudgetStore } from "../budget/memory-budget-store.js";
import { createRedisBudgetStore } from "../budget/redis-budget-store.js";
import { startTestRedisServer, type TestRedisServer } from "../budget/test-support/redis-server.js";
import type { PolicyInput } from "../policy-schema.js";
import { createRoutedClient } from "./routed-client.js";
import { RoutedRequestRejected } from "./routed-client-error.js";
import { routingOf } from "./routing-metadata.js";
import { recordingObserver } from "./test-support/recording-observer.js";
import { testPolicy } from "./test-support/test-policy.js";

let emulator: Emulator;
let sdk: Anthropic;
let redisServer: TestRedisServer;
let redis: Redis;

beforeAll(async () => {
  emulator = await startEmulator({ seed: 3 });
  sdk = new Anthropic({ apiKey: "test", baseURL: emulator.url, maxRetries: 0 });
  redisServer = await startTestRedisServer();
  redis = new Redis(redisServer.url);
});
afterAll(async () => {
  await emulator?.close();
  await redis?.quit();
  await redisServer?.stop();
});

const classify = (label: string) => ({
  model: "claude-haiku-5-5",
  max_tokens: 64,
  messages: [
    { role: "user" as const, content: `[[emulator task=classification difficulty=0.1]] Label: ${label}` },
  ],
});
const facts = { taskType: "classification", tenant: "acme" };

function budgeted(budgets: PolicyInput["budgets"]) {
  return testPolicy({ budgets });
}

describe("budgets in the routed client", () => {
  it("holds the worst case, settles to the exact actual cost, and rejects once the cap is reached (overspend at most one worst case)", async () => {
    const { observer, calls } = recordingObserver();
    const store = createMemoryBudgetStore();
    const client = createRoutedClient({
      client: sdk,
      policy: budgeted({ onExhaust: "reject", limits: [{ scope: "tenant", period: "day", usd: "0.0001" }] }),
      budgets: { store },
      observer,
    });
    let spent = 0n;
    let largestHold = 0;
    let rejected: RoutedRequestRejected | undefined;
    for (let index = 0; index < 60 && !rejected; index++) {
      try {
        const message = await client.messages.create(classify(`ticket ${index}`), { rightsize: { facts } });
        const actual = cost({ model: message.model, usage: message.usage }).contracted;
        expect(routingOf(message)!.budget).toEqual({ held: expect.any(Number), spent: actual });
        const budget = routingOf(message)!.budget as { held: number; spent: number };
        expect(budget.held).toBeGreaterThanOrEqual(actual);
        largestHold = Math.max(largestHold, budget.held);
        spent += BigInt(actual);
      } catch (error) {
        if (!RoutedRequestRejected.isInstance(error)) throw error;
        rejected = error;
      }
    }
    expect(rejected?.decision).toMatchObject({ kind: "reject", code: "budget_exhausted" });
    expect(calls.at(-1)).toMatchObject({ hook: "endRequest", outcome: "exhausted" });
    const [status] = (await client.rightsize.budgets?.status({ facts })) ?? [];
    expect(status?.committed).toBe(spent);
    // Admitted while the budget had room: past $0.0001 by at most the last request's worst case.
    expect(status?.committed).toBeGreaterThanOrEqual(100_000_000n);
    expect(status?.committed).toBeLessThanOrEqual(100_000_000n + BigInt(largestHold));
  });

  it("downgrades a tier when the policy says so and the cheaper hold fits (admission: fit)", async () => {
    const client = createRoutedClient({
      client: sdk,
      policy: budgeted({
        onExhaust: "downgrade",
        limits: [{ scope: "tenant", period: "day", usd: "0.004" }],
      }),
      budgets: { store: createMemoryBudgetStore(), admission: "fit" },
    });
    const message = await client.messages.create(
      {
        model: "claude-opus-5-5",
        max_tokens: 300,
        messages: [{ role: "user", content: "[[emulator task=coding difficulty=0.1]] Write a function" }],
      },
      { rightsize: { facts: { taskType: "code_generation", tenant: "acme" } } },
    );
    // An opus hold (300 x $20/MTok = $0.006) passes the $0.004 cap; sonnet ($0.003) fits.
    expect(message.model).toBe("claude-sonnet-5-5");
    const decision = routingOf(message)!.decision;
    expect(decision.kind === "route" && decision.reasons.join(" ")).toMatch(/downgraded to sonnet/);
  });

  it("switches to batch when the policy says so (admission: fit)", async () => {
    const client = createRoutedClient({
      client: sdk,
      policy: budgeted({ onExhaust: "batch", limits: [{ scope: "feature", period: "month", usd: "0.004" }] }),
      budgets: { store: createMemoryBudgetStore(), admission: "fit" },
      batch: { maxWaitMs: 5, pollIntervalMs: 10 },
    });
    const message = await client.messages.create(
      {
        model: "claude-opus-5-5",
        max_tokens: 300,
        messages: [{ role: "user", content: "[[emulator task=coding difficulty=0.1]] Write a function" }],
      },
      { rightsize: { facts: { taskType: "code_generation", feature: "autocomplete" } } },
    );
    // Batch halves the opus hold to $0.003, which fits.
    expect(message.model).toBe("claude-opus-5-5");
    expect(message.usage.service_tier).toBe("batch");
    await client.rightsize.close();
  });

  it("releases the hold of a failed call", async () => {
    const store = createMemoryBudgetStore();
    const client = createRoutedClient({
      client: sdk,
      policy: budgeted({ limits: [{ scope: "tenant", period: "day", usd: "1" }] }),
      budgets: { store },
    });
    emulator.setFaults({ next: ["api_error"] });
    await expect(client.messages.create(classify("x"), { rightsize: { facts } })).rejects.toBeInstanceOf(
      Anthropic.InternalServerError,
    );
    emulator.setFaults({});
    const [status] = (await client.rightsize.budgets?.status({ facts })) ?? [];
    expect(status?.committed).toBe(0n);
  });

  it("shares one cap between clients through Redis", async () => {
    const policy = budgeted({
      onExhaust: "reject",
      limits: [{ scope: "tenant", period: "day", usd: "0.0002" }],
    });
    const store = createRedisBudgetStore({ redis, prefix: "routed-client-test" });
    const clients = [0, 1].map(() => createRoutedClient({ client: sdk, policy, budgets: { store } }));
    const outcomes = await Promise.allSettled(
      Array.from({ length: 16 }, (_, index) =>
        clients[index % 2]!.messages.create(classify(`t${index}`), { rightsize: { facts } }),
      ),
    );
    const spent = outcomes.reduce((sum, outcome) => {
      if (outcome.status === "rejected") {
        expect(RoutedRequestRejected.isInstance(outcome.reason)).toBe(true);
        return sum;
      }
      return sum + BigInt(cost({ model: outcome.value.model, usage: outcome.value.usage }).contracted);
    }, 0n);
    expect(outcomes.some((outcome) => outcome.status === "rejected")).toBe(true);
    const [status] = (await clients[0]!.rightsize.budgets?.status({ facts })) ?? [];
    expect(status?.committed).toBe(spent);
    // Past $0.0002 by at most one worst case (a haiku classification hold, well under $0.001).
    expect(spent).toBeLessThanOrEqual(200_000_000n + 1_000_000_000n);
  });

  it("never refuses while the budget has room, even when one worst case is larger than what is left", async () => {
    const client = createRoutedClient({
      client: sdk,
      policy: budgeted({ onExhaust: "reject", limits: [{ scope: "tenant", period: "day", usd: "0.01" }] }),
      budgets: { store: createMemoryBudgetStore() },
    });
    // Opus holds of ~$0.16 (8,000 output tokens) each, against $0.01: every call spends far less.
    const outcomes: string[] = [];
    for (let index = 0; index < 5; index++) {
      const message = await client.messages
        .create(
          {
            model: "claude-opus-5-5",
            max_tokens: 8_000,
            messages: [
              { role: "user", content: `[[emulator task=coding difficulty=0.1]] Write function ${index}` },
            ],
          },
          { rightsize: { facts: { taskType: "code_generation", tenant: "acme" } } },
        )
        .then(
          () => "answered",
          (error: unknown) => (RoutedRequestRejected.isInstance(error) ? "refused" : String(error)),
        );
      outcomes.push(message);
    }
    const [status] = (await client.rightsize.budgets?.status({ facts })) ?? [];
    // Answered until the spend reached the limit; refused only after.
    const firstRefusal = outcomes.indexOf("refused");
    expect(
      firstRefusal === -1 ? status!.committed < 10_000_000_000n : status!.committed >= 10_000_000_000n,
    ).toBe(true);
    expect(outcomes[0]).toBe("answered");
  });

  it("overspends by at most one worst case under concurrency, with punctuation-heavy prompts", async () => {
    const client = createRoutedClient({
      client: sdk,
      policy: budgeted({ onExhaust: "reject", limits: [{ scope: "tenant", period: "day", usd: "0.02" }] }),
      budgets: { store: createMemoryBudgetStore() },
    });
    const prompt = (index: number) =>
      `[[emulator task=extraction difficulty=0.1]] ${index}: ${'{"a":[1,2],"b":{"c":"d"}},'.repeat(300)}`;
    let largestHold = 0;
    const outcomes = await Promise.allSettled(
      Array.from({ length: 40 }, (_, index) =>
        client.messages.create(
          { model: "claude-opus-5-5", max_tokens: 100, messages: [{ role: "user", content: prompt(index) }] },
          { rightsize: { facts: { taskType: "code_generation", tenant: "acme" } } },
        ),
      ),
    );
    for (const outcome of outcomes) {
      if (outcome.status === "rejected") {
        expect(RoutedRequestRejected.isInstance(outcome.reason)).toBe(true);
        continue;
      }
      const budget = routingOf(outcome.value)!.budget as { held: number; spent: number };
      // The hold is a true ceiling: the calibrated estimate covers the punctuation.
      expect(budget.held).toBeGreaterThanOrEqual(budget.spent);
      largestHold = Math.max(largestHold, budget.held);
    }
    const [status] = (await client.rightsize.budgets?.status({ facts })) ?? [];
    expect(outcomes.some((outcome) => outcome.status === "rejected")).toBe(true);
    expect(status!.committed).toBeLessThanOrEqual(20_000_000_000n + BigInt(largestHold));
  });
});
