/**
 * A fleet member of the multi-process budget test: fires its share of concurrent requests at a
 * shared Redis budget, settles or releases each, and reports what it saw to the parent.
 */
import { seededRandom } from "@rightsize/contracts";
import { Redis } from "ioredis";
import { createBudgetGuard } from "../budget-guard.js";
import { createRedisBudgetStore } from "../redis-budget-store.js";

interface WorkerTask {
  redisUrl: string;
  worker: number;
  requests: number;
  limit: string;
  minCost: number;
  maxCost: number;
}

const task = JSON.parse(process.argv[2] ?? "{}") as WorkerTask;
const redis = new Redis(task.redisUrl);
const guard = createBudgetGuard({
  store: createRedisBudgetStore({ redis }),
  limits: [{ scope: "tenant", period: "day", limit: BigInt(task.limit) }],
});

// Deterministic per worker, so a failure reproduces.
const random = seededRandom(0x9e3779b9 ^ task.worker);

async function one(index: number) {
  const amount = task.minCost + Math.floor(random() * (task.maxCost - task.minCost));
  const fails = random() < 0.1;
  const actual = Math.floor(amount * (0.3 + 0.7 * random()));
  const latency = Math.floor(random() * 15);
  const result = await guard.reserve({
    reservationId: `w${task.worker}-${index}`,
    facts: { tenant: "acme" },
    amount,
  });
  if (result.kind === "exhausted") {
    // A refusal must be justified by what the store saw at that instant.
    return { admitted: 0, spent: 0n, unjustified: result.committed + BigInt(amount) <= result.limit ? 1 : 0 };
  }
  if (result.kind !== "reserved") throw new Error("the tenant budget must apply");
  await new Promise((resolve) => setTimeout(resolve, latency));
  if (fails) {
    await guard.release({ reservation: result.reservation });
    return { admitted: 1, spent: 0n, unjustified: 0 };
  }
  await guard.settle({ reservation: result.reservation, actual });
  return { admitted: 1, spent: BigInt(actual), unjustified: 0 };
}

const outcomes = await Promise.all(Array.from({ length: task.requests }, (_, index) => one(index)));
await redis.quit();
const summary = {
  admitted: outcomes.reduce((sum, outcome) => sum + outcome.admitted, 0),
  unjustified: outcomes.reduce((sum, outcome) => sum + outcome.unjustified, 0),
  spent: outcomes.reduce((sum, outcome) => sum + outcome.spent, 0n).toString(),
};
process.send?.(summary, () => process.exit(0));
