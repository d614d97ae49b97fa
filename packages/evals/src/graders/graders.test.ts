import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type Anthropic from "@anthropic-ai/sdk";
import { describe, expect, it } from "vitest";
import { EvalsError } from "../evals-error.js";
import { createGrader } from "./create-grader.js";
import type { Grade, GradeInput, Grader } from "./grader.js";
import { type GraderInput, graderSchema } from "./grader-schema.js";
import { parseGradersFile } from "./graders-file.js";

const request = {
  model: "m",
  max_tokens: 10,
  messages: [{ role: "user" as const, content: "Classify: refund?" }],
};

async function grade(config: GraderInput, answer: string, reference?: unknown): Promise<Grade> {
  const grader = await createGrader({ config: graderSchema.parse(config) });
  if (grader.kind !== "local") throw new Error("expected a local grader");
  const input: GradeInput = {
    id: "1",
    taskType: "t",
    answer,
    request,
    ...(reference === undefined ? {} : { reference }),
  };
  return grader.grade(input);
}

function message(text: string): Anthropic.Message {
  return {
    id: "msg_1",
    type: "message",
    role: "assistant",
    model: "m",
    content: [{ type: "text", text, citations: null }],
    stop_reason: "end_turn",
    stop_sequence: null,
    usage: { input_tokens: 1, output_tokens: 1 },
  } as unknown as Anthropic.Message;
}

describe("graders", () => {
  it("exact: equal to the reference, ends trimmed, case as configured", async () => {
    expect(await grade({ type: "exact" }, " billing\n", "billing")).toEqual({ score: 1, pass: true });
    expect(await grade({ type: "exact" }, "Billing", "billing")).toEqual({ score: 0, pass: false });
    expect((await grade({ type: "exact", caseSensitive: false }, "Billing", "billing")).pass).toBe(true);
    expect((await grade({ type: "exact", trim: false }, " billing", "billing")).pass).toBe(false);
    expect((await grade({ type: "exact" }, "42", 42)).pass).toBe(true);
    expect((await grade({ type: "exact" }, '{"a":1}', { a: 1 })).pass).toBe(true);
    await expect(grade({ type: "exact" }, "x")).rejects.toThrow(/needs a reference/);
  });

  it("normalized: case, spacing, quotes and end punctuation do not matter; words do", async () => {
    expect((await grade({ type: "normalized" }, '**"Billing  Issue."**', "billing issue")).pass).toBe(true);
    expect((await grade({ type: "normalized" }, "ｂｉｌｌｉｎｇ", "billing")).pass).toBe(true); // NFKC
    expect((await grade({ type: "normalized" }, "billing issues", "billing issue")).pass).toBe(false);
  });

  it("regex: its pattern, or the reference as a pattern; global flags do not make it stateful", async () => {
    expect((await grade({ type: "regex", pattern: "^(yes|no)$", flags: "i" }, "YES")).pass).toBe(true);
    expect((await grade({ type: "regex", pattern: "^(yes|no)$" }, "maybe")).pass).toBe(false);
    expect((await grade({ type: "regex" }, "order #1234 shipped", "#\\d{4}")).pass).toBe(true);
    const grader = await createGrader({
      config: graderSchema.parse({ type: "regex", pattern: "a", flags: "g" }),
    });
    const local = grader as Extract<Grader, { kind: "local" }>;
    const input = { id: "1", taskType: "t", answer: "a", request };
    expect([(await local.grade(input)).pass, (await local.grade(input)).pass]).toEqual([true, true]);
    await expect(
      createGrader({ config: graderSchema.parse({ type: "regex", pattern: "(" }) }),
    ).rejects.toThrow(EvalsError);
  });

  it("json: valid JSON, fenced or not", async () => {
    expect((await grade({ type: "json" }, '{"a": [1, 2]}')).pass).toBe(true);
    expect((await grade({ type: "json" }, '```json\n{"a": 1}\n```')).pass).toBe(true);
    expect((await grade({ type: "json" }, '{"a": 1,')).pass).toBe(false);
  });

  it("json-schema: validated with Ajv; a schema Ajv rejects is refused before anything runs", async () => {
    const schema = {
      type: "object",
      properties: { vendor: { type: "string" }, total: { type: "number" } },
      required: ["vendor", "total"],
    };
    expect((await grade({ type: "json-schema", schema }, '{"vendor":"acme","total":12.5}')).pass).toBe(true);
    expect((await grade({ type: "json-schema", schema }, '{"vendor":"acme","total":"12.5"}')).pass).toBe(
      false,
    );
    expect((await grade({ type: "json-schema", schema }, "not json")).pass).toBe(false);
    await expect(
      createGrader({ config: graderSchema.parse({ type: "json-schema", schema: { type: "nonsense" } }) }),
    ).rejects.toMatchObject({ code: "invalid_grader" });
  });

  it("numeric: the first number within an absolute or relative tolerance", async () => {
    expect((await grade({ type: "numeric" }, "The total is $1,250.00.", 1250)).pass).toBe(true);
    expect((await grade({ type: "numeric", tolerance: 0.5 }, "about 1250.4", "1250")).pass).toBe(true);
    expect((await grade({ type: "numeric", tolerance: 0.5 }, "1251", 1250)).pass).toBe(false);
    expect((await grade({ type: "numeric", tolerance: 0.01, relative: true }, "1262", 1250)).pass).toBe(true);
    expect((await grade({ type: "numeric" }, "0.30000000000000004", 0.3)).pass).toBe(true);
    expect((await grade({ type: "numeric" }, "no number here", 3)).pass).toBe(false);
    await expect(grade({ type: "numeric" }, "3", "three")).rejects.toThrow(/not a number/);
  });

  it("module: your function's score, boolean or { score, pass }; a missing function is refused", async () => {
    const folder = await mkdtemp(join(tmpdir(), "evals-module-"));
    const path = join(folder, "grade.mjs");
    await writeFile(
      path,
      "export function grade({ answer, reference }) { return answer.length === reference.length ? 0.75 : 0.25; }\n" +
        "export const strict = ({ answer }) => ({ score: 0.9, pass: answer === 'ok' });\n" +
        "export async function broken() { return 7; }\n",
    );
    const baseDir = folder;
    const build = async (config: GraderInput) =>
      (await createGrader({ config: graderSchema.parse(config), baseDir })) as Extract<
        Grader,
        { kind: "local" }
      >;
    const input = { id: "1", taskType: "t", answer: "abc", reference: "xyz", request };
    expect(await (await build({ type: "module", path: "grade.mjs" })).grade(input)).toEqual({
      score: 0.75,
      pass: true,
    });
    expect(await (await build({ type: "module", path, passAt: 0.8 })).grade(input)).toEqual({
      score: 0.75,
      pass: false,
    });
    expect(await (await build({ type: "module", path, export: "strict" })).grade(input)).toEqual({
      score: 0.9,
      pass: false,
    });
    await expect((await build({ type: "module", path, export: "broken" })).grade(input)).rejects.toThrow(
      /expected a score in \[0, 1\]/,
    );
    await expect(build({ type: "module", path, export: "absent" })).rejects.toMatchObject({
      code: "invalid_grader",
    });
    await expect(build({ type: "module", path: "missing.mjs" })).rejects.toMatchObject({
      code: "invalid_grader",
    });
  });

  it("judge: asks the judge model with the rubric, task, reference and answer; reads its JSON verdict", async () => {
    const grader = await createGrader({
      config: graderSchema.parse({ type: "judge", rubric: "The label must match the customer's intent." }),
    });
    if (grader.kind !== "judge") throw new Error("expected a judge");
    const judgeRequest = grader.judgeRequest({
      id: "1",
      taskType: "t",
      answer: "billing",
      reference: "refund",
      request,
      model: "claude-opus-5-5",
    });
    expect(judgeRequest.model).toBe("claude-opus-5-5");
    const content = judgeRequest.messages[0]!.content as string;
    for (const part of ["customer's intent", "Classify: refund?", "<reference>\nrefund", "<answer>\nbilling"])
      expect(content).toContain(part);
    expect(grader.readVerdict(message('{"pass": false, "score": 0.2, "reason": "wrong label"}'))).toEqual({
      score: 0.2,
      pass: false,
    });
    expect(grader.readVerdict(message('Sure. {"score": 0.8} Hope that helps'))).toEqual({
      score: 0.8,
      pass: true,
    });
    expect(grader.readVerdict(message('{"pass": true}'))).toEqual({ score: 1, pass: true });
    expect(() => grader.readVerdict(message("PASS"))).toThrow(/no JSON object/);
    expect(() => grader.readVerdict(message('{"score": 7}'))).toThrow(/no score in \[0, 1\]/);
  });
});

describe("graders file", () => {
  it("reads tasks with graders and bars; refuses a bad one naming the file and the path", () => {
    const file = parseGradersFile({
      source:
        "tasks:\n  classification: { grader: { type: normalized }, bar: 0.95 }\n  analysis: { bar: 0.8 }\n",
      origin: "graders.yaml",
    });
    expect(file.tasks.classification).toEqual({ grader: { type: "normalized" }, bar: 0.95 });
    const refuse = (source: string) => () => parseGradersFile({ source, origin: "graders.yaml" });
    expect(refuse("tasks:\n  classification: { grader: { type: fuzzy } }\n")).toThrow(
      /graders\.yaml: tasks\.classification\.grader\.type/,
    );
    expect(refuse("tasks:\n  classification: { bar: 1.5 }\n")).toThrow(/tasks\.classification\.bar/);
    expect(refuse("tasks:\n  x: { grader: { type: judge } }\n")).toThrow(/tasks\.x\.grader\.rubric/);
    expect(refuse("task: {}\n")).toThrow(/graders\.yaml/);
    expect(refuse("tasks: [\n")).toThrow(/not valid YAML/);
  });
});
