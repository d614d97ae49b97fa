import { describe, expect, it } from "vitest";
import { DEFAULT_COMPLEXITY_MODEL } from "./complexity-model.js";
import { scoreComplexity } from "./score-complexity.js";

const user = (content: string | unknown[]) => ({ role: "user", content }) as const;

describe("scoreComplexity", () => {
  it("scores short hard asks high and routine ones low, on the scale the policies use", () => {
    // The issue's own examples: none of these is in the labelled set the weights were fitted on.
    const hard = [
      "Prove that there are infinitely many primes.",
      "A farmer has 17 sheep, buys 3 times as many goats as sheep minus 5, then sells half the goats. How many animals does he have in total?",
      "Design a distributed rate limiter that stays consistent across regions during a network partition.",
    ];
    for (const text of hard)
      expect(scoreComplexity({ messages: [user(text)] }).score, text).toBeGreaterThan(0.5);
    expect(scoreComplexity({ messages: [user(hard[0]!)] }).score).toBeGreaterThan(0.8);
    const trivial = [
      "What is the capital of Italy?",
      "Translate 'good morning' into French.",
      "Is this email spam? 'WIN A FREE PHONE'",
      "Write a Python function that reverses a linked list.",
    ];
    for (const text of trivial)
      expect(scoreComplexity({ messages: [user(text)] }).score, text).toBeLessThan(0.2);
  });

  it("does not take length for difficulty: 8 KB of boilerplate to summarize stays low", () => {
    const boilerplate = `Summarize this.\n${"The customer said the parcel is late. The agent apologized. ".repeat(140)}`;
    expect(boilerplate.length).toBeGreaterThan(8000);
    const result = scoreComplexity({ messages: [user(boilerplate)] });
    expect(result.score).toBeLessThan(0.2);
    expect(result.features.length).toBeGreaterThan(0.5);
  });

  it("grows with each kind of demand, other things equal", () => {
    const base = "Please look at the following customer message and help with it. ".repeat(10);
    const score = (extra: string) => scoreComplexity({ messages: [user(base + extra)] }).score;
    const plain = score("");
    expect(
      score("Explain why, and compare the tradeoffs; justify and derive each step of your reasoning."),
    ).toBeGreaterThan(plain);
    expect(score("Prove the invariant holds under concurrent writes.")).toBeGreaterThan(plain);
    expect(score("Solve the equation x^2 + 3x = 10 and calculate the probability ∑ ≤ ∫.")).toBeGreaterThan(
      plain,
    );
    expect(score("- one\n- two\n- three\n- four\n- five\n- six")).toBeGreaterThan(plain);
    expect(score("Translate, classify and label it.")).toBeLessThan(plain);
  });

  it("counts a keyword once however often a pasted document repeats it", () => {
    const once = scoreComplexity({ messages: [user("You must answer.")] }).features.constraints;
    const many = scoreComplexity({ messages: [user("You must answer. ".repeat(50))] }).features.constraints;
    expect(many).toBe(once);
    for (const value of Object.values(scoreComplexity({ messages: [user("x ".repeat(9000))] }).features)) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(1);
    }
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
