import Anthropic from "@anthropic-ai/sdk";
import type { Message } from "@anthropic-ai/sdk/resources/messages";
import { type Emulator, startEmulator } from "@rightsize/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRoutedClient } from "./routed-client.js";
import type { ShadowEvaluator, ShadowSample } from "./shadow-evaluator.js";
import { testPolicy } from "./test-support/test-policy.js";

let emulator: Emulator;
let sdk: Anthropic;

beforeAll(async () => {
  emulator = await startEmulator({ seed: 5 });
  sdk = new Anthropic({ apiKey: "test", baseURL: emulator.url, maxRetries: 0 });
});
afterAll(async () => {
  await emulator?.close();
});

const request = {
  model: "claude-sonnet-5-5",
  max_tokens: 64,
  messages: [{ role: "user" as const, content: "[[emulator task=classification difficulty=0.3]] Label: ok" }],
};
const facts = { taskType: "classification" };

/** What a caller sees of a message, less its id (the emulator numbers every response). */
function seen(message: Message) {
  const { id: _id, ...rest } = message;
  return rest;
}

describe("routed client: continuous shadow eval option", () => {
  it("hands a sampled answer over after the caller has it, with the next tier up and a batch sender", async () => {
    const samples: ShadowSample[] = [];
    const shadows: Message[] = [];
    let callerDone = false;
    let resolvedBeforeCallerDone: boolean | undefined;
    const evaluator: ShadowEvaluator = {
      sample: () => true,
      evaluate: (sample) => {
        samples.push(sample);
        void sample.sendBatch({ ...sample.request, model: sample.shadowModel }).then((message) => {
          resolvedBeforeCallerDone = !callerDone;
          shadows.push(message);
        });
      },
    };
    const client = createRoutedClient({
      client: sdk,
      policy: testPolicy(),
      shadowEval: evaluator,
      batch: { maxWaitMs: 5, pollIntervalMs: 5 },
    });
    const message = await client.messages.create(request, { rightsize: { facts } });
    callerDone = true;
    expect(samples).toHaveLength(1);
    expect(samples[0]).toMatchObject({
      taskType: "classification",
      tier: "haiku",
      model: "claude-haiku-5-5",
      shadowTier: "sonnet",
      shadowModel: "claude-sonnet-5-5",
      answer: { id: message.id },
    });
    expect(samples[0]?.request).toMatchObject({ model: "claude-haiku-5-5", max_tokens: 64 });
    await client.rightsize.close();
    expect(shadows[0]?.model).toBe("claude-sonnet-5-5");
    // The shadow answer came after the caller's: nothing of it was awaited on the caller's path.
    expect(resolvedBeforeCallerDone).toBe(false);
  });

  it("a throwing, failing or never-ending shadow path leaves the caller's result untouched", async () => {
    const plain = createRoutedClient({ client: sdk, policy: testPolicy() });
    const expected = seen(await plain.messages.create(request, { rightsize: { facts } }));
    const errors: unknown[] = [];
    const pending: Array<Promise<unknown>> = [];
    const evaluators: ShadowEvaluator[] = [
      {
        sample: () => {
          throw new Error("sampler broke");
        },
        evaluate: () => {},
      },
      {
        sample: () => true,
        evaluate: () => {
          throw new Error("evaluator broke");
        },
      },
      {
        // A shadow re-run the API refuses: its batch request errors, in the background.
        sample: () => true,
        evaluate: (sample) => {
          pending.push(
            sample.sendBatch({ ...sample.request, model: "claude-no-such-model" }).catch((e) => e),
          );
        },
      },
    ];
    for (const shadowEval of evaluators) {
      const client = createRoutedClient({
        client: sdk,
        policy: testPolicy(),
        shadowEval,
        onShadowEvalError: (error) => errors.push(error),
        batch: { maxWaitMs: 5, pollIntervalMs: 5, maxRetries: 0 },
      });
      const message = await client.messages.create(request, { rightsize: { facts } });
      expect(seen(message)).toEqual(expected);
      await client.rightsize.close();
    }
    expect(errors.map((error) => (error as Error).message)).toEqual(["sampler broke", "evaluator broke"]);
    const [failed] = await Promise.all(pending);
    expect(failed).toBeInstanceOf(Error);

    // A shadow batch that would wait an hour: the caller has its answer at once, the shadow is still queued.
    let shadowSettled = false;
    const slow = createRoutedClient({
      client: sdk,
      policy: testPolicy(),
      shadowEval: {
        sample: () => true,
        evaluate: (sample) => {
          void sample
            .sendBatch({ ...sample.request, model: sample.shadowModel })
            .finally(() => (shadowSettled = true))
            .catch(() => {});
        },
      },
      batch: { maxWaitMs: 3_600_000 },
    });
    const message = await slow.messages.create(request, { rightsize: { facts } });
    expect(seen(message)).toEqual(expected);
    expect(shadowSettled).toBe(false);
    await slow.rightsize.close({ timeoutMs: 1_000 });
  });

  it("does not sample the top tier (nothing above to compare with) nor policy-shadow requests", async () => {
    const sampled: string[] = [];
    const evaluator: ShadowEvaluator = {
      sample: (candidate) => sampled.push(candidate.tier) > 0,
      evaluate: () => {},
    };
    const client = createRoutedClient({ client: sdk, policy: testPolicy(), shadowEval: evaluator });
    await client.messages.create(request, { rightsize: { facts: { taskType: "code_generation" } } });
    await client.messages.create(request, { rightsize: { facts, shadow: true } });
    expect(sampled).toEqual([]);
    await client.messages.create(request, { rightsize: { facts } });
    expect(sampled).toEqual(["haiku"]);
    await client.rightsize.close();
  });

  it("refuses a shadowEval option without sample() and evaluate()", () => {
    expect(() =>
      createRoutedClient({ client: sdk, policy: testPolicy(), shadowEval: { sample: () => true } as never }),
    ).toThrow(/`shadowEval` must have sample\(\) and evaluate\(\)/);
  });
});
