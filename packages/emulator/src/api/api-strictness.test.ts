import type Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../start-emulator.js";
import { startWithClient } from "../test-support/emulator-fixture.js";

let emulator: Emulator;
let client: Anthropic;

beforeAll(async () => {
  ({ emulator, client } = await startWithClient());
});
afterAll(() => emulator.close());

async function messageOf(body: Record<string, unknown>): Promise<{ status: number; message: string }> {
  try {
    await client.post("/v1/messages", { body });
  } catch (error) {
    const apiError = error as InstanceType<typeof Anthropic.APIError>;
    return {
      status: apiError.status ?? 0,
      message: (apiError.error as { error: { message: string } }).error.message,
    };
  }
  throw new Error("expected a 400");
}

const user = (content: string) => ({ role: "user", content });

describe("the emulator is as strict as the API", () => {
  it("refuses role: system inside messages as the API does", async () => {
    const base = { model: "claude-haiku-4-5", max_tokens: 10 };
    expect(
      await messageOf({ ...base, messages: [{ role: "system", content: "be brief" }, user("hi")] }),
    ).toEqual({
      status: 400,
      message: "messages.0: use the top-level 'system' parameter for the initial system prompt",
    });
    expect(
      await messageOf({ ...base, messages: [user("hi"), { role: "system", content: "be brief" }] }),
    ).toEqual({
      status: 400,
      message:
        'messages: Unexpected role "system". The Messages API accepts a top-level `system` parameter, not "system" as an input message role.',
    });
    // Opus 4.8 takes a mid-conversation system message right after a user turn, and only there.
    const opus = { model: "claude-opus-4-8", max_tokens: 10 };
    const placed = await client.messages.create({
      ...opus,
      messages: [user("hi"), { role: "system", content: "answer in French" }],
    } as never);
    expect(placed.type).toBe("message");
    expect(
      await messageOf({
        ...opus,
        messages: [user("hi"), { role: "assistant", content: "ok" }, { role: "system", content: "x" }],
      }),
    ).toEqual({
      status: 400,
      message:
        "messages.2: a system message must immediately follow a user message and be the last message or be followed by an assistant message",
    });
    // count_tokens applies the same rule.
    await expect(
      client.messages.countTokens({
        model: "claude-haiku-4-5",
        messages: [user("hi"), { role: "system", content: "x" }],
      } as never),
    ).rejects.toMatchObject({ status: 400 });
  });

  it("validates metadata: only user_id, a string of at most 256 characters", async () => {
    const base = { model: "claude-haiku-4-5", max_tokens: 10, messages: [user("hi")] };
    const cases: [unknown, string][] = [
      ["acme", "metadata: Input should be a valid dictionary or object to extract fields from"],
      [{ user_id: 42 }, "metadata.user_id: Input should be a valid string"],
      [{ user_id: "u".repeat(257) }, "metadata.user_id: String should have at most 256 characters"],
      [{ tenant: "acme" }, "metadata.tenant: Extra inputs are not permitted"],
    ];
    for (const [metadata, message] of cases) {
      expect(await messageOf({ ...base, metadata })).toEqual({ status: 400, message });
    }
    const ok = await client.messages.create({ ...base, metadata: { user_id: "u".repeat(256) } } as never);
    expect(ok.type).toBe("message");
  });

  it("authenticates before parsing the body: no key and a malformed body is 401", async () => {
    const response = await fetch(`${emulator.url}/v1/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", "anthropic-version": "2023-06-01" },
      body: "{not json",
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({
      type: "error",
      error: { type: "authentication_error", message: "x-api-key header is required" },
    });
    const keyed = await fetch(`${emulator.url}/v1/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", "anthropic-version": "2023-06-01", "x-api-key": "k" },
      body: "{not json",
    });
    expect(keyed.status).toBe(400);
  });
});
