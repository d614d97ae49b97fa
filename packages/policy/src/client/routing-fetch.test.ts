import { createAnthropic } from "@ai-sdk/anthropic";
import Anthropic from "@anthropic-ai/sdk";
import { ChatAnthropic } from "@langchain/anthropic";
import { type Emulator, startEmulator } from "@rightsize/emulator";
import { generateText, streamText } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRoutingFetch, FACTS_HEADER } from "./routing-fetch.js";
import { routingOf } from "./routing-metadata.js";
import { recordingObserver } from "./test-support/recording-observer.js";
import { testPolicy } from "./test-support/test-policy.js";

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ seed: 9 });
});
afterAll(async () => await emulator?.close());

const facts = (value: object) => ({ [FACTS_HEADER]: JSON.stringify(value) });
const classification = facts({ taskType: "classification" });

describe("createRoutingFetch behind the official SDK", () => {
  it("routes create (streamed or not) and beta requests, and passes everything else through", async () => {
    const { observer, calls } = recordingObserver();
    const routing = createRoutingFetch({ policy: testPolicy(), observer });
    const client = new Anthropic({ apiKey: "test", baseURL: emulator.url, fetch: routing });
    const message = await client.messages.create(
      {
        model: "claude-opus-5-5",
        max_tokens: 500,
        messages: [{ role: "user", content: "[[emulator task=classification]] Label: refund" }],
      },
      { headers: classification },
    );
    expect(message.model).toBe("claude-haiku-5-5");
    expect(calls.find((call) => call.hook === "startAttempt")).toMatchObject({
      tier: "haiku",
      maxTokens: 64,
    });

    const stream = client.messages.stream(
      {
        model: "claude-opus-5-5",
        max_tokens: 500,
        messages: [{ role: "user", content: "[[emulator task=classification]] Label: late" }],
      },
      { headers: classification },
    );
    expect((await stream.finalMessage()).model).toBe("claude-haiku-5-5");

    const beta = await client.beta.messages.create(
      {
        model: "claude-opus-5-5",
        max_tokens: 500,
        betas: ["context-1m-2025-08-07"],
        messages: [{ role: "user", content: "[[emulator task=classification]] Label: beta" }],
      },
      { headers: classification },
    );
    expect(beta.model).toBe("claude-haiku-5-5");

    const before = emulator.stats().requests.messages;
    expect((await client.models.list()).data.length).toBeGreaterThan(0);
    expect(emulator.stats().requests.messages).toBe(before);
  });

  it("escalates on what it can see, and answers a refusal as an API error that is not retried", async () => {
    const routing = createRoutingFetch({ policy: testPolicy() });
    const client = new Anthropic({ apiKey: "test", baseURL: emulator.url, fetch: routing, maxRetries: 2 });
    const { data, response } = await client.messages
      .create(
        {
          model: "claude-haiku-5-5",
          max_tokens: 2000,
          messages: [
            { role: "user", content: "[[emulator task=writing difficulty=0.2]] Draft a long announcement" },
          ],
        },
        { headers: facts({ taskType: "drafting" }) },
      )
      .withResponse();
    expect(data.model).toBe("claude-sonnet-5-5"); // the 48-token ceiling cut haiku's draft
    expect(routingOf(response)).toMatchObject({
      tiersTried: ["haiku", "sonnet"],
      maxTokensTried: [48, 2000],
    });

    const before = emulator.stats().requests.messages;
    const refused = await client.messages
      .create(
        { model: "claude-haiku-5-5", max_tokens: 10, messages: [{ role: "user", content: "hi" }] },
        { headers: facts({ feature: "forbidden" }) },
      )
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(Anthropic.PermissionDeniedError);
    expect((refused as Error).message).toMatch(/rightsize: request \S+ rejected \(policy_rejected\)/);
    expect(emulator.stats().requests.messages).toBe(before);
  });
});

describe("createRoutingFetch behind the Vercel AI SDK", () => {
  it("routes generateText and streamText, with facts from a header", async () => {
    const { observer, calls } = recordingObserver();
    const routing = createRoutingFetch({ policy: testPolicy(), observer });
    const anthropic = createAnthropic({ apiKey: "test", baseURL: `${emulator.url}/v1`, fetch: routing });
    const generated = await generateText({
      model: anthropic("claude-opus-5-5"),
      prompt: "[[emulator task=classification]] Label: broken screen",
      maxOutputTokens: 500,
      headers: classification,
    });
    expect(generated.text.length).toBeGreaterThan(0);
    expect(generated.response.modelId).toBe("claude-haiku-5-5");
    expect(calls.find((call) => call.hook === "startAttempt")).toMatchObject({
      model: "claude-haiku-5-5",
      maxTokens: 64,
    });

    const streamed = streamText({
      model: anthropic("claude-opus-5-5"),
      prompt: "[[emulator task=classification]] Label: missing parcel",
      maxOutputTokens: 500,
      headers: classification,
    });
    let text = "";
    for await (const part of streamed.textStream) text += part;
    expect(text.length).toBeGreaterThan(0);
    expect((await streamed.response).modelId).toBe("claude-haiku-5-5");
  });

  it("escalates a truncated answer with a raised ceiling", async () => {
    const anthropic = createAnthropic({
      apiKey: "test",
      baseURL: `${emulator.url}/v1`,
      fetch: createRoutingFetch({ policy: testPolicy() }),
    });
    const generated = await generateText({
      model: anthropic("claude-haiku-5-5"),
      prompt: "[[emulator task=writing difficulty=0.2]] Draft a long announcement",
      maxOutputTokens: 2000,
      headers: facts({ taskType: "drafting" }),
    });
    expect(generated.response.modelId).toBe("claude-sonnet-5-5");
    expect(generated.finishReason).toBe("stop");
  });
});

describe("createRoutingFetch behind LangChain's ChatAnthropic", () => {
  const routing = () =>
    createRoutingFetch({
      policy: testPolicy(),
      facts: () => ({ taskType: "classification" }),
    });

  it("routes invoke and stream", async () => {
    const chat = new ChatAnthropic({
      model: "claude-opus-5-5",
      apiKey: "test",
      anthropicApiUrl: emulator.url,
      maxTokens: 500,
      clientOptions: { fetch: routing() },
    });
    const answer = await chat.invoke("[[emulator task=classification]] Label: refund please");
    expect(answer.response_metadata.model).toBe("claude-haiku-5-5");
    let streamed = "";
    for await (const chunk of await chat.stream("[[emulator task=classification]] Label: late"))
      streamed += String(chunk.content);
    expect(streamed.length).toBeGreaterThan(0);
  });

  it("routes with betas set (the beta messages endpoint)", async () => {
    const sent: string[] = [];
    const chat = new ChatAnthropic({
      model: "claude-opus-5-5",
      apiKey: "test",
      anthropicApiUrl: emulator.url,
      maxTokens: 500,
      betas: ["context-1m-2025-08-07"],
      clientOptions: {
        fetch: createRoutingFetch({
          policy: testPolicy(),
          facts: () => ({ taskType: "classification" }),
          fetch: async (input, init) => {
            sent.push(`${String(input)} ${new Headers(init?.headers).get("anthropic-beta")}`);
            return await fetch(input, init);
          },
        }),
      },
    });
    const answer = await chat.invoke("[[emulator task=classification]] Label: beta");
    expect(answer.response_metadata.model).toBe("claude-haiku-5-5");
    expect(sent.at(-1)).toMatch(/\/v1\/messages\?beta=true context-1m-2025-08-07/);
  });
});
