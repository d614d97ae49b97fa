import Anthropic from "@anthropic-ai/sdk";
import { type Emulator, startEmulator } from "@rightsize/emulator";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { createFeedbackLoop } from "../feedback/feedback-loop.js";
import { messageText } from "./attempt-check.js";
import { createRoutedClient } from "./routed-client.js";
import { RoutedRequestRejected } from "./routed-client-error.js";
import { routingOf } from "./routing-metadata.js";
import { recordingObserver } from "./test-support/recording-observer.js";
import { testPolicy } from "./test-support/test-policy.js";

let emulator: Emulator;
let sdk: Anthropic;

beforeAll(async () => {
  emulator = await startEmulator({ seed: 7 });
  sdk = new Anthropic({ apiKey: "test", baseURL: emulator.url, maxRetries: 1 });
});
afterAll(async () => await emulator?.close());
beforeEach(() => emulator.setFaults({}));

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const user = (text: string) => [{ role: "user" as const, content: text }];

describe("routing and ceilings", () => {
  it("routes by rule, caps max_tokens above the ceiling and keeps it below", async () => {
    const { observer, calls } = recordingObserver();
    const client = createRoutedClient({ client: sdk, policy: testPolicy(), observer });
    const capped = await client.messages.create(
      {
        model: "claude-opus-5-5",
        max_tokens: 1000,
        messages: user("[[emulator task=classification difficulty=0.1]] Label: refund please"),
      },
      { rightsize: { facts: { taskType: "classification" } } },
    );
    expect(capped.model).toBe("claude-haiku-5-5");
    expect(routingOf(capped)!).toMatchObject({ attempts: 1, tiersTried: ["haiku"], checkPassed: true });
    expect(calls.find((call) => call.hook === "startAttempt")).toMatchObject({
      tier: "haiku",
      maxTokens: 64,
    });
    expect(calls.find((call) => call.hook === "startRequest")).toMatchObject({
      requested: { model: "claude-opus-5-5", maxTokens: 1000 },
    });

    const kept = await client.messages.create(
      {
        model: "claude-opus-5-5",
        max_tokens: 20,
        messages: user("[[emulator task=classification]] Label: hello"),
      },
      { rightsize: { facts: { taskType: "classification" } } },
    );
    expect(calls.filter((call) => call.hook === "startAttempt").at(-1)).toMatchObject({ maxTokens: 20 });
    expect(kept.usage.output_tokens).toBeLessThanOrEqual(20);

    const code = await client.messages.create(
      {
        model: "claude-haiku-5-5",
        max_tokens: 300,
        messages: user("[[emulator task=coding difficulty=0.2]] Write a parser"),
      },
      { rightsize: { facts: { taskType: "code_generation" } } },
    );
    expect(code.model).toBe("claude-opus-5-5");
    expect(routingOf(code)!.decision).toMatchObject({ kind: "route", matchedRules: ["code-on-opus"] });
    // The metadata is not part of the message's JSON: it serializes as the API returned it.
    expect(JSON.stringify(code)).not.toContain("rightsize");
  });

  it("derives a missing task type from the prompt with the classifier", async () => {
    const client = createRoutedClient({ client: sdk, policy: testPolicy() });
    const message = await client.messages.create({
      model: "claude-opus-5-5",
      max_tokens: 500,
      messages: user(
        "Classify this support ticket into one of these categories: billing, shipping, other. Ticket: my parcel is late.",
      ),
    });
    expect(routingOf(message)!.facts.taskType).toBe("classification");
    expect(routingOf(message)!.facts.complexity).toBeGreaterThanOrEqual(0);
  });

  it("returns a policy reject as RoutedRequestRejected, never sending the request", async () => {
    const { observer, calls } = recordingObserver();
    const client = createRoutedClient({ client: sdk, policy: testPolicy(), observer });
    const before = emulator.stats().requests.messages;
    const error = await client.messages
      .create(
        { model: "claude-haiku-5-5", max_tokens: 10, messages: user("hi") },
        { rightsize: { facts: { feature: "forbidden" } } },
      )
      .catch((caught: unknown) => caught);
    expect(RoutedRequestRejected.isInstance(error)).toBe(true);
    expect((error as RoutedRequestRejected).decision).toMatchObject({
      code: "policy_rejected",
      matchedRules: ["no-secrets"],
    });
    expect(emulator.stats().requests.messages).toBe(before);
    expect(calls.at(-1)).toMatchObject({ hook: "endRequest", outcome: "rejected", attempts: 0 });
  });

  it("sends a shadow request exactly as the caller asked and still reports the decision", async () => {
    const { observer, calls } = recordingObserver();
    const client = createRoutedClient({ client: sdk, policy: testPolicy({ mode: "shadow" }), observer });
    const message = await client.messages.create(
      {
        model: "claude-sonnet-5-5",
        max_tokens: 500,
        messages: user("[[emulator task=classification]] Label: late parcel"),
      },
      { rightsize: { facts: { taskType: "classification" } } },
    );
    expect(message.model).toBe("claude-sonnet-5-5");
    expect(routingOf(message)!).toMatchObject({ shadow: true, attempts: 1, tiersTried: [null] });
    expect(routingOf(message)!.decision).toMatchObject({
      kind: "route",
      tier: "haiku",
      maxTokens: 64,
      shadow: true,
    });
    expect(calls.find((call) => call.hook === "startRequest")).toMatchObject({ shadow: true });
    expect(calls.find((call) => call.hook === "startAttempt")).toMatchObject({
      model: "claude-sonnet-5-5",
      maxTokens: 500,
    });
  });
});

describe("escalation", () => {
  it("escalates on stop_reason max_tokens with the ceiling raised to what the caller asked for", async () => {
    const { observer, calls } = recordingObserver();
    const client = createRoutedClient({ client: sdk, policy: testPolicy(), observer });
    const message = await client.messages.create(
      {
        model: "claude-haiku-5-5",
        max_tokens: 2000,
        messages: user("[[emulator task=writing difficulty=0.2]] Draft a long announcement"),
      },
      { rightsize: { facts: { taskType: "drafting" } } },
    );
    // The 48-token ceiling cut the draft; the next tier gets the caller's 2000, not 48 again.
    expect(routingOf(message)).toMatchObject({
      attempts: 2,
      tiersTried: ["haiku", "sonnet"],
      maxTokensTried: [48, 2000],
      escalationReasons: ["stop_reason max_tokens"],
      checkPassed: true,
    });
    expect(message.stop_reason).toBe("end_turn");
    const hooks = calls.map((call) =>
      call.hook === "startAttempt" || call.hook === "endAttempt" ? `${call.hook}:${call.attempt}` : call.hook,
    );
    expect(hooks).toEqual([
      "startRequest",
      "startAttempt:1",
      "endAttempt:1",
      "startAttempt:2",
      "endAttempt:2",
      "endRequest",
    ]);
    expect(calls[3]).toMatchObject({
      tier: "sonnet",
      maxTokens: 2000,
      escalationReason: "stop_reason max_tokens",
    });
    expect(calls[2]).toMatchObject({ escalatedBecause: "stop_reason max_tokens" });
    expect(calls.at(-1)).toMatchObject({
      outcome: "ok",
      attempts: 2,
      escalations: 1,
      finalTier: "sonnet",
      finalModel: "claude-sonnet-5-5",
    });
  });

  it("returns the last answer with checkPassed false when the chain runs out", async () => {
    const client = createRoutedClient({ client: sdk, policy: testPolicy() });
    // The caller's own max_tokens is too small for the draft on every tier.
    const message = await client.messages.create(
      {
        model: "claude-haiku-5-5",
        max_tokens: 30,
        messages: user("[[emulator task=writing difficulty=0.2]] Draft a long announcement"),
      },
      { rightsize: { facts: { taskType: "drafting" } } },
    );
    expect(routingOf(message)).toMatchObject({
      attempts: 3,
      tiersTried: ["haiku", "sonnet", "opus"],
      maxTokensTried: [30, 30, 30],
      checkPassed: false,
      checkFailure: "stop_reason max_tokens",
    });
    expect(message.stop_reason).toBe("max_tokens");
  });

  it("escalates when the output fails the caller's zod schema, and stops once it passes", async () => {
    const { observer, calls } = recordingObserver();
    const client = createRoutedClient({ client: sdk, policy: testPolicy(), observer });
    const schema = z.object({
      answer: z.string(),
      confidence: z.number().min(0).max(1),
      details: z.string(),
    });
    const params = (invoice: number) => ({
      model: "claude-haiku-5-5",
      max_tokens: 400,
      system: "Reply with JSON only.",
      messages: user(`[[emulator task=extraction difficulty=0.7]] Extract the fields of invoice ${invoice}.`),
    });
    // The emulator is deterministic per (seed, model, prompt): find a prompt haiku gets wrong and
    // sonnet right by asking it directly, so the test does not hang on one hash value.
    const valid = (message: Anthropic.Message) => schema.safeParse(safeJson(messageText(message))).success;
    let invoice = -1;
    for (let candidate = 0; candidate < 60 && invoice < 0; candidate++) {
      const cheap = await sdk.messages.create(params(candidate));
      if (valid(cheap)) continue;
      if (valid(await sdk.messages.create({ ...params(candidate), model: "claude-sonnet-5-5" })))
        invoice = candidate;
    }
    expect(invoice).toBeGreaterThanOrEqual(0);
    const message = await client.messages.create(params(invoice), {
      rightsize: { facts: { taskType: "extraction" }, schema },
    });
    expect(routingOf(message)!.tiersTried).toEqual(["haiku", "sonnet"]);
    expect(routingOf(message)!.escalationReasons[0]).toMatch(/^schema: /);
    expect(routingOf(message)!.checkPassed).toBe(true);
    expect(valid(message)).toBe(true);
    // The emulator's oracle agrees: the cheap attempt was wrong, the escalated one right.
    const first = calls.find((call) => call.hook === "endAttempt" && call.attempt === 1);
    expect(emulator.verdict((first as { responseId: string }).responseId)?.correct).toBe(false);
    expect(emulator.verdict(message.id)?.correct).toBe(true);
  });

  it("escalates on a caller validator's verdict (false or a reason)", async () => {
    const client = createRoutedClient({ client: sdk, policy: testPolicy() });
    const message = await client.messages.create(
      {
        model: "claude-haiku-5-5",
        max_tokens: 2000,
        messages: user("[[emulator task=qa difficulty=0.2]] What is a refund?"),
      },
      {
        rightsize: {
          validate: (response) => response.model === "claude-opus-5-5" || `answered by ${response.model}`,
        },
      },
    );
    expect(routingOf(message)!.escalationReasons).toEqual([
      "validator: answered by claude-haiku-5-5",
      "validator: answered by claude-sonnet-5-5",
    ]);
    expect(routingOf(message)!.checkPassed).toBe(true);
  });

  it("escalates on 529 overloaded after the SDK's own retries", async () => {
    const { observer, calls } = recordingObserver();
    const client = createRoutedClient({ client: sdk, policy: testPolicy(), observer });
    const before = emulator.stats().requests.messages;
    // maxRetries 1: the SDK sends the cheap attempt twice, both overloaded; the next tier succeeds.
    emulator.setFaults({ next: ["overloaded", "overloaded"] });
    const message = await client.messages.create(
      {
        model: "claude-haiku-5-5",
        max_tokens: 50,
        messages: user("[[emulator task=classification]] Label: hi"),
      },
      { rightsize: { facts: { taskType: "classification" } } },
    );
    expect(emulator.stats().requests.messages - before).toBe(3);
    expect(routingOf(message)!).toMatchObject({
      tiersTried: ["haiku", "sonnet"],
      escalationReasons: ["overloaded (529) after the retries"],
    });
    const failed = calls.find((call) => call.hook === "endAttempt" && call.attempt === 1);
    expect(failed).toMatchObject({ escalatedBecause: "overloaded (529) after the retries" });
    expect((failed as { error: { status: number } }).error.status).toBe(529);
  });

  it("lets the SDK retry a 429 and surfaces a persistent one unchanged (no escalation)", async () => {
    const { observer, calls } = recordingObserver();
    const client = createRoutedClient({ client: sdk, policy: testPolicy(), observer });
    emulator.setFaults({ next: ["rate_limit"], retryAfterSeconds: 0.01 });
    const retried = await client.messages.create(
      {
        model: "claude-haiku-5-5",
        max_tokens: 50,
        messages: user("[[emulator task=classification]] Label: a"),
      },
      { rightsize: { facts: { taskType: "classification" } } },
    );
    expect(routingOf(retried)!.attempts).toBe(1);

    emulator.setFaults({ next: ["rate_limit", "rate_limit"], retryAfterSeconds: 0.01 });
    const error = await client.messages
      .create({
        model: "claude-haiku-5-5",
        max_tokens: 50,
        messages: user("[[emulator task=classification]] Label: b"),
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    expect(calls.at(-1)).toMatchObject({ hook: "endRequest", outcome: "error", attempts: 1 });
  });

  it("never lets a throwing observer break a call", async () => {
    const explode = () => {
      throw new Error("observer bug");
    };
    const errors: unknown[] = [];
    const client = createRoutedClient({
      client: sdk,
      policy: testPolicy(),
      observer: { startRequest: explode, startBatch: explode },
      onObserverError: (error) => errors.push(error),
    });
    const message = await client.messages.create({
      model: "claude-haiku-5-5",
      max_tokens: 200,
      messages: user("[[emulator task=classification]] Label: hello"),
    });
    expect(routingOf(message)!.attempts).toBe(1);
    expect(errors).toHaveLength(1);
  });
});

describe("caching", () => {
  it("puts breakpoints on tools and system so the second call reads the cache", async () => {
    emulator.clearCache();
    const client = createRoutedClient({ client: sdk, policy: testPolicy() });
    const system = `You are the support agent of Example Corp. ${"Policy paragraph: refunds are processed within five business days. ".repeat(300)}`;
    const tools = [
      {
        name: "lookup_order",
        description: "Looks up an order",
        input_schema: { type: "object" as const, properties: { id: { type: "string" } } },
      },
    ];
    const call = (question: string) =>
      client.messages.create(
        {
          model: "claude-haiku-5-5",
          max_tokens: 40,
          system,
          tools,
          messages: user(`[[emulator task=qa]] ${question}`),
        },
        { rightsize: { facts: { taskType: "faq" } } },
      );
    const first = await call("Where is my order?");
    expect(routingOf(first)!.decision).toMatchObject({
      cache: { enabled: true, breakpoints: ["tools", "system"] },
    });
    expect(first.usage.cache_creation_input_tokens).toBeGreaterThan(2048);
    expect(first.usage.cache_read_input_tokens ?? 0).toBe(0);
    const second = await call("Can I get a refund?");
    expect(second.usage.cache_read_input_tokens).toBe(first.usage.cache_creation_input_tokens);
    expect(second.usage.cache_creation_input_tokens ?? 0).toBe(0);
  });
});

describe("streaming", () => {
  it("streams on the decided tier with the ceiling, reporting first chunk and end", async () => {
    const { observer, calls } = recordingObserver();
    const client = createRoutedClient({ client: sdk, policy: testPolicy(), observer });
    const stream = client.messages.stream(
      {
        model: "claude-opus-5-5",
        max_tokens: 1000,
        messages: user("[[emulator task=classification]] Label: broken screen"),
      },
      { rightsize: { facts: { taskType: "classification" } } },
    );
    const final = await stream.finalMessage();
    expect(final.model).toBe("claude-haiku-5-5");
    const metadata = await routingOf(stream);
    expect(metadata).toMatchObject({ attempts: 1, tiersTried: ["haiku"], checkPassed: true });
    expect(calls.map((call) => call.hook)).toEqual([
      "startRequest",
      "startAttempt",
      "firstChunk",
      "endAttempt",
      "endRequest",
    ]);
    expect(calls[1]).toMatchObject({ maxTokens: 64 });
    expect(calls[3]).toMatchObject({ responseId: final.id, stopReason: final.stop_reason });

    const events = await client.messages.create(
      {
        model: "claude-opus-5-5",
        max_tokens: 1000,
        stream: true,
        messages: user("[[emulator task=classification]] Label: x"),
      },
      { rightsize: { facts: { taskType: "classification" } } },
    );
    const types: string[] = [];
    for await (const event of events) types.push(event.type);
    expect(types[0]).toBe("message_start");
    expect(types.at(-1)).toBe("message_stop");
  });

  it("moves a stream to the next tier when the connection is overloaded", async () => {
    const client = createRoutedClient({ client: sdk, policy: testPolicy() });
    emulator.setFaults({ next: ["overloaded", "overloaded"] });
    const stream = client.messages.stream(
      {
        model: "claude-haiku-5-5",
        max_tokens: 100,
        messages: user("[[emulator task=classification]] Label: y"),
      },
      { rightsize: { facts: { taskType: "classification" } } },
    );
    expect((await stream.finalMessage()).model).toBe("claude-sonnet-5-5");
    expect((await routingOf(stream))?.tiersTried).toEqual(["haiku", "sonnet"]);
  });
});

describe("feedback overrides", () => {
  it("moves a task type up a tier once its flag rate crosses the threshold", async () => {
    const feedback = createFeedbackLoop({
      tiers: ["haiku", "sonnet", "opus"],
      threshold: 0.5,
      minSamples: 3,
    });
    const client = createRoutedClient({ client: sdk, policy: testPolicy(), feedback });
    const ask = () =>
      client.messages.create(
        {
          model: "claude-haiku-5-5",
          max_tokens: 30,
          messages: user("[[emulator task=classification]] Label: z"),
        },
        { rightsize: { facts: { taskType: "classification" } } },
      );
    for (let index = 0; index < 3; index++) {
      const message = await ask();
      expect(message.model).toBe("claude-haiku-5-5");
      feedback.feedback({
        requestId: index % 2 === 0 ? routingOf(message)!.requestId : message.id,
        verdict: "bad",
      });
    }
    const [override] = feedback.overrides({ status: "active" });
    expect(override).toMatchObject({ taskType: "classification", fromTier: "haiku", toTier: "sonnet" });
    const moved = await ask();
    expect(moved.model).toBe("claude-sonnet-5-5");
    expect(routingOf(moved)!.overrides.map((entry) => entry.id)).toEqual([override?.id]);
    const movedDecision = routingOf(moved)!.decision;
    expect(movedDecision.kind === "route" && movedDecision.reasons.at(-1)).toMatch(/feedback override/);
    expect(routingOf(moved)!.decision).toMatchObject({ kind: "route", override: "feedback" });
    expect(feedback.helpShare({ taskType: "classification" })).toMatchObject({ requests: 4, overridden: 1 });
    feedback.revert({ id: override?.id ?? "" });
    const reverted = await ask();
    expect(reverted.model).toBe("claude-haiku-5-5");
    expect(routingOf(reverted)!.decision).not.toHaveProperty("override");
  });
});
