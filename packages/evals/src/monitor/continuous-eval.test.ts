import Anthropic from "@anthropic-ai/sdk";
import { type Emulator, startEmulator } from "@rightsize/emulator";
import { routingOf } from "@rightsize/policy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shadowEvalClient } from "../test-support/shadow-eval-fixture.js";

let emulator: Emulator;
let sdk: Anthropic;

beforeAll(async () => {
  emulator = await startEmulator({ seed: 11 });
  sdk = new Anthropic({ apiKey: "test", baseURL: emulator.url, maxRetries: 0 });
});
afterAll(async () => {
  await emulator?.close();
});

const setup = (options: { escalate: string[]; sample?: number }) => shadowEvalClient({ sdk, ...options });

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

describe("continuous shadow eval: what it pays for", () => {
  it("counts a judge call whose reply cannot be read (paid, no verdict)", async () => {
    const { createFeedbackLoop } = await import("@rightsize/policy");
    const { createContinuousEval } = await import("./continuous-eval.js");
    const errors: unknown[] = [];
    const shadowEval = await createContinuousEval({
      feedback: createFeedbackLoop({ tiers: ["haiku", "sonnet", "opus"] }),
      sample: 1,
      tasks: { writing: { grader: { type: "judge", rubric: "answers well", passAt: 0.5, maxTokens: 256 } } },
      onError: (error) => errors.push(error),
    });
    const message = (model: string, text: string) =>
      ({
        id: `msg_${model}`,
        type: "message",
        role: "assistant",
        model,
        content: [{ type: "text", text }],
        stop_reason: "end_turn",
        stop_sequence: null,
        usage: { input_tokens: 1_000_000, output_tokens: 0 },
      }) as never;
    const sent: string[] = [];
    shadowEval.evaluate({
      requestId: "r1",
      taskType: "writing",
      tier: "haiku",
      model: "claude-haiku-5-5",
      shadowTier: "sonnet",
      shadowModel: "claude-sonnet-5-5",
      request: {
        model: "claude-haiku-5-5",
        max_tokens: 100,
        messages: [{ role: "user", content: "Write." }],
      },
      answer: message("claude-haiku-5-5", "A poem."),
      policy: {} as never,
      sendBatch: async (params) => {
        sent.push(params.model);
        // The shadow re-run answers; the judge (on the shadow model by default) replies with no JSON.
        return sent.length === 1
          ? message(params.model, "Another poem.")
          : message(params.model, "I liked it.");
      },
    });
    await shadowEval.flush();
    expect(sent).toEqual(["claude-sonnet-5-5", "claude-sonnet-5-5"]);
    // The judge's reply holds no verdict: an error, never the caller's.
    expect(errors).toHaveLength(1);
    // Two calls of 1M input tokens on Sonnet 5.5 at the batch rate ($2 per MTok, halved): both paid, both counted.
    expect(shadowEval.costPico).toBe(2_000_000_000_000n);
  });
});
