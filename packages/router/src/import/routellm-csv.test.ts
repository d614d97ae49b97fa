import { describe, expect, it } from "vitest";
import { parseCsv, parseRouteLlmCsv } from "./routellm-csv.js";

// The shape of lm-sys/RouteLLM routellm/evals/mmlu/responses/mmlu_abstract_algebra.csv (two rows of it).
const CSV = `prompt,mixtral-8x7b-instruct-v0.1,gpt-4-1106-preview
"Find the degree for the given field extension Q(sqrt(2), sqrt(3), sqrt(18)) over Q.
A. 0
B. 4
Answer:",True,True
"The set of integers Z with the binary operation ""*"" defined as a*b =a +b+ 1
Answer:",False,True
`;

describe("RouteLLM responses CSV", () => {
  it("parses quoted fields with commas, doubled quotes and newlines", () => {
    expect(parseCsv('a,"b,c","d""e"\r\n"x\ny",z\n')).toEqual([
      ["a", "b,c", 'd"e'],
      ["x\ny", "z"],
    ]);
  });

  it("reads as outcome lines: the prompt, and per model score 1 or 0", () => {
    const lines = parseRouteLlmCsv({ text: CSV, taskType: "mmlu", idPrefix: "algebra-" });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      id: "algebra-0",
      taskType: "mmlu",
      models: { "mixtral-8x7b-instruct-v0.1": { score: 1, pass: true }, "gpt-4-1106-preview": { score: 1 } },
    });
    expect(lines[0]!.prompt).toContain("sqrt(2), sqrt(3)");
    expect(lines[1]!.prompt).toContain('operation "*" defined');
    expect(lines[1]!.models["mixtral-8x7b-instruct-v0.1"]).toEqual({ score: 0, pass: false });
  });
});
