import { describe, expect, it } from "vitest";
import { layoutPrompt } from "./prompt-layout.js";

describe("prompt layout", () => {
  const request = {
    model: "m",
    tools: [
      {
        name: "lookup",
        input_schema: { type: "object" },
        cache_control: { type: "ephemeral" as const, ttl: "1h" as const },
      },
    ],
    system: "You are terse.",
    messages: [
      { role: "user" as const, content: "First question" },
      { role: "assistant" as const, content: "First answer" },
      { role: "user" as const, content: [{ type: "text", text: "Second question" }] },
    ],
  };

  it("orders blocks tools, system, messages and sums prefixes", () => {
    const layout = layoutPrompt(request, "v1");
    expect(layout.blocks.map((block) => block.section)).toEqual([
      "tools",
      "system",
      "messages",
      "messages",
      "messages",
    ]);
    expect(layout.blocks[0]?.cacheControl).toEqual({ type: "ephemeral", ttl: "1h" });
    expect(layout.prefixTokens.at(-1)).toBe(layout.totalTokens);
    expect(layout.totalTokens).toBe(layout.blocks.reduce((sum, block) => sum + block.tokens, 0));
    expect(layout.firstUserText.trim()).toBe("First question");
  });

  it("a change at one level changes that prefix and every later one, not earlier ones", () => {
    const base = layoutPrompt(request, "v1");
    const changed = layoutPrompt({ ...request, system: "You are verbose." }, "v1");
    expect(changed.prefixDigests[0]).toBe(base.prefixDigests[0]);
    for (let index = 1; index < base.prefixDigests.length; index++)
      expect(changed.prefixDigests[index]).not.toBe(base.prefixDigests[index]);
  });

  it("gives the same prefix digests whatever the cache_control, and different ones per tokenizer", () => {
    const plain = layoutPrompt(
      { ...request, tools: [{ name: "lookup", input_schema: { type: "object" } }] },
      "v1",
    );
    expect(plain.prefixDigests).toEqual(layoutPrompt(request, "v1").prefixDigests);
    expect(layoutPrompt(request, "v2").promptHash).not.toBe(plain.promptHash);
  });

  it("notes when the last user turn answers a tool call", () => {
    const layout = layoutPrompt(
      {
        model: "m",
        messages: [
          { role: "user", content: "weather?" },
          { role: "assistant", content: [{ type: "tool_use", id: "toolu_1", name: "w", input: {} }] },
          { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_1", content: "sunny" }] },
        ],
      },
      "v1",
    );
    expect(layout.endsWithToolResult).toBe(true);
  });
});
