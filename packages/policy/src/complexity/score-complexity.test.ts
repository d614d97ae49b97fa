import { describe, expect, it } from "vitest";
import { DEFAULT_COMPLEXITY_MODEL } from "./complexity-model.js";
import { scoreComplexity } from "./score-complexity.js";

const user = (content: string | unknown[]) => ({ role: "user", content }) as const;

describe("scoreComplexity", () => {
  it("scores a trivial prompt low and a long multi-step coding task with constraints high", () => {
    const trivial = scoreComplexity({ messages: [user("Is this message spam? 'WIN A FREE PHONE'")] });
    expect(trivial.score).toBeLessThan(0.2);
    const task = [
      "Implement a TypeScript function that parses the attached report and must return exactly one JSON object.",
      "First, read the schema. Then validate every row. Finally explain why each rejected row fails.",
      "1. Parse the header\n2. Validate types\n3. Compute the sum and variance of each column",
      "```ts\nexport function parse(input: string): Row[] { return input.split(';').map((line) => ({ line })); }\n```",
      "Never throw; always return a result object. Compare the tradeoffs of streaming versus buffering.",
    ].join("\n\n");
    const hard = scoreComplexity({ system: "You are a senior engineer.", messages: [user(task.repeat(12))] });
    expect(hard.score).toBeGreaterThan(0.9);
    expect(hard.drivers.slice(0, 3)).toEqual(expect.arrayContaining(["code"]));
    for (const value of Object.values(hard.features)) expect(value).toBeGreaterThanOrEqual(0);
    for (const value of Object.values(hard.features)) expect(value).toBeLessThanOrEqual(1);
  });

  it("grows with each kind of demand, other things equal", () => {
    const base = "Please look at the following customer message and help with it. ".repeat(10);
    const score = (extra: string) => scoreComplexity({ messages: [user(base + extra)] }).score;
    const plain = score("");
    expect(
      score("Explain why, and compare the tradeoffs; justify and derive each step of your reasoning."),
    ).toBeGreaterThan(plain);
    expect(score("```py\ndef f(x):\n    return {x: [x]};\n```")).toBeGreaterThan(plain);
    expect(score("Solve the equation x^2 + 3x = 10 and calculate the probability ∑ ≤ ∫.")).toBeGreaterThan(
      plain,
    );
    expect(score("- one\n- two\n- three\n- four\n- five\n- six")).toBeGreaterThan(plain);
  });

  it("reads the SDK's shapes: system blocks, block arrays, tool results and documents", () => {
    const result = scoreComplexity({
      system: [{ type: "text", text: "You must answer in JSON." }],
      messages: [
        user([
          { type: "text", text: "Summarize the document." },
          { type: "document", source: { type: "text", media_type: "text/plain", data: "a ".repeat(4000) } },
          { type: "image", source: { type: "base64", media_type: "image/png", data: "iVBOR" } },
        ]),
        { role: "assistant", content: [{ type: "tool_use", id: "t1", name: "lookup", input: {} }] },
        user([{ type: "tool_result", tool_use_id: "t1", content: [{ type: "text", text: "result ok" }] }]),
      ],
    });
    expect(result.features.documents).toBe(1);
    expect(result.features.constraints).toBeGreaterThan(0);
    expect(result.features.turns).toBeCloseTo(0.2);
    expect(result.model).toBe(DEFAULT_COMPLEXITY_MODEL.version);
  });

  it("counts non-Latin scripts as a language feature", () => {
    const japanese = scoreComplexity({ messages: [user("この契約書の条項を確認してください。")] });
    expect(japanese.features.language).toBe(1);
    expect(scoreComplexity({ messages: [user("Check this contract.")] }).features.language).toBe(0);
  });

  it("uses replaceable weights", () => {
    const messages = [user("Explain why.")];
    const zero = { version: "zero", bias: 0, weights: { ...DEFAULT_COMPLEXITY_MODEL.weights, reasoning: 0 } };
    expect(
      scoreComplexity({
        messages,
        model: {
          ...zero,
          weights: Object.fromEntries(Object.keys(zero.weights).map((key) => [key, 0])) as never,
        },
      }).score,
    ).toBe(0.5);
  });
});
