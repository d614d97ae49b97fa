import type Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "./start-emulator.js";
import { startWithClient } from "./test-support/emulator-fixture.js";

let emulator: Emulator;
let client: Anthropic;

beforeAll(async () => {
  ({ emulator, client } = await startWithClient({ seed: 7 }));
});
afterAll(() => emulator.close());

describe("messages through the official SDK", () => {
  it("creates a message with realistic usage and an oracle verdict", async () => {
    const { data: message, response } = await client.messages
      .create({
        model: "claude-haiku-4-5",
        max_tokens: 1024,
        messages: [{ role: "user", content: "Summarize the quarterly usage report for the finance team." }],
      })
      .withResponse();
    expect(message.id).toMatch(/^msg_01/);
    expect(message.model).toBe("claude-haiku-4-5-20251001");
    expect(message.type).toBe("message");
    expect(message.content[0]?.type).toBe("text");
    expect(message.stop_reason).toBe("end_turn");
    expect(message.usage.input_tokens).toBeGreaterThan(5);
    expect(message.usage.output_tokens).toBeGreaterThan(0);
    expect(message.usage.cache_read_input_tokens).toBe(0);
    expect(message.usage.service_tier).toBe("standard");
    const verdict = emulator.verdict(message.id);
    expect(verdict?.taskType).toBe("summarization");
    expect(verdict?.taskTypeSource).toBe("derived");
    expect(response.headers.get("x-emulator-correct")).toBe(String(verdict?.correct));
    expect(response.headers.get("request-id")).toMatch(/^req_/);
    expect(response.headers.get("anthropic-ratelimit-requests-limit")).toBe("4000");
  });

  it("is deterministic: the same seed and prompt give the same answer", async () => {
    const params = {
      model: "claude-sonnet-4-6",
      max_tokens: 500,
      messages: [{ role: "user" as const, content: "Write a short note about caching." }],
    };
    const first = await client.messages.create(params);
    const second = await client.messages.create(params);
    expect(second.content).toEqual(first.content);
    expect(second.usage.output_tokens).toBe(first.usage.output_tokens);
    expect(second.id).not.toBe(first.id);
  });

  it("streams SSE that the SDK's MessageStream assembles into the same message", async () => {
    const params = {
      model: "claude-opus-4-7",
      max_tokens: 300,
      messages: [{ role: "user" as const, content: "Explain step by step why the cache missed." }],
    };
    const events: string[] = [];
    const stream = client.messages.stream(params);
    stream.on("streamEvent", (event) => events.push(event.type));
    const final = await stream.finalMessage();
    const plain = await client.messages.create(params);
    expect(events[0]).toBe("message_start");
    expect(events).toContain("content_block_delta");
    expect(events.slice(-2)).toEqual(["message_delta", "message_stop"]);
    expect(final.content).toEqual(
      plain.content.map((block) => (block.type === "text" ? { type: "text", text: block.text } : block)),
    );
    expect(final.usage.output_tokens).toBe(plain.usage.output_tokens);
    expect(final.usage.input_tokens).toBe(plain.usage.input_tokens);
    expect(final.stop_reason).toBe(plain.stop_reason);
    expect(emulator.verdict(final.id)?.model).toBe("claude-opus-4-7");
  });

  it("cuts at max_tokens with stop_reason max_tokens and marks the answer incorrect", async () => {
    const message = await client.messages.create({
      model: "claude-sonnet-5",
      max_tokens: 5,
      messages: [{ role: "user", content: "[[emulator task=writing difficulty=0.1]] Write a long essay." }],
    });
    expect(message.stop_reason).toBe("max_tokens");
    expect(message.usage.output_tokens).toBe(5);
    const verdict = emulator.verdict(message.id);
    expect(verdict).toMatchObject({
      taskType: "writing",
      taskTypeSource: "hint",
      difficulty: 0.1,
      truncated: true,
      correct: false,
    });
  });

  it("counts tokens consistently with messages, and v2 models count ~30% more", async () => {
    const messages = [
      {
        role: "user" as const,
        content: "Classify this support ticket about a billing error in the invoice.",
      },
    ];
    const v1 = await client.messages.countTokens({ model: "claude-sonnet-4-6", messages });
    const v2 = await client.messages.countTokens({ model: "claude-sonnet-5-5", messages });
    const created = await client.messages.create({ model: "claude-sonnet-5-5", max_tokens: 50, messages });
    expect(created.usage.input_tokens).toBe(v2.input_tokens);
    expect(v2.input_tokens / v1.input_tokens).toBeGreaterThan(1.2);
    expect(v2.input_tokens / v1.input_tokens).toBeLessThan(1.4);
  });

  it("lists models with max_input_tokens and max_tokens; retired ones only on request", async () => {
    const models = [];
    for await (const model of client.models.list({ limit: 5 })) models.push(model);
    const haiku = models.find((model) => model.id === "claude-haiku-4-5-20251001");
    expect(haiku).toMatchObject({ max_input_tokens: 200_000, max_tokens: 64_000, lifecycle: "active" });
    expect(models.some((model) => model.id === "claude-3-haiku-20240307")).toBe(false);
    const retired = await client.models.list({ lifecycle: ["retired"] });
    expect(retired.data.map((model) => model.id)).toContain("claude-3-haiku-20240307");
  });

  it("uses a tool when tool_choice asks for one, with input matching the schema", async () => {
    const message = await client.messages.create({
      model: "claude-haiku-5-5",
      max_tokens: 400,
      tools: [
        {
          name: "get_weather",
          description: "Weather for a city",
          input_schema: {
            type: "object",
            properties: { city: { type: "string" }, days: { type: "integer" } },
            required: ["city"],
          },
        },
      ],
      tool_choice: { type: "tool", name: "get_weather" },
      messages: [{ role: "user", content: "Weather in Paris?" }],
    });
    expect(message.stop_reason).toBe("tool_use");
    const toolUse = message.content.find((block) => block.type === "tool_use");
    expect(toolUse).toMatchObject({ name: "get_weather", id: expect.stringMatching(/^toolu_01/) });
    expect(typeof (toolUse as { input: { city: unknown } }).input.city).toBe("string");
  });

  it("streams tool_use (input_json_delta) and thinking (thinking/signature deltas) that the SDK reassembles", async () => {
    const params = {
      model: "claude-opus-5-5",
      max_tokens: 6000,
      thinking: { type: "enabled" as const, budget_tokens: 2048 },
      tools: [
        {
          name: "search_orders",
          description: "Find orders",
          input_schema: {
            type: "object" as const,
            properties: {
              customer: { type: "string" },
              limit: { type: "integer" },
              statuses: { type: "array", items: { enum: ["open", "shipped"] } },
            },
          },
        },
      ],
      messages: [{ role: "user" as const, content: "Find the open orders for ACME." }],
    };
    const plain = await client.messages.create(params);
    const streamed = await client.messages.stream(params).finalMessage();
    expect(plain.stop_reason).toBe("tool_use");
    expect(streamed.stop_reason).toBe("tool_use");
    expect(streamed.content.map((block) => block.type)).toEqual(plain.content.map((block) => block.type));
    const toolInput = (message: typeof plain) => message.content.find((block) => block.type === "tool_use");
    expect((toolInput(streamed) as { input: unknown }).input).toEqual(
      (toolInput(plain) as { input: unknown }).input,
    );
    const thinking = (message: typeof plain) => message.content.find((block) => block.type === "thinking");
    expect(thinking(streamed)).toEqual(thinking(plain));
    expect(streamed.usage.output_tokens_details?.thinking_tokens).toBe(
      plain.usage.output_tokens_details?.thinking_tokens,
    );
  });
});
