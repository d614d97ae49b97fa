/**
 * A replica of the two-process shadow-eval test: a routed client with the continuous eval, its
 * feedback loop on a shared Redis store. `ask`: asks `count` questions at `difficulty` and reports
 * its verdicts and alerts; `route`: reads the fleet's overrides and reports the tier one question ran on.
 */
import Anthropic from "@anthropic-ai/sdk";
import { createFeedbackLoop, createRedisFeedbackStore, routingOf } from "@rightsize/policy";
import { Redis } from "ioredis";
import { shadowEvalClient, TIERS } from "./shadow-eval-fixture.js";

interface WorkerTask {
  redisUrl: string;
  emulatorUrl: string;
  mode: "ask" | "route";
  first: number;
  count: number;
  difficulty: number;
}

const task = JSON.parse(process.argv[2] ?? "{}") as WorkerTask;
const redis = new Redis(task.redisUrl);
const feedback = createFeedbackLoop({ tiers: TIERS, store: createRedisFeedbackStore({ redis }), syncMs: 0 });
await feedback.sync();
const sdk = new Anthropic({ apiKey: "test", baseURL: task.emulatorUrl, maxRetries: 0 });
const { client, shadowEval, alerts, verdicts, errors, ask } = await shadowEvalClient({
  sdk,
  escalate: ["classification"],
  feedback,
});
const tiers: Array<string | null> = [];
for (let index = task.first; index < task.first + task.count; index++) {
  const message = await ask(index, task.difficulty);
  tiers.push(routingOf(message)?.tiersTried.at(-1) ?? null);
  if (task.mode === "ask") await shadowEval.flush();
}
await shadowEval.flush();
await client.rightsize.close();
await feedback.flush();
process.send?.({
  tiers,
  verdicts: verdicts.map((verdict) => ({ pass: verdict.grade?.pass, n: verdict.window?.n })),
  alerts: alerts.map((alert) => ({ n: alert.window.n, override: alert.override?.id })),
  errors: errors.map(String),
});
feedback.close();
await redis.quit();
