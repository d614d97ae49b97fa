import type Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../start-emulator.js";
import { startWithClient } from "../test-support/emulator-fixture.js";

let emulator: Emulator;
let client: Anthropic;

beforeAll(async () => {
  ({ emulator, client } = await startWithClient({ seed: 11 }));
});
afterAll(() => emulator.close());

const LABELS = ["billing", "technical", "account", "shipping"];

function question(index: number, difficulty = 0.75) {
  return {
    model: "claude-haiku-5-5",
    max_tokens: 64,
    messages: [
      {
        role: "user" as const,
        content: `[[emulator task=classification difficulty=${difficulty}]] Classify ticket ${index}: my card was charged twice.`,
      },
    ],
  };
}

// The SDK sends unknown body fields as they are; the field is only for the emulator.
function withHint<T extends object>(params: T, hint: Record<string, unknown>): T {
  return { ...params, emulator_eval: hint } as T;
}

function textOf(message: Anthropic.Message): string {
  return message.content.map((block) => (block.type === "text" ? block.text : "")).join("");
}

describe("the eval hint (emulator_eval)", () => {
  it("answers a closed question with the reference exactly when the oracle says correct", async () => {
    let right = 0;
    let wrong = 0;
    for (let index = 0; index < 60; index++) {
      const reference = LABELS[index % LABELS.length]!;
      const message = await client.messages.create(withHint(question(index), { reference, choices: LABELS }));
      const verdict = emulator.verdict(message.id)!;
      expect(verdict.evalHint).toBe("reference");
      const text = textOf(message);
      if (verdict.correct) {
        right++;
        expect(text).toBe(reference);
      } else {
        wrong++;
        expect(text).not.toBe(reference);
        expect(LABELS).toContain(text);
      }
    }
    // Haiku at difficulty 0.75 on classification (capability 0.82) is right most of the time, not always.
    expect(right).toBeGreaterThan(wrong);
    expect(wrong).toBeGreaterThan(0);
  });

  it("changes neither the verdict, nor the usage, nor the prompt the oracle sees", async () => {
    for (let index = 0; index < 20; index++) {
      const plain = await client.messages.create(question(index));
      const hinted = await client.messages.create(withHint(question(index), { reference: "billing" }));
      const [before, after] = [emulator.verdict(plain.id)!, emulator.verdict(hinted.id)!];
      expect({ ...after, messageId: "", evalHint: null, truncated: false, correct: false }).toEqual({
        ...before,
        messageId: "",
        truncated: false,
        correct: false,
      });
      expect(hinted.usage.input_tokens).toBe(plain.usage.input_tokens);
      // A one-word label is shorter than the filler answer, so only truncation can differ.
      expect(after.correct).toBe(after.capable && !after.refusal && !after.truncated);
    }
  });

  it("gives plausible wrong numbers and structures, never the reference", async () => {
    for (let index = 0; index < 40; index++) {
      const params = { ...question(index, 0.95), max_tokens: 200 };
      const number = await client.messages.create(withHint(params, { reference: 1250.5 }));
      const structure = await client.messages.create(
        withHint(params, { reference: { vendor: "acme", total: 12, paid: true } }),
      );
      for (const message of [number, structure]) {
        const verdict = emulator.verdict(message.id)!;
        const text = textOf(message);
        if (message === number) expect(text === "1250.5").toBe(verdict.correct);
        else {
          const parsed = JSON.parse(text) as Record<string, unknown>;
          expect(Object.keys(parsed).sort()).toEqual(["paid", "total", "vendor"]);
          expect(JSON.stringify(parsed) === '{"vendor":"acme","total":12,"paid":true}').toBe(verdict.correct);
        }
      }
    }
  });

  it("a judge reports the oracle's verdict on the graded request; a weak judge errs on hard ones", async () => {
    const judged = async (judgeModel: string, difficulty: number) => {
      let agree = 0;
      for (let index = 0; index < 40; index++) {
        const candidate = question(index, difficulty);
        const answer = await client.messages.create(candidate);
        const verdict = await client.messages.create(
          withHint(
            {
              model: judgeModel,
              max_tokens: 200,
              messages: [{ role: "user" as const, content: `Grade this answer: ${textOf(answer)}` }],
            },
            { judging: candidate },
          ),
        );
        const report = JSON.parse(textOf(verdict)) as { pass: boolean; score: number };
        expect(report.score).toBeGreaterThanOrEqual(0);
        expect(report.score).toBeLessThanOrEqual(1);
        expect(report.pass).toBe(report.score >= 0.5);
        const judgeVerdict = emulator.verdict(verdict.id)!;
        expect(judgeVerdict.evalHint).toBe("judge");
        const truth = emulator.verdict(answer.id)!.correct;
        expect(report.pass === truth).toBe(judgeVerdict.correct);
        if (report.pass === truth) agree++;
      }
      return agree / 40;
    };
    expect(await judged("claude-opus-5-5", 0.7)).toBe(1);
    expect(await judged("claude-haiku-5-5", 0.9)).toBeLessThan(0.9);
  });

  it("a judge agrees with an emulator of the same seed that served the answer", async () => {
    const other = await startWithClient({ seed: 11 });
    try {
      for (let index = 0; index < 15; index++) {
        const candidate = question(index);
        const answer = await other.client.messages.create(candidate);
        const judge = await client.messages.create(
          withHint(
            {
              model: "claude-opus-5-5",
              max_tokens: 200,
              messages: [{ role: "user" as const, content: "Grade." }],
            },
            { judging: candidate },
          ),
        );
        const report = JSON.parse(textOf(judge)) as { pass: boolean };
        expect(report.pass).toBe(other.emulator.verdict(answer.id)!.correct);
      }
    } finally {
      await other.emulator.close();
    }
  });

  it("carries through the Message Batches API", async () => {
    const requests = Array.from({ length: 30 }, (_, index) => ({
      custom_id: `q${index}`,
      params: withHint(question(index), { reference: LABELS[index % 4], choices: LABELS }),
    }));
    const batch = await client.messages.batches.create({ requests });
    let status = batch.processing_status;
    while (status !== "ended") {
      await new Promise((resolve) => setTimeout(resolve, 5));
      status = (await client.messages.batches.retrieve(batch.id)).processing_status;
    }
    for await (const line of await client.messages.batches.results(batch.id)) {
      if (line.result.type !== "succeeded") throw new Error(`unexpected ${line.result.type}`);
      const index = Number(line.custom_id.slice(1));
      const verdict = emulator.verdict(line.result.message.id)!;
      expect(textOf(line.result.message) === LABELS[index % 4]).toBe(verdict.correct);
      expect(verdict.serviceTier).toBe("batch");
    }
  });

  it("is taken out before the strict checks, which still apply to the rest of the body", async () => {
    // Metadata and the web search tool are checked as the API checks them; the hint is not a field of theirs.
    const searching = {
      ...question(3, 0.2),
      metadata: { user_id: "eval-run-1" },
      tools: [{ type: "web_search_20250305" as const, name: "web_search" as const, max_uses: 2 }],
    };
    const message = await client.messages.create(
      withHint(searching, { reference: "billing", choices: LABELS }),
    );
    const verdict = emulator.verdict(message.id)!;
    expect(verdict.evalHint).toBe("reference");
    expect(message.content[0]?.type).toBe("server_tool_use");
    expect(message.usage.server_tool_use?.web_search_requests).toBeGreaterThan(0);
    expect(textOf(message) === "billing").toBe(verdict.correct);

    const opening = {
      ...question(3),
      messages: [{ role: "system", content: "be brief" }, ...question(3).messages],
    };
    await expect(
      client.messages.create(withHint(opening as never, { reference: "billing" })),
    ).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining("messages.0: use the top-level 'system' parameter"),
    });
    await expect(
      client.messages.create(withHint(question(3), { reference: "billing", note: "x" })),
    ).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining("emulator_eval: Unrecognized key"),
    });

    // The graded request of a judge call is checked as serving it would be.
    const judge = {
      model: "claude-opus-5-5",
      max_tokens: 200,
      messages: [{ role: "user" as const, content: "Grade." }],
    };
    const badMetadata = { ...question(3), metadata: { tenant: "acme" } };
    await expect(client.messages.create(withHint(judge, { judging: badMetadata }))).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining(
        "emulator_eval.judging.metadata.tenant: Extra inputs are not permitted",
      ),
    });
    const trailing = {
      ...question(3),
      messages: [...question(3).messages, { role: "system", content: "x" }],
    };
    await expect(client.messages.create(withHint(judge, { judging: trailing }))).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining("emulator_eval.judging.messages: Unexpected role"),
    });
  });

  it("refuses a malformed hint with the field's path", async () => {
    await expect(
      client.messages.create(withHint(question(1), { reference: "x", judge: true })),
    ).rejects.toMatchObject({ status: 400, message: expect.stringContaining("emulator_eval") });
    await expect(
      client.messages.create(withHint(question(1), { judging: { model: "claude-haiku-5-5" } })),
    ).rejects.toMatchObject({ status: 400, message: expect.stringContaining("emulator_eval.judging.") });
  });
});
