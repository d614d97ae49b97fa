import type Anthropic from "@anthropic-ai/sdk";
import { afterEach, describe, expect, it } from "vitest";
import type { Emulator } from "../start-emulator.js";
import { longText, startWithClient } from "../test-support/emulator-fixture.js";

let emulator: Emulator | undefined;
afterEach(() => emulator?.close());

async function setup(latencyScale = 0) {
  const started = await startWithClient({ seed: 3, latencyScale });
  emulator = started.emulator;
  return started;
}

/** A request whose system prompt (about `words` words) carries a cache breakpoint. */
function cachedRequest(options: {
  words: number;
  ttl?: "5m" | "1h";
  question?: string;
  model?: string;
  salt?: string;
}) {
  return {
    model: options.model ?? "claude-sonnet-4-6",
    max_tokens: 100,
    system: [
      {
        type: "text" as const,
        text: longText(options.words, options.salt),
        cache_control: { type: "ephemeral" as const, ...(options.ttl ? { ttl: options.ttl } : {}) },
      },
    ],
    messages: [{ role: "user" as const, content: options.question ?? "What is the refund policy?" }],
  } satisfies Anthropic.MessageCreateParamsNonStreaming;
}

describe("prompt caching", () => {
  it("does not cache a prefix below the model's minimum (both counters 0, no error)", async () => {
    const { client } = await setup();
    const request = cachedRequest({ words: 200 });
    const first = await client.messages.create(request);
    const second = await client.messages.create(request);
    for (const message of [first, second]) {
      expect(message.usage.cache_creation_input_tokens).toBe(0);
      expect(message.usage.cache_read_input_tokens).toBe(0);
    }
    expect(second.usage.input_tokens).toBe(first.usage.input_tokens);
  });

  it("writes on the first request and reads on the next, with totals unchanged", async () => {
    const { client } = await setup();
    const first = await client.messages.create(cachedRequest({ words: 1500 }));
    expect(first.usage.cache_creation_input_tokens).toBeGreaterThan(1024);
    expect(first.usage.cache_creation?.ephemeral_5m_input_tokens).toBe(
      first.usage.cache_creation_input_tokens,
    );
    expect(first.usage.cache_read_input_tokens).toBe(0);
    const second = await client.messages.create(cachedRequest({ words: 1500, question: "And shipping?" }));
    expect(second.usage.cache_read_input_tokens).toBe(first.usage.cache_creation_input_tokens);
    expect(second.usage.cache_creation_input_tokens).toBe(0);
    const total = (usage: Anthropic.Usage) =>
      usage.input_tokens + (usage.cache_creation_input_tokens ?? 0) + (usage.cache_read_input_tokens ?? 0);
    const counted = await client.messages.countTokens({
      model: "claude-sonnet-4-6",
      system: cachedRequest({ words: 1500 }).system,
      messages: [{ role: "user", content: "And shipping?" }],
    });
    expect(total(second.usage)).toBe(counted.input_tokens);
  });

  it("keeps caches per model and per workspace", async () => {
    const { client } = await setup();
    await client.messages.create(cachedRequest({ words: 1500 }));
    const otherModel = await client.messages.create(cachedRequest({ words: 1500, model: "claude-opus-4-8" }));
    expect(otherModel.usage.cache_read_input_tokens).toBe(0);
    const otherWorkspace = await client.messages.create(cachedRequest({ words: 1500 }), {
      headers: { "anthropic-workspace-id": "wrkspc_other" },
    });
    expect(otherWorkspace.usage.cache_read_input_tokens).toBe(0);
  });

  it("expires a 5m entry on the controlled clock, and a hit refreshes its TTL", async () => {
    const { client, clock } = await setup();
    await client.messages.create(cachedRequest({ words: 1500 }));
    clock.advance(4 * 60_000);
    expect(
      (await client.messages.create(cachedRequest({ words: 1500 }))).usage.cache_read_input_tokens,
    ).toBeGreaterThan(0);
    clock.advance(4 * 60_000); // 8 minutes after the write, 4 after the refreshing hit
    expect(
      (await client.messages.create(cachedRequest({ words: 1500 }))).usage.cache_read_input_tokens,
    ).toBeGreaterThan(0);
    clock.advance(5 * 60_000 + 1);
    const expired = await client.messages.create(cachedRequest({ words: 1500 }));
    expect(expired.usage.cache_read_input_tokens).toBe(0);
    expect(expired.usage.cache_creation_input_tokens).toBeGreaterThan(0);
  });

  it("keeps a 1h entry past 5 minutes and reports it as a 1h write", async () => {
    const { client, clock } = await setup();
    const first = await client.messages.create(cachedRequest({ words: 1500, ttl: "1h" }));
    expect(first.usage.cache_creation?.ephemeral_1h_input_tokens).toBe(
      first.usage.cache_creation_input_tokens,
    );
    expect(first.usage.cache_creation?.ephemeral_5m_input_tokens).toBe(0);
    clock.advance(30 * 60_000);
    expect(
      (await client.messages.create(cachedRequest({ words: 1500, ttl: "1h" }))).usage.cache_read_input_tokens,
    ).toBeGreaterThan(0);
  });

  it("accepts 1h before 5m, splitting the write by TTL, and rejects 5m before 1h", async () => {
    const { client } = await setup();
    const tools: Anthropic.Tool[] = [
      {
        name: "lookup",
        description: longText(1200, "t"),
        input_schema: { type: "object", properties: { q: { type: "string" } } },
        cache_control: { type: "ephemeral", ttl: "1h" },
      },
    ];
    const mixed = await client.messages.create({ ...cachedRequest({ words: 1500, ttl: "5m" }), tools });
    const creation = mixed.usage.cache_creation!;
    expect(creation.ephemeral_1h_input_tokens).toBeGreaterThan(1024);
    expect(creation.ephemeral_5m_input_tokens).toBeGreaterThan(1024);
    expect(mixed.usage.cache_creation_input_tokens).toBe(
      creation.ephemeral_1h_input_tokens + creation.ephemeral_5m_input_tokens,
    );

    const reversed = client.messages.create({
      ...cachedRequest({ words: 1500, ttl: "1h" }),
      tools: [{ ...tools[0]!, cache_control: { type: "ephemeral", ttl: "5m" } }],
    });
    await expect(reversed).rejects.toMatchObject({
      status: 400,
      error: { error: { type: "invalid_request_error" } },
    });
  });

  it("rejects more than 4 breakpoints, counting the automatic one", async () => {
    const { client } = await setup();
    const block = (text: string) => ({
      type: "text" as const,
      text,
      cache_control: { type: "ephemeral" as const },
    });
    const four = [block("a"), block("b"), block("c"), block("d")];
    await expect(
      client.messages.create({
        model: "claude-sonnet-4-6",
        max_tokens: 10,
        system: [...four, block("e")],
        messages: [{ role: "user", content: "hi" }],
      }),
    ).rejects.toMatchObject({
      status: 400,
      error: { error: { message: "A maximum of 4 blocks with cache_control may be provided. Found 5." } },
    });
    await expect(
      client.messages.create({
        model: "claude-sonnet-4-6",
        max_tokens: 10,
        cache_control: { type: "ephemeral" },
        system: four,
        messages: [{ role: "user", content: "hi" }],
      }),
    ).rejects.toBeInstanceOf(Error);
  });

  it("caches automatically with a top-level cache_control (breakpoint on the last block)", async () => {
    const { client } = await setup();
    const request = {
      model: "claude-opus-5-5",
      max_tokens: 50,
      cache_control: { type: "ephemeral" as const },
      messages: [{ role: "user" as const, content: longText(800) }],
    };
    const first = await client.messages.create(request);
    expect(first.usage.cache_creation_input_tokens).toBeGreaterThan(512);
    expect(first.usage.input_tokens).toBe(0);
    const second = await client.messages.create(request);
    expect(second.usage.cache_read_input_tokens).toBe(first.usage.cache_creation_input_tokens);
  });

  it("misses on parallel first requests: an entry is usable only once the first response began", async () => {
    // A TTFT window of ~170 ms (0.2 x simulated) keeps the three requests overlapping on a busy machine.
    const { client } = await setup(0.2);
    const request = cachedRequest({ words: 1500, model: "claude-haiku-4-5", salt: "p" });
    // Haiku 4.5's minimum is 4,096 tokens: make the prefix long enough.
    request.system[0]!.text = longText(5000, "p");
    const parallel = await Promise.all([1, 2, 3].map(() => client.messages.create(request)));
    for (const message of parallel) {
      expect(message.usage.cache_read_input_tokens).toBe(0);
      expect(message.usage.cache_creation_input_tokens).toBeGreaterThan(4096);
    }
    const after = await client.messages.create(request);
    expect(after.usage.cache_read_input_tokens).toBe(parallel[0]!.usage.cache_creation_input_tokens);
  });
});
