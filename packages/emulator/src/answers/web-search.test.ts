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

const ask = (content: string) => ({
  model: "claude-sonnet-4-6",
  max_tokens: 400,
  messages: [{ role: "user" as const, content }],
});
const webSearch = { type: "web_search_20250305" as const, name: "web_search" as const };

describe("the web search server tool", () => {
  it("answers with server_tool_use and web_search_tool_result blocks, counted in usage", async () => {
    const message = await client.messages.create({
      ...ask("What changed in the Rust borrow checker this year?"),
      tools: [webSearch],
    });
    const kinds = message.content.map((block) => block.type);
    const searches = message.usage.server_tool_use?.web_search_requests ?? 0;
    expect(searches).toBeGreaterThanOrEqual(1);
    expect(kinds.slice(0, 2 * searches)).toEqual(
      Array.from({ length: searches }, () => ["server_tool_use", "web_search_tool_result"]).flat(),
    );
    expect(kinds[kinds.length - 1]).toBe("text");
    const [use, result] = message.content;
    expect(use).toMatchObject({
      type: "server_tool_use",
      id: expect.stringMatching(/^srvtoolu_/),
      name: "web_search",
      input: { query: expect.any(String) },
    });
    expect(result).toMatchObject({ type: "web_search_tool_result", tool_use_id: (use as { id: string }).id });
    expect((result as { content: unknown[] }).content).toHaveLength(3);
    expect(message.usage.server_tool_use).toEqual({ web_search_requests: searches, web_fetch_requests: 0 });
    // The results are input the model read: more input than the same prompt without the tool.
    const plain = await client.messages.create(ask("What changed in the Rust borrow checker this year?"));
    expect(plain.usage.server_tool_use).toBeNull();
    expect(message.usage.input_tokens).toBeGreaterThan(plain.usage.input_tokens + 600 * searches);
  });

  it("streams the same message (blocks and usage) as a non-streaming call", async () => {
    const request = { ...ask("Latest figures on European rail ridership, please"), tools: [webSearch] };
    const direct = await client.messages.create(request);
    const streamed = await client.messages.stream(request).finalMessage();
    // Ids come from a sequence (each call has its own); everything else is the same.
    const withoutIds = (content: Anthropic.ContentBlock[]) =>
      content.map((block) => {
        if (block.type === "server_tool_use") return { ...block, id: "" };
        if (block.type === "web_search_tool_result") return { ...block, tool_use_id: "" };
        if (block.type === "text") return { type: block.type, text: block.text };
        return block;
      });
    expect(withoutIds(streamed.content)).toEqual(withoutIds(direct.content));
    expect(streamed.usage.server_tool_use).toEqual(direct.usage.server_tool_use);
    expect(streamed.usage.input_tokens).toBe(direct.usage.input_tokens);
    expect(streamed.usage.output_tokens).toBe(direct.usage.output_tokens);
  });

  it("stops at max_uses with the API's max_uses_exceeded result, and keeps results in allowed_domains", async () => {
    let capped: Anthropic.Message | undefined;
    for (let attempt = 0; attempt < 20 && !capped; attempt++) {
      const message = await client.messages.create({
        ...ask(`Find three sources on topic number ${attempt} and compare them`),
        tools: [{ ...webSearch, max_uses: 1, allowed_domains: ["docs.example.org"] }],
      });
      if (
        message.content.some(
          (block) => block.type === "web_search_tool_result" && !Array.isArray(block.content),
        )
      )
        capped = message;
    }
    if (!capped) throw new Error("no prompt planned more than one search");
    expect(capped.usage.server_tool_use?.web_search_requests).toBe(1);
    const results = capped.content.filter((block) => block.type === "web_search_tool_result");
    expect(results[1]).toMatchObject({
      content: { type: "web_search_tool_result_error", error_code: "max_uses_exceeded" },
    });
    for (const found of (results[0] as { content: { url: string }[] }).content)
      expect(found.url).toMatch(/^https:\/\/docs\.example\.org\//);
  });

  it("validates the tool as the API does", async () => {
    const bad = (tool: Record<string, unknown>) =>
      client.post("/v1/messages", { body: { ...ask("x"), tools: [tool] } }).then(
        () => "accepted",
        (error: InstanceType<typeof Anthropic.APIError>) =>
          (error.error as { error: { message: string } }).error.message,
      );
    expect(await bad({ ...webSearch, name: "search" })).toBe(
      "tools.0.web_search_20250305.name: Input should be 'web_search'",
    );
    expect(await bad({ ...webSearch, max_uses: 0 })).toBe(
      "tools.0.web_search_20250305.max_uses: Input should be greater than or equal to 1",
    );
    expect(await bad({ ...webSearch, allowed_domains: ["a.org"], blocked_domains: ["b.org"] })).toBe(
      "tools.0.web_search_20250305: allowed_domains and blocked_domains cannot be used together",
    );
    expect(await bad({ ...webSearch, region: "eu" })).toBe(
      "tools.0.web_search_20250305.region: Extra inputs are not permitted",
    );
  });
});
