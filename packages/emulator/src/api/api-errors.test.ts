import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../start-emulator.js";
import { longText, startWithClient } from "../test-support/emulator-fixture.js";

let emulator: Emulator;
let client: Anthropic;
let clock: { set(ms: number): void; now(): number };

beforeAll(async () => {
  ({ emulator, client, clock } = await startWithClient());
});
afterAll(() => emulator.close());

/** Sends a raw body the SDK's types would not allow, through the SDK's own transport. */
function rawCreate(body: Record<string, unknown>) {
  return client.post("/v1/messages", { body });
}

async function errorOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return error as InstanceType<typeof Anthropic.APIError>;
  }
  throw new Error("expected the request to fail");
}

describe("validation errors with the API's bodies and status codes", () => {
  it("missing max_tokens: 400 invalid_request_error as BadRequestError", async () => {
    const error = await errorOf(
      rawCreate({ model: "claude-haiku-4-5", messages: [{ role: "user", content: "hi" }] }),
    );
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect(error.status).toBe(400);
    expect(error.error).toEqual({
      type: "error",
      error: { type: "invalid_request_error", message: "max_tokens: Field required" },
      request_id: expect.stringMatching(/^req_/),
    });
    expect(error.requestID).toMatch(/^req_/);
  });

  it("empty messages, bad roles, empty text, unknown fields", async () => {
    const base = { model: "claude-haiku-4-5", max_tokens: 10 };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, messages: [] }, "messages: at least one message is required"],
      [
        { ...base, messages: [{ role: "robot", content: "x" }] },
        "messages.0.role: Input should be 'user', 'assistant' or 'system'",
      ],
      [
        { ...base, messages: [{ role: "user", content: [{ type: "text", text: "" }] }] },
        "messages: text content blocks must be non-empty",
      ],
      [
        { ...base, messages: [{ role: "user", content: "x" }], temperatur: 1 },
        "temperatur: Extra inputs are not permitted",
      ],
      [
        { ...base, max_tokens: 0, messages: [{ role: "user", content: "x" }] },
        "max_tokens: Input should be greater than or equal to 1",
      ],
    ];
    for (const [body, message] of cases) {
      const error = await errorOf(rawCreate(body));
      expect(error.status).toBe(400);
      expect((error.error as { error: { message: string } }).error.message).toBe(message);
    }
  });

  it("unknown and retired models: 404 not_found_error as NotFoundError", async () => {
    for (const model of ["claude-nonexistent-9", "claude-3-7-sonnet-20250219", "claude-opus-4-20250514"]) {
      const error = await errorOf(
        client.messages.create({ model, max_tokens: 10, messages: [{ role: "user", content: "hi" }] }),
      );
      expect(error).toBeInstanceOf(Anthropic.NotFoundError);
      expect(error.error).toMatchObject({ error: { type: "not_found_error", message: `model: ${model}` } });
    }
  });

  it("a deprecated model retires when the emulator clock passes its retirement date", async () => {
    const request = {
      model: "claude-sonnet-4-5",
      max_tokens: 10,
      messages: [{ role: "user" as const, content: "hi" }],
    };
    await expect(client.messages.create(request)).resolves.toMatchObject({
      model: "claude-sonnet-4-5-20250929",
    });
    const saved = clock.now();
    clock.set(Date.parse("2026-12-01T00:00:00Z"));
    await expect(client.messages.create(request)).rejects.toBeInstanceOf(Anthropic.NotFoundError);
    clock.set(saved);
  });

  it("max_tokens above the model's maximum and prompts over the context window", async () => {
    const tooMany = await errorOf(
      rawCreate({
        model: "claude-haiku-4-5",
        max_tokens: 100_000,
        messages: [{ role: "user", content: "hi" }],
      }),
    );
    expect((tooMany.error as { error: { message: string } }).error.message).toBe(
      "max_tokens: 100000 > 64000, which is the maximum allowed number of output tokens for claude-haiku-4-5-20251001",
    );
    const tooLong = await errorOf(
      client.messages.create({
        model: "claude-haiku-4-5",
        max_tokens: 10,
        messages: [{ role: "user", content: longText(210_000) }],
      }),
    );
    expect(tooLong.status).toBe(400);
    expect((tooLong.error as { error: { message: string } }).error.message).toMatch(
      /^prompt is too long: \d+ tokens > 200000 maximum$/,
    );
  });

  it("stops with model_context_window_exceeded when max_tokens runs past the window", async () => {
    const messages = [
      { role: "user" as const, content: `[[emulator task=writing length=20000]] ${longText(90_000)}` },
    ];
    const counted = await client.messages.countTokens({ model: "claude-haiku-4-5", messages });
    expect(counted.input_tokens).toBeGreaterThan(180_000);
    expect(counted.input_tokens).toBeLessThan(200_000);
    const message = (await rawCreate({
      model: "claude-haiku-4-5",
      max_tokens: 64_000,
      messages,
    })) as Anthropic.Message;
    expect(message.stop_reason).toBe("model_context_window_exceeded");
    expect(counted.input_tokens + message.usage.output_tokens).toBe(200_000);
  });

  it("requires an API key and anthropic-version like the API", async () => {
    const noKey = await fetch(`${emulator.url}/v1/messages`, {
      method: "POST",
      body: "{}",
      headers: { "anthropic-version": "2023-06-01" },
    });
    expect(noKey.status).toBe(401);
    expect(await noKey.json()).toMatchObject({ type: "error", error: { type: "authentication_error" } });
    const noVersion = await fetch(`${emulator.url}/v1/messages`, {
      method: "POST",
      body: "{}",
      headers: { "x-api-key": "k" },
    });
    expect(noVersion.status).toBe(400);
    const badJson = await fetch(`${emulator.url}/v1/messages`, {
      method: "POST",
      body: "{not json",
      headers: { "x-api-key": "k", "anthropic-version": "2023-06-01" },
    });
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({ error: { type: "invalid_request_error" } });
  });
});
