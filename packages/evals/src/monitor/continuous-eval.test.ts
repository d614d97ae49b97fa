import Anthropic from "@anthropic-ai/sdk";
import { type Emulator, startEmulator } from "@rightsize/emulator";
import {
  createFeedbackLoop,
  createRoutedClient,
  type FeedbackLoop,
  type Policy,
  parsePolicy,
  routingOf,
} from "@rightsize/policy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContinuousEval, type RegressionAlert, type ShadowVerdict } from "./continuous-eval.js";

let emulator: Emulator;
let sdk: Anthropic;

beforeAll(async () => {
  emulator = await startEmulator({ seed: 11 });
  sdk = new Anthropic({ apiKey: "test", baseURL: emulator.url, maxRetries: 0 });
});
afterAll(async () => {
  await emulator?.close();
});

const LABELS = ["billing", "technical", "account", "shipping", "refund"];

function policy(escalate: string[]): Policy {
  const parsed = parsePolicy({
    format: "json",
    source: {
      name: "shadow-eval-test",
      version: "1",
      tiers: { haiku: "claude-haiku-5-5", sonnet: "claude-sonnet-5-5", opus: "claude-opus-5-5" },
      defaultTier: "sonnet",
      fallbackTier: "sonnet",
      routing: [
        {
          name: "classification-on-haiku",
          reason: "routine labels hold on haiku",
          when: { all: [{ fact: "taskType", operator: "equal", value: "classification" }] },
          tier: "haiku",
          escalation: false,
        },
      ],
      monitoring: { escalate },
    },
  });
  if (!parsed.ok) throw parsed.error;
  return parsed.policy;
}

/** A closed classification question whose answer follows the emulator's oracle at `difficulty`. */
function question(index: number, difficulty: number) {
  const label = LABELS[index % LABELS.length]!;
  return {
    model: "claude-sonnet-5-5",
    max_tokens: 32,
    messages: [
      {
        role: "user" as const,
        content: `[[emulator task=classification difficulty=${difficulty}]] Ticket ${index}: route it. One label.`,
      },
    ],
    emulator_eval: { reference: label, choices: LABELS },
  };
}

async function setup(options: { escalate: string[]; sample?: number; feedback?: FeedbackLoop }) {
  const feedback = options.feedback ?? createFeedbackLoop({ tiers: ["haiku", "sonnet", "opus"] });
  const alerts: RegressionAlert[] = [];
  const verdicts: ShadowVerdict[] = [];
  const errors: unknown[] = [];
  const shadowEval = await createContinuousEval({
    feedback,
    sample: options.sample ?? 1,
    tasks: { classification: { grader: { type: "exact", caseSensitive: true, trim: true }, bar: 0.85 } },
    minSamples: 20,
    emulator: true,
    onRegression: (alert) => alerts.push(alert),
    onVerdict: (verdict) => verdicts.push(verdict),
    onError: (error) => errors.push(error),
  });
  const client = createRoutedClient({
    client: sdk,
    policy: policy(options.escalate),
    feedback,
    shadowEval,
    batch: { maxWaitMs: 5, pollIntervalMs: 5 },
  });
  const ask = async (index: number, difficulty: number) =>
    await client.messages.create(question(index, difficulty) as never, {
      rightsize: { facts: { taskType: "classification" } },
    });
  return { client, feedback, shadowEval, alerts, verdicts, errors, ask };
}

describe("continuous shadow eval", () => {
  it("re-runs a sample on the next tier up through a batch, grades it and prices it at batch rates", async () => {
    const { client, shadowEval, verdicts, errors, ask } = await setup({ escalate: [], sample: 0.5 });
    for (let index = 0; index < 40; index++) await ask(index, 0.2);
    await shadowEval.flush();
    expect(errors).toEqual([]);
    // Half the answers, give or take the dice: sampled, re-run on sonnet (the tier above haiku).
    expect(verdicts.length).toBeGreaterThan(10);
    expect(verdicts.length).toBeLessThan(30);
    expect(new Set(verdicts.map((verdict) => `${verdict.tier}>${verdict.shadowTier}`))).toEqual(
      new Set(["haiku>sonnet"]),
    );
    // Easy questions: haiku and sonnet both give the reference, so every answer holds.
    expect(verdicts.every((verdict) => verdict.grade?.pass === true)).toBe(true);
    // The shadow went through the Message Batches API: the emulator saw batches on sonnet.
    const stats = emulator.stats();
    expect(stats.batches.created).toBeGreaterThan(0);
    // Quality assurance is paid at batch prices: the sum of the verdicts' costs, exactly.
    const total = verdicts.reduce((sum, verdict) => sum + verdict.costPico, 0n);
    expect(shadowEval.costPico).toBe(total);
    expect(total).toBeGreaterThan(0n);
    await client.rightsize.close();
  });

  it("raises the alert and escalates the task type when a regression is injected mid-run", async () => {
    const { client, feedback, shadowEval, alerts, verdicts, ask } = await setup({
      escalate: ["classification"],
    });
    for (let index = 0; index < 30; index++) await ask(index, 0.2);
    await shadowEval.flush();
    expect(alerts).toEqual([]);
    expect(verdicts.every((verdict) => verdict.grade?.pass)).toBe(true);
    // The regression: the task's questions get hard (haiku's capability 0.82 is now below them;
    // sonnet's 0.99 still above), so haiku's answers stop matching sonnet's.
    for (let index = 30; index < 90 && alerts.length === 0; index++) {
      await ask(index, 0.9);
      await shadowEval.flush();
    }
    expect(alerts).toHaveLength(1);
    const [alert] = alerts;
    expect(alert).toMatchObject({ taskType: "classification", tier: "haiku", shadowTier: "sonnet" });
    expect(alert?.window.upper).toBeLessThan(0.85);
    expect(alert?.window.n).toBeGreaterThanOrEqual(20);
    // Escalated through a recorded, revertible override.
    expect(alert?.override).toMatchObject({
      taskType: "classification",
      fromTier: "haiku",
      toTier: "sonnet",
      status: "active",
      source: "shadow-eval",
    });
    expect(alert?.override?.reason).toMatch(/upper bound .* < bar 85.0%/);
    const after = await ask(200, 0.9);
    expect(routingOf(after)?.tiersTried).toEqual(["sonnet"]);
    expect(routingOf(after)?.decision).toMatchObject({ override: "feedback" });
    feedback.revert({ id: alert?.override?.id ?? "", note: "prompt fixed" });
    const reverted = await ask(201, 0.2);
    expect(routingOf(reverted)?.tiersTried).toEqual(["haiku"]);
    await shadowEval.flush();
    await client.rightsize.close();
  });

  it("alerts without escalating where the policy does not say so", async () => {
    const { client, feedback, shadowEval, alerts, ask } = await setup({ escalate: [] });
    for (let index = 0; index < 80 && alerts.length === 0; index++) {
      await ask(index, 0.9);
      await shadowEval.flush();
    }
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.override).toBeUndefined();
    expect(feedback.overrides()).toEqual([]);
    await client.rightsize.close();
  });
});
