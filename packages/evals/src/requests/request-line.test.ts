import { describe, expect, it } from "vitest";
import { parseRequestLines, promptText } from "./request-line.js";

describe("parseRequestLines", () => {
  it("keeps good lines and reports every bad one with its line number", () => {
    const good = {
      id: "1",
      taskType: "classification",
      request: { max_tokens: 10, messages: [{ role: "user", content: "Hi" }] },
    };
    const text = [
      JSON.stringify(good),
      "{not json",
      JSON.stringify({ ...good, id: "2", request: { messages: [] } }),
      JSON.stringify({ ...good, id: "3", grader: { type: "regex", flags: "q" } }),
      JSON.stringify({ ...good }),
      JSON.stringify({ ...good, id: 4, reference: "greeting", grader: { type: "normalized" } }),
    ].join("\n");
    const read = parseRequestLines({ text });
    expect(read.requests.map((request) => [request.id, request.line])).toEqual([
      ["1", 1],
      ["4", 6],
    ]);
    expect(read.requests[1]).toMatchObject({ reference: "greeting", grader: { type: "normalized" } });
    expect(read.bad).toEqual([
      { line: 2, reason: expect.stringMatching(/not valid JSON/) },
      { line: 3, reason: expect.stringMatching(/^request\.max_tokens/) },
      { line: 4, reason: expect.stringMatching(/^grader\.flags/) },
      { line: 5, reason: 'id: "1" was already used on line 1' },
    ]);
  });

  it("renders the prompt as text: system, then every text block", () => {
    expect(
      promptText({
        model: "m",
        max_tokens: 1,
        system: [{ type: "text", text: "Be brief." }],
        messages: [
          {
            role: "user",
            content: [
              { type: "text", text: "Classify:" },
              { type: "text", text: "refund" },
            ],
          },
          { role: "assistant", content: "billing" },
        ],
      }),
    ).toBe("Be brief.\n\nClassify:\n\nrefund\n\nbilling");
  });
});
