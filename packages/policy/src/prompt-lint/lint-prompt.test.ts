import { describe, expect, it } from "vitest";
import { lintPrompt } from "./lint-prompt.js";

const policyText = "You are the support assistant of Acme. Follow these rules carefully. ".repeat(80);

describe("lintPrompt", () => {
  it("finds the variable part by comparing requests from the same call site", () => {
    const body = (user: string) => ({
      model: "claude-sonnet-5-5",
      max_tokens: 100,
      system: [
        { type: "text", text: `Customer: ${user}` },
        { type: "text", text: policyText, cache_control: { type: "ephemeral" } },
      ],
      messages: [{ role: "user", content: "Where is my parcel?" }],
    });
    const result = lintPrompt({ requests: [body("ann"), body("bo"), body("cy")] });
    expect(result.findings.map((finding) => [finding.rule, finding.path])).toEqual([
      ["variable-before-static", "system[0]"],
      ["breakpoint-after-variable", "system[1]"],
    ]);
    expect(result.findings[0]!.message).toMatch(/identical content follow it/);
  });

  it("accepts a well-ordered prompt: static prefix first, the varying question last", () => {
    const body = (question: string) => ({
      system: [{ type: "text", text: policyText, cache_control: { type: "ephemeral" } }],
      messages: [{ role: "user", content: question }],
    });
    expect(lintPrompt({ requests: [body("a?"), body("b?")] }).findings).toEqual([]);
    expect(lintPrompt({ requests: [body("Today is 2026-11-21. Where is my parcel?")] }).findings).toEqual([]);
  });

  it("flags a volatile value at the top of a single request", () => {
    const result = lintPrompt({
      requests: [
        {
          system: `Current date: 2026-11-21T10:00:00Z\n${policyText}`,
          messages: [{ role: "user", content: "hi" }],
        },
      ],
    });
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({ rule: "volatile-before-static", path: "system" });
    expect(result.findings[0]!.message).toContain('an ISO date/time ("2026-11-21T10:00:00")');
  });
});
