import type Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../start-emulator.js";
import { startWithClient } from "../test-support/emulator-fixture.js";

let emulator: Emulator;
let client: Anthropic;

beforeAll(async () => {
  ({ emulator, client } = await startWithClient({ seed: 42 }));
});
afterAll(() => emulator.close());

async function correctRate(options: {
  model: string;
  taskType: string;
  difficulty: number;
  prompts: number;
}) {
  let correct = 0;
  for (let index = 0; index < options.prompts; index++) {
    const message = await client.messages.create(
      {
        model: options.model,
        max_tokens: 2000,
        messages: [{ role: "user", content: `Question number ${index}` }],
      },
      {
        headers: {
          "x-emulator-task-type": options.taskType,
          "x-emulator-difficulty": String(options.difficulty),
        },
      },
    );
    if (emulator.verdict(message.id)?.correct) correct++;
  }
  return correct / options.prompts;
}

describe("simulated quality", () => {
  it("cheaper models fail more on hard prompts and hold up on easy ones", async () => {
    const hardHaiku = await correctRate({
      model: "claude-haiku-4-5",
      taskType: "reasoning",
      difficulty: 0.6,
      prompts: 60,
    });
    const hardOpus = await correctRate({
      model: "claude-opus-5-5",
      taskType: "reasoning",
      difficulty: 0.6,
      prompts: 60,
    });
    const easyHaiku = await correctRate({
      model: "claude-haiku-4-5",
      taskType: "classification",
      difficulty: 0.2,
      prompts: 60,
    });
    expect(hardHaiku).toBeLessThan(0.2);
    expect(hardOpus).toBeGreaterThan(0.75);
    expect(easyHaiku).toBeGreaterThan(0.9);
  });

  it("is reproducible: the same seed, model and prompt give the same verdict", async () => {
    const other = await startWithClient({ seed: 42 });
    try {
      for (let index = 0; index < 20; index++) {
        const params = {
          model: "claude-sonnet-5",
          max_tokens: 1500,
          messages: [
            { role: "user" as const, content: `[[emulator task=coding difficulty=0.7]] Task ${index}` },
          ],
        };
        const here = await client.messages.create(params);
        const there = await other.client.messages.create(params);
        const mine = emulator.verdict(here.id)!;
        const theirs = other.emulator.verdict(there.id)!;
        expect({ ...mine, messageId: "" }).toEqual({ ...theirs, messageId: "" });
        expect(there.content).toEqual(here.content);
      }
    } finally {
      await other.emulator.close();
    }
  });

  it("headers beat inline hints, which beat derivation", async () => {
    const content = "[[emulator task=extraction difficulty=0.3]] Pull out the totals.";
    const hinted = await client.messages.create({
      model: "claude-haiku-5-5",
      max_tokens: 500,
      messages: [{ role: "user", content }],
    });
    expect(emulator.verdict(hinted.id)).toMatchObject({
      taskType: "extraction",
      taskTypeSource: "hint",
      difficulty: 0.3,
    });
    const headed = await client.messages.create(
      { model: "claude-haiku-5-5", max_tokens: 500, messages: [{ role: "user", content }] },
      { headers: { "x-emulator-task-type": "qa", "x-emulator-difficulty": "0.9" } },
    );
    expect(emulator.verdict(headed.id)).toMatchObject({
      taskType: "qa",
      taskTypeSource: "header",
      difficulty: 0.9,
      difficultySource: "header",
    });
    const derived = await client.messages.create({
      model: "claude-haiku-5-5",
      max_tokens: 500,
      messages: [{ role: "user", content: "Please translate this paragraph into German." }],
    });
    const verdict = emulator.verdict(derived.id)!;
    expect(verdict).toMatchObject({
      taskType: "translation",
      taskTypeSource: "derived",
      difficultySource: "derived",
    });
    expect(verdict.difficulty).toBeGreaterThanOrEqual(0);
    expect(verdict.difficulty).toBeLessThanOrEqual(1);
  });

  it("structured output is valid, schema-shaped JSON when correct and malformed when not", async () => {
    const schema = {
      type: "object",
      properties: { vendor: { type: "string" }, total: { type: "number" }, paid: { type: "boolean" } },
      required: ["vendor", "total", "paid"],
    };
    let valid = 0;
    let invalid = 0;
    for (let index = 0; index < 30; index++) {
      const message = await client.messages.create(
        {
          model: "claude-haiku-4-5",
          max_tokens: 1000,
          output_config: { format: { type: "json_schema", schema } },
          messages: [{ role: "user", content: `Invoice ${index}` }],
        },
        { headers: { "x-emulator-task-type": "extraction", "x-emulator-difficulty": "0.66" } },
      );
      const text = message.content.find((block) => block.type === "text")?.text ?? "";
      const verdict = emulator.verdict(message.id)!;
      expect(verdict.structured).toBe(true);
      if (verdict.correct) {
        valid++;
        const parsed = JSON.parse(text) as Record<string, unknown>;
        expect(Object.keys(parsed).sort()).toEqual(["paid", "total", "vendor"]);
        expect(typeof parsed.total).toBe("number");
        expect(verdict.validJson).toBe(true);
      } else {
        invalid++;
        expect(() => JSON.parse(text)).toThrow();
        expect(verdict.validJson).toBe(false);
      }
    }
    expect(valid).toBeGreaterThan(0);
    expect(invalid).toBeGreaterThan(0);
  });

  it("a system prompt asking for JSON makes the answer JSON", async () => {
    const message = await client.messages.create(
      {
        model: "claude-opus-5-5",
        max_tokens: 2000,
        system: "Reply only with JSON.",
        messages: [{ role: "user", content: "List three risks." }],
      },
      { headers: { "x-emulator-difficulty": "0.1" } },
    );
    const text = message.content[0]?.type === "text" ? message.content[0].text : "";
    expect(() => JSON.parse(text)).not.toThrow();
  });

  it("refuses deterministically on a hint and rarely otherwise", async () => {
    const refused = await client.messages.create({
      model: "claude-sonnet-5-5",
      max_tokens: 100,
      messages: [{ role: "user", content: "[[emulator refusal=true]] Do the thing." }],
    });
    expect(refused.stop_reason).toBe("refusal");
    expect(refused.stop_details).toEqual({ type: "refusal", category: null, explanation: null });
    expect(emulator.verdict(refused.id)).toMatchObject({ refusal: true, correct: false });
    let refusals = 0;
    for (let index = 0; index < 60; index++) {
      const message = await client.messages.create({
        model: "claude-sonnet-5-5",
        max_tokens: 50,
        messages: [{ role: "user", content: `Tell me something about topic ${index}` }],
      });
      if (message.stop_reason === "refusal") refusals++;
    }
    expect(refusals).toBeLessThanOrEqual(2);
  });

  it("extended thinking returns a thinking block counted in output_tokens_details", async () => {
    const message = await client.messages.create({
      model: "claude-opus-5-5",
      max_tokens: 8000,
      thinking: { type: "enabled", budget_tokens: 2000 },
      messages: [{ role: "user", content: "Prove that the cache hit rate is bounded." }],
    });
    expect(message.content[0]?.type).toBe("thinking");
    const thinking = message.usage.output_tokens_details?.thinking_tokens ?? 0;
    expect(thinking).toBeGreaterThan(0);
    expect(thinking).toBeLessThanOrEqual(2000);
    expect(message.usage.output_tokens).toBeGreaterThan(thinking);
  });

  it("serves the oracle, the clock and stats over HTTP", async () => {
    const message = await client.messages.create({
      model: "claude-haiku-5-5",
      max_tokens: 50,
      messages: [{ role: "user", content: "Hi" }],
    });
    const verdict = await (await fetch(`${emulator.url}/_emulator/verdicts/${message.id}`)).json();
    expect(verdict).toEqual(emulator.verdict(message.id));
    expect((await fetch(`${emulator.url}/_emulator/verdicts/msg_unknown`)).status).toBe(404);
    const before = emulator.clock.now();
    const advanced = await fetch(`${emulator.url}/_emulator/clock`, {
      method: "POST",
      body: JSON.stringify({ advanceMs: 1000 }),
    });
    expect(((await advanced.json()) as { nowMs: number }).nowMs).toBe(before + 1000);
    const stats = (await (await fetch(`${emulator.url}/_emulator/stats`)).json()) as {
      byModel: Record<string, { requests: number }>;
    };
    expect(stats.byModel["claude-haiku-5-5"]?.requests).toBeGreaterThan(0);
  });
});
