import Anthropic from "@anthropic-ai/sdk";
import { APIPromise } from "@anthropic-ai/sdk/core/api-promise";
import { type Emulator, startEmulator } from "@rightsize/emulator";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { createRoutedClient } from "./routed-client.js";
import { routingOf } from "./routing-metadata.js";
import { recordingObserver } from "./test-support/recording-observer.js";
import { testPolicy } from "./test-support/test-policy.js";

let emulator: Emulator;
let sdk: Anthropic;

beforeAll(async () => {
  emulator = await startEmulator({ seed: 5, batchDelayMs: 5 });
  sdk = new Anthropic({ apiKey: "test", baseURL: emulator.url, maxRetries: 1 });
});
afterAll(async () => await emulator?.close());
beforeEach(() => emulator.setFaults({}));

const user = (text: string) => [{ role: "user" as const, content: text }];
const label = (text: string) => ({
  model: "claude-opus-5-5",
  max_tokens: 500,
  messages: user(`[[emulator task=classification difficulty=0.1]] Label: ${text}`),
});
const classification = { rightsize: { facts: { taskType: "classification" } } };

/** Code written for the official SDK: takes an `Anthropic`, knows nothing of routing. */
async function plainSdkCode(client: Anthropic): Promise<string> {
  const message = await client.messages.create(label("typed"));
  return message.model;
}

describe("the routed client is an Anthropic client", () => {
  it("is an instance of the client's class, assignable to Anthropic, and routes plain SDK code", async () => {
    const client = createRoutedClient({ client: sdk, policy: testPolicy() });
    expect(client).toBeInstanceOf(Anthropic);
    const typed: Anthropic = client; // no cast: the type is Anthropic & the routed additions
    expect(await plainSdkCode(typed)).toBe("claude-haiku-5-5");
    expect(client.baseURL).toBe(sdk.baseURL);
    expect(client.maxRetries).toBe(sdk.maxRetries);
    // The original client is untouched: still the plain class, still unrouted.
    expect(Object.hasOwn(sdk, "constructor")).toBe(false);
    expect((await sdk.messages.create(label("plain"))).model).toBe("claude-opus-5-5");
  });

  it("returns real APIPromise objects: withResponse and asResponse on create, streamed or not", async () => {
    const client = createRoutedClient({ client: sdk, policy: testPolicy() });
    const promise = client.messages.create(label("a"), classification);
    expect(promise).toBeInstanceOf(APIPromise);
    const { data, response, request_id } = await promise.withResponse();
    expect(data.model).toBe("claude-haiku-5-5");
    expect(response.status).toBe(200);
    expect(request_id).toMatch(/^req_/);
    expect(routingOf(data)?.tiersTried).toEqual(["haiku"]);
    expect(routingOf(response)).toBeUndefined(); // metadata goes on the result the SDK parsed

    const raw = await client.messages.create(label("b"), classification).asResponse();
    const body = (await raw.json()) as { model: string };
    expect(body.model).toBe("claude-haiku-5-5");

    const streamed = await client.messages
      .create({ ...label("c"), stream: true }, classification)
      .withResponse();
    expect(streamed.response.headers.get("content-type")).toMatch(/text\/event-stream/);
    let model = "";
    for await (const event of streamed.data) if (event.type === "message_start") model = event.message.model;
    expect(model).toBe("claude-haiku-5-5");
    expect((await routingOf(streamed.data))?.checkPassed).toBe(true);
  });

  it("routes messages.parse, keeping parsed_output and the metadata", async () => {
    const client = createRoutedClient({ client: sdk, policy: testPolicy() });
    const Label = z.object({ label: z.string() });
    const { zodOutputFormat } = await import("@anthropic-ai/sdk/helpers/zod");
    const parsed = await client.messages.parse(
      {
        model: "claude-opus-5-5",
        max_tokens: 300,
        messages: user("[[emulator task=extraction difficulty=0.05]] Extract the label of: refund"),
        output_config: { format: zodOutputFormat(Label) },
      },
      { rightsize: { facts: { taskType: "classification" } } },
    );
    expect(parsed.model).toBe("claude-haiku-5-5");
    expect(Label.safeParse(parsed.parsed_output).success).toBe(true);
    expect(routingOf(parsed)?.checkPassed).toBe(true);
  });

  it("routes beta.messages.create and stream, keeping the betas header", async () => {
    const client = createRoutedClient({ client: sdk, policy: testPolicy() });
    const seen: string[] = [];
    const watching = client.withOptions({
      fetch: async (url, init) => {
        seen.push(new Headers(init?.headers).get("anthropic-beta") ?? "");
        return await fetch(url, init);
      },
    });
    const beta = await watching.beta.messages.create(
      { ...label("beta"), betas: ["context-1m-2025-08-07"] },
      { rightsize: { facts: { taskType: "classification" } } },
    );
    expect(beta.model).toBe("claude-haiku-5-5");
    expect(seen.at(-1)).toContain("context-1m-2025-08-07");
    const stream = watching.beta.messages.stream(
      { ...label("beta stream"), betas: ["context-1m-2025-08-07"] },
      classification,
    );
    expect((await stream.finalMessage()).model).toBe("claude-haiku-5-5");
  });

  it("withOptions returns a routed client sharing the routing (and its own options)", async () => {
    const { observer, calls } = recordingObserver();
    const client = createRoutedClient({ client: sdk, policy: testPolicy(), observer });
    const clone = client.withOptions({ maxRetries: 0, defaultHeaders: { "x-team": "support" } });
    expect(clone).toBeInstanceOf(Anthropic);
    expect(clone.maxRetries).toBe(0);
    expect((await clone.messages.create(label("clone"), classification)).model).toBe("claude-haiku-5-5");
    expect(typeof clone.rightsize.flush).toBe("function");
    expect(calls.filter((call) => call.hook === "startRequest")).toHaveLength(1);
  });

  it("passes everything else through untouched: models, count_tokens, batch reads", async () => {
    const client = createRoutedClient({ client: sdk, policy: testPolicy() });
    const before = emulator.stats().requests;
    const models = await client.models.list();
    expect(models.data.length).toBeGreaterThan(0);
    const counted = await client.messages.countTokens({
      model: "claude-opus-5-5",
      messages: user("hello there"),
    });
    expect(counted.input_tokens).toBeGreaterThan(0);
    const after = emulator.stats().requests;
    expect(after.messages - before.messages).toBe(0);
    expect(after.countTokens - before.countTokens).toBe(1);
  });

  it("routes the requests inside messages.batches.create, one decision each", async () => {
    const client = createRoutedClient({ client: sdk, policy: testPolicy() });
    const batch = await client.messages.batches.create(
      {
        requests: [
          { custom_id: "label-1", params: label("one") },
          { custom_id: "code-1", params: { ...label("two"), max_tokens: 300 } },
        ],
      },
      { rightsize: { facts: { taskType: "classification" } } },
    );
    expect(batch.id).toMatch(/^msgbatch_/);
    for (
      let waited = 0;
      (await client.messages.batches.retrieve(batch.id)).processing_status !== "ended";
      waited++
    ) {
      if (waited > 200) throw new Error("batch did not end");
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const models: Record<string, string> = {};
    for await (const line of await client.messages.batches.results(batch.id)) {
      if (line.result.type === "succeeded") models[line.custom_id] = line.result.message.model;
    }
    expect(models).toEqual({ "label-1": "claude-haiku-5-5", "code-1": "claude-haiku-5-5" });
  });
});
