import type { MessageCreateParamsBase } from "@anthropic-ai/sdk/resources/messages";
import type { CachePlan } from "@rightsize/contracts";
import { describe, expect, it } from "vitest";
import { applyCachePlan } from "./apply-cache-plan.js";

const plan = (overrides: Partial<CachePlan> = {}): CachePlan => ({
  enabled: true,
  ttl: "5m",
  breakpoints: ["tools", "system", "static-messages"],
  reason: "test",
  ...overrides,
});

const tool = (name: string) => ({ name, input_schema: { type: "object" as const } });

function params(overrides: Partial<MessageCreateParamsBase> = {}): MessageCreateParamsBase {
  return {
    model: "claude-sonnet-5-5",
    max_tokens: 100,
    tools: [tool("a"), tool("b")],
    system: "You are helpful.",
    messages: [
      { role: "user", content: "static document" },
      { role: "assistant", content: "ok" },
      { role: "user", content: "the question" },
    ],
    ...overrides,
  };
}

function breakpoints(request: MessageCreateParamsBase): string[] {
  const found: string[] = [];
  const see = (where: string, block: unknown) => {
    const control = (block as { cache_control?: { ttl?: string } }).cache_control;
    if (control) found.push(`${where}:${control.ttl ?? "5m"}`);
  };
  for (const [index, entry] of (request.tools ?? []).entries()) see(`tools[${index}]`, entry);
  if (Array.isArray(request.system))
    for (const [index, block] of request.system.entries()) see(`system[${index}]`, block);
  for (const [index, message] of request.messages.entries()) {
    if (!Array.isArray(message.content)) continue;
    for (const [inner, block] of message.content.entries()) see(`messages[${index}][${inner}]`, block);
  }
  return found;
}

describe("applyCachePlan", () => {
  it("ends tools, system and the static messages with a breakpoint, without touching the input", () => {
    const input = params();
    const before = JSON.stringify(input);
    const result = applyCachePlan({ params: input, plan: plan({ ttl: "1h" }), staticMessages: 2 });
    expect(breakpoints(result.params)).toEqual(["tools[1]:1h", "system[0]:1h", "messages[1][0]:1h"]);
    expect(JSON.stringify(input)).toBe(before);
    expect(result.applied.map((entry) => entry.segment)).toEqual(["tools", "system", "static-messages"]);
  });

  it("keeps within 4 breakpoints counting the caller's own, preferring the longest prefixes", () => {
    const input = params({
      messages: [
        { role: "user", content: [{ type: "text", text: "doc", cache_control: { type: "ephemeral" } }] },
        { role: "assistant", content: [{ type: "text", text: "ok", cache_control: { type: "ephemeral" } }] },
        { role: "user", content: "static 3" },
        { role: "user", content: "question" },
      ],
    });
    const result = applyCachePlan({ params: input, plan: plan(), staticMessages: 3 });
    expect(breakpoints(result.params)).toHaveLength(4);
    expect(result.skipped).toEqual([{ segment: "tools", reason: "no free breakpoint (limit 4)" }]);
  });

  it("counts a top-level automatic cache_control as one of the four", () => {
    const input = params({ cache_control: { type: "ephemeral" } });
    const result = applyCachePlan({
      params: {
        ...input,
        messages: [
          { role: "user", content: [{ type: "text", text: "a", cache_control: { type: "ephemeral" } }] },
          { role: "user", content: [{ type: "text", text: "b", cache_control: { type: "ephemeral" } }] },
        ],
      },
      plan: plan(),
    });
    expect(result.applied).toHaveLength(1);
    expect(result.applied[0]?.segment).toBe("system");
  });

  it("never puts a 1h breakpoint after a caller's 5m one, nor a 5m before a caller's 1h one", () => {
    const afterFiveMinutes = applyCachePlan({
      params: params({ tools: [{ ...tool("a"), cache_control: { type: "ephemeral" } }, tool("b")] }),
      plan: plan({ ttl: "1h", breakpoints: ["system"] }),
    });
    expect(breakpoints(afterFiveMinutes.params)).toEqual(["tools[0]:5m", "system[0]:5m"]);
    const beforeOneHour = applyCachePlan({
      params: params({
        messages: [
          {
            role: "user",
            content: [{ type: "text", text: "q", cache_control: { type: "ephemeral", ttl: "1h" } }],
          },
        ],
      }),
      plan: plan({ ttl: "5m", breakpoints: ["system"] }),
    });
    expect(breakpoints(beforeOneHour.params)).toEqual(["system[0]:1h", "messages[0][0]:1h"]);
  });

  it("does nothing for a disabled plan and says why a segment was skipped", () => {
    const input = params();
    expect(applyCachePlan({ params: input, plan: plan({ enabled: false }) }).params).toBe(input);
    const result = applyCachePlan({ params: params({ tools: [] }), plan: plan() });
    expect(result.skipped.map((entry) => entry.segment)).toEqual(["tools", "static-messages"]);
  });
});
