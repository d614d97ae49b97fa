import Anthropic from "@anthropic-ai/sdk";
import { type Emulator, startEmulator } from "@rightsize/emulator";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { createFeedbackLoop } from "../feedback/feedback-loop.js";
import { PolicyError } from "../policy-error.js";
import { messageText } from "./attempt-check.js";
import { estimateInputTokens } from "./estimate-input-tokens.js";
import { createRoutedClient } from "./routed-client.js";
import { RoutedResponseError } from "./routed-client-error.js";
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

const user = (text: string) => [{ role: "user" as const, content: text }];
const Fields = z.object({ answer: z.string(), confidence: z.number().min(0).max(1), details: z.string() });
const extraction = (invoice: number) => ({
  model: "claude-haiku-5-5",
  max_tokens: 400,
  system: "Reply with JSON only.",
  messages: user(`[[emulator task=extraction difficulty=0.7]] Extract the fields of invoice ${invoice}.`),
});
function valid(message: Anthropic.Message): boolean {
  try {
    return Fields.safeParse(JSON.parse(messageText(message))).success;
  } catch {
    return false;
  }
}
/** A prompt the emulator's haiku answers wrongly and its sonnet rightly (deterministic per seed). */
async function invoiceHaikuFails(): Promise<number> {
  for (let candidate = 0; candidate < 80; candidate++) {
    if (valid(await sdk.messages.create(extraction(candidate)))) continue;
    if (valid(await sdk.messages.create({ ...extraction(candidate), model: "claude-sonnet-5-5" })))
      return candidate;
  }
  throw new Error("no such prompt");
}

describe("streams run the caller's checks", () => {
  it("buffers a checked stream, escalates when it fails the schema, and streams the passing answer", async () => {
    const invoice = await invoiceHaikuFails();
    const { observer, calls } = recordingObserver();
    const client = createRoutedClient({ client: sdk, policy: testPolicy(), observer });
    const stream = client.messages.stream(extraction(invoice), {
      rightsize: { facts: { taskType: "extraction" }, schema: Fields },
    });
    const final = await stream.finalMessage();
    expect(final.model).toBe("claude-sonnet-5-5");
    expect(valid(final)).toBe(true);
    expect(await routingOf(stream)).toMatchObject({
      tiersTried: ["haiku", "sonnet"],
      checkPassed: true,
      streamed: "buffered",
    });
    expect(calls.find((call) => call.hook === "endAttempt" && call.attempt === 1)).toMatchObject({
      escalatedBecause: expect.stringMatching(/^schema: /),
    });
  });

  it("records a failed check on a live stream honestly: checkPassed false with the reason, no escalation", async () => {
    const invoice = await invoiceHaikuFails();
    const client = createRoutedClient({
      client: sdk,
      policy: testPolicy({ escalation: { bufferStreams: "never" } }),
    });
    const events = await client.messages.create(
      { ...extraction(invoice), stream: true },
      {
        rightsize: { facts: { taskType: "extraction" }, schema: Fields },
      },
    );
    let text = "";
    for await (const event of events)
      if (event.type === "content_block_delta" && event.delta.type === "text_delta") text += event.delta.text;
    expect(text.length).toBeGreaterThan(0);
    const metadata = await routingOf(events);
    expect(metadata).toMatchObject({ tiersTried: ["haiku"], checkPassed: false, streamed: "live" });
    expect(metadata?.checkFailure).toMatch(/^schema: /);
  });

  it("checks an unchecked live stream's stop_reason at its end", async () => {
    const client = createRoutedClient({ client: sdk, policy: testPolicy() });
    const stream = client.messages.stream(
      {
        model: "claude-haiku-5-5",
        max_tokens: 2000,
        messages: user("[[emulator task=writing difficulty=0.2]] Draft a long announcement"),
      },
      { rightsize: { facts: { taskType: "drafting" } } },
    );
    expect((await stream.finalMessage()).stop_reason).toBe("max_tokens");
    expect(await routingOf(stream)).toMatchObject({
      checkPassed: false,
      checkFailure: "stop_reason max_tokens",
      streamed: "live",
    });
  });
});

describe("context fit", () => {
  // Haiku 4.5 holds 200k tokens; Sonnet 5.5 holds 1M (the price book's model info).
  const policy = () =>
    testPolicy({
      tiers: { haiku: "claude-haiku-4-5", sonnet: "claude-sonnet-5-5", opus: "claude-opus-5-5" },
    });
  const japanese = "日本語の文書を要約してください。".repeat(18_750); // 300,000 characters

  it("estimates a 300,000-character CJK prompt at about 1.3 tokens a character and routes to a tier that holds it", async () => {
    const params = {
      model: "claude-haiku-4-5",
      max_tokens: 100,
      messages: user(`[[emulator task=summarization]] ${japanese}`),
    };
    const estimate = estimateInputTokens(params);
    const counted = await sdk.messages.countTokens({ model: "claude-sonnet-5-5", messages: params.messages });
    expect(Math.abs(estimate - counted.input_tokens) / counted.input_tokens).toBeLessThan(0.02);
    const client = createRoutedClient({
      client: sdk,
      policy: policy(),
      contextFit: { countTokens: "never" },
    });
    const message = await client.messages.create(params, {
      rightsize: { facts: { taskType: "summarization" } },
    });
    // Straight to a tier that holds it: no 400 from haiku 4.5 first (a 3-characters-a-token rule
    // says 100k tokens, which "fits" haiku 4.5's 200k window).
    const metadata = routingOf(message)!;
    expect(metadata.tiersTried[0]).toBe("sonnet");
    expect(metadata.escalationReasons.join(" ")).not.toMatch(/too long/);
    expect(message.usage.input_tokens).toBeGreaterThan(200_000);
  });

  it("asks count_tokens near a context window", async () => {
    const client = createRoutedClient({
      client: sdk,
      policy: policy(),
      contextFit: { countTokens: "always" },
    });
    const before = emulator.stats().requests.countTokens;
    const message = await client.messages.create(
      {
        model: "claude-haiku-4-5",
        max_tokens: 100,
        messages: user("[[emulator task=classification]] Label: short"),
      },
      { rightsize: { facts: { taskType: "classification" } } },
    );
    expect(emulator.stats().requests.countTokens - before).toBe(1);
    expect(routingOf(message)?.facts.estimatedInputTokens).toBe(message.usage.input_tokens);
  });

  it("refits after a 400 'prompt is too long' on a tier whose window holds the request", async () => {
    const { observer, calls } = recordingObserver();
    const client = createRoutedClient({ client: sdk, policy: policy(), observer });
    // A caller's estimate that is far too low sends the prompt to haiku 4.5, which refuses it.
    const message = await client.messages.create(
      {
        model: "claude-haiku-4-5",
        max_tokens: 100,
        messages: user(`[[emulator task=summarization]] ${japanese}`),
      },
      { rightsize: { facts: { taskType: "summarization", estimatedInputTokens: 1_000 } } },
    );
    const metadata = routingOf(message)!;
    expect(metadata.tiersTried.slice(0, 2)).toEqual(["haiku", "sonnet"]);
    expect(metadata.escalationReasons[0]).toMatch(/prompt is too long for claude-haiku-4-5/);
    expect(metadata.facts.estimatedInputTokens).toBeGreaterThan(200_000);
    expect(calls.find((call) => call.hook === "endAttempt" && call.attempt === 1)).toMatchObject({
      error: expect.objectContaining({ status: 400 }),
    });
  });
});

describe("typed errors name the request and the model", () => {
  const params = {
    model: "claude-haiku-5-5",
    max_tokens: 50,
    messages: user("[[emulator task=classification]] Label: x"),
  };
  const options = { rightsize: { facts: { taskType: "classification" }, requestId: "req-typed-1" } };

  it("a malformed body is a RoutedResponseError (malformed_response), not a SyntaxError", async () => {
    const client = createRoutedClient({ client: sdk, policy: testPolicy() });
    emulator.setFaults({ next: ["malformed_json"] });
    const error = await client.messages.create(params, options).catch((caught: unknown) => caught);
    expect(RoutedResponseError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: "malformed_response",
      requestId: "req-typed-1",
      model: "claude-haiku-5-5",
    });
    expect((error as Error).cause).toBeInstanceOf(SyntaxError);
  });

  it("a cut stream is a RoutedResponseError (stream_interrupted), not 'terminated'", async () => {
    const client = createRoutedClient({ client: sdk.withOptions({ maxRetries: 0 }), policy: testPolicy() });
    emulator.setFaults({ next: ["stream_cut"] });
    const events = await client.messages.create({ ...params, stream: true }, options);
    const error = await (async () => {
      for await (const _event of events) {
        // read until it breaks
      }
    })().catch((caught: unknown) => caught);
    expect(RoutedResponseError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: "stream_interrupted",
      requestId: "req-typed-1",
      model: "claude-haiku-5-5",
    });
    expect((await routingOf(events))?.checkPassed).toBe(false);

    emulator.setFaults({ next: ["stream_cut"] });
    const cut = await client.messages.create(params, options).catch((caught: unknown) => caught);
    expect(cut).toMatchObject({ code: "stream_interrupted", requestId: "req-typed-1" });
  });
});

describe("construction-time errors", () => {
  it("names a missing policy option at construction", () => {
    expect(() => createRoutedClient({ client: sdk } as never)).toThrow(/the `policy` option is required/);
  });

  it("says what is wrong with a hand-built policy at construction, with paths", () => {
    const broken = { ...testPolicy(), defaultTier: "gold", tiers: { haiku: { model: "claude-haiku-5-5" } } };
    let error: unknown;
    try {
      createRoutedClient({ client: sdk, policy: broken as never });
    } catch (caught) {
      error = caught;
    }
    expect(PolicyError.isInstance(error)).toBe(true);
    expect((error as PolicyError).message).toMatch(/`policy` is not a valid policy/);
    expect((error as PolicyError).issues.length).toBeGreaterThan(0);
  });

  it("refuses a feedback loop whose tiers differ from the policy's", () => {
    const feedback = createFeedbackLoop({ tiers: ["small", "large"] });
    expect(() => createRoutedClient({ client: sdk, policy: testPolicy(), feedback })).toThrow(
      /feedback loop's tiers \[small, large\] differ from the policy's \[haiku, sonnet, opus\]/,
    );
  });

  it("reports a wrongly typed fact as a fact_type error naming the fact", async () => {
    const client = createRoutedClient({ client: sdk, policy: testPolicy() });
    const before = emulator.stats().requests.messages;
    const error = await client.messages
      .create(
        { model: "claude-haiku-5-5", max_tokens: 10, messages: user("hi") },
        {
          rightsize: { facts: { complexity: "high" as never } },
        },
      )
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "fact_type" });
    expect((error as Error).message).toMatch(
      /rightsize\.facts: fact complexity must be a number in \[0, 1\], got "high"/,
    );
    expect(emulator.stats().requests.messages).toBe(before);
  });
});
