import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type Anthropic from "@anthropic-ai/sdk";
import { type Emulator, MODEL_TABLE } from "@rightsize/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseGradersFile } from "../graders/graders-file.js";
import { parseOutcomes } from "../outcomes/read-outcomes.js";
import { parseRequestLines } from "../requests/request-line.js";
import { closedRequests, jsonl, startEvalEmulator, TIERS } from "../test-support/eval-fixture.js";
import { hashParams, type PaidCall } from "./paid-calls.js";
import { runEval } from "./run-eval.js";

let emulator: Emulator;
let client: Anthropic;

beforeAll(async () => {
  ({ emulator, client } = await startEvalEmulator(7));
});
afterAll(() => emulator.close());

const temporary = () => mkdtemp(join(tmpdir(), "rightsize-eval-"));

async function paidCalls(outDir: string): Promise<PaidCall[]> {
  const text = await readFile(join(outDir, "answers.jsonl"), "utf8");
  return text
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as PaidCall);
}

// The emulator's quality model (packages/emulator README, "Simulated quality"): an answer is
// correct iff capability − difficulty + noise > 0, the noise normal with sd √(0.10² + 0.05²).
const NOISE = Math.hypot(0.1, 0.05);

function normalCdf(x: number): number {
  // Abramowitz–Stegun 7.1.26 (|error| < 1.5e-7), plenty for a sufficiency margin of 4 points.
  const t = 1 / (1 + 0.3275911 * (Math.abs(x) / Math.SQRT2));
  const erf =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-(x * x) / 2);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** The quality model's expected pass rate of a model on an emulator task over uniform difficulties. */
function expectedRate(model: string, task: string, [low, high]: readonly [number, number]): number {
  const spec = MODEL_TABLE.find((row) => row.id === model)!;
  const capability = spec.capability[task as keyof typeof spec.capability];
  const steps = 200;
  let sum = 0;
  for (let index = 0; index < steps; index++) {
    const difficulty = low + ((high - low) * (index + 0.5)) / steps;
    sum += normalCdf((capability - difficulty) / NOISE);
  }
  return sum / steps;
}

const TASKS = [
  { taskType: "classification", emulatorTask: "classification", difficulty: [0.05, 0.35] as const, bar: 0.9 },
  { taskType: "analysis", emulatorTask: "reasoning", difficulty: [0.3, 0.6] as const, bar: 0.85 },
];

describe("runEval against the emulator through the official SDK", () => {
  it("recommends, per task, the cheapest tier the emulator's quality model says is sufficient", async () => {
    const lines = TASKS.flatMap((task, index) =>
      closedRequests({
        ...task,
        count: 150,
        labels: ["billing", "technical", "account", "shipping"],
        seed: index + 1,
      }),
    );
    const { requests } = parseRequestLines({ text: jsonl(lines) });
    const graders = parseGradersFile({
      source: {
        tasks: Object.fromEntries(
          TASKS.map((task) => [task.taskType, { grader: { type: "exact" }, bar: task.bar }]),
        ),
      },
    });
    const outDir = await temporary();
    const result = await runEval({
      client,
      requests,
      candidates: TIERS,
      outDir,
      graders,
      emulatorHints: true,
    });
    expect(result.errors).toEqual([]);
    expect(result.run.graded).toBe(900);

    for (const task of TASKS) {
      const verdicts = TIERS.map((tier) => expectedRate(tier.model, task.emulatorTask, task.difficulty));
      // The fixture must sit clearly on one side of the bar for every tier, or the test proves nothing.
      for (const rate of verdicts) expect(Math.abs(rate - task.bar)).toBeGreaterThan(0.04);
      const sufficient = TIERS[verdicts.findIndex((rate) => rate > task.bar)]!;
      const summary = result.summary.tasks.find((entry) => entry.taskType === task.taskType)!;
      expect(summary.recommended).toEqual({ tier: sufficient.tier, model: sufficient.model, cleared: true });
      expect(summary.bar).toBe(task.bar);
    }
    // The fixture has a cheap task and a harder one: the recommendations differ.
    expect(result.summary.tasks.map((task) => task.recommended.tier)).toEqual(["sonnet", "haiku"]);

    // Every grade is the oracle's verdict on that very answer.
    const outcomes = new Map(result.outcomes.map((line) => [line.id, line]));
    for (const call of await paidCalls(outDir)) {
      const outcome = outcomes.get(call.id)!.models[call.key]!;
      expect(outcome.pass).toBe(emulator.verdict(call.message.id)!.correct);
    }
    // The eval's own cost is every paid answer, exactly.
    const total = (await paidCalls(outDir)).reduce((sum, call) => sum + BigInt(call.costPico!), 0n);
    expect(result.cost.pico).toBe(total);
    expect(result.summary.evalCost).toMatchObject({ pico: total.toString(), calls: 900, judgeCalls: 0 });
    const written = JSON.parse(await readFile(join(outDir, "summary.json"), "utf8"));
    expect(written).toEqual(result.summary);
    // One line per request after compaction, models in tier order.
    const file = (await readFile(join(outDir, "outcomes.jsonl"), "utf8")).trim().split("\n");
    expect(file).toHaveLength(300);
    expect(Object.keys(JSON.parse(file[0]!).models)).toEqual(["haiku", "sonnet", "opus"]);
  });

  it("sends the eval through the Message Batches API at half the price, with the same grades", async () => {
    const lines = closedRequests({ ...TASKS[1]!, count: 40, labels: ["yes", "no"], seed: 9 });
    const { requests } = parseRequestLines({ text: jsonl(lines) });
    const [realtimeDir, batchDir] = [await temporary(), await temporary()];
    const realtime = await runEval({
      client,
      requests,
      candidates: TIERS,
      outDir: realtimeDir,
      emulatorHints: true,
    });
    const batched = await runEval({
      client,
      requests,
      candidates: TIERS,
      outDir: batchDir,
      emulatorHints: true,
      batch: true,
      pollIntervalMs: 10,
    });
    expect(batched.run.batches).toBe(1);
    const scores = (result: typeof realtime) =>
      result.outcomes.map((line) =>
        Object.fromEntries(Object.entries(line.models).map(([key, outcome]) => [key, outcome.pass])),
      );
    expect(scores(batched)).toEqual(scores(realtime));
    expect(batched.cost.pico * 2n).toBe(realtime.cost.pico);
    expect((await paidCalls(batchDir)).every((call) => call.message.usage.service_tier === "batch")).toBe(
      true,
    );
  });

  it("collects a batch a killed run left in flight instead of paying for it again", async () => {
    const lines = closedRequests({ ...TASKS[0]!, count: 10, labels: ["yes", "no"], seed: 4 });
    const { requests } = parseRequestLines({ text: jsonl(lines) });
    const outDir = await temporary();
    // What a run killed after submitting its batch leaves: the batch's record, no answers.
    const entries = requests.map((request, index) => {
      const params = { ...request.request, model: TIERS[0]!.model };
      return {
        customId: `a${index}`,
        params,
        identity: { id: request.id, key: "haiku", role: "answer", paramsHash: hashParams(params) },
      };
    });
    const batch = await client.messages.batches.create({
      requests: entries.map((entry) => ({ custom_id: entry.customId, params: entry.params })),
    });
    await mkdir(outDir, { recursive: true });
    await writeFile(
      join(outDir, "batches.jsonl"),
      `${JSON.stringify({ batchId: batch.id, requests: Object.fromEntries(entries.map((entry) => [entry.customId, entry.identity])) })}\n`,
    );
    const result = await runEval({
      client,
      requests,
      candidates: TIERS.slice(0, 1),
      outDir,
      batch: true,
      pollIntervalMs: 10,
    });
    expect(result.run).toMatchObject({ reusedAnswers: 10, batches: 0, graded: 10 });
    expect(result.cost.calls).toBe(10);
    expect((await paidCalls(outDir)).every((call) => call.batchId === batch.id)).toBe(true);
  });

  it("a judge grader costs its own calls and agrees with the oracle", async () => {
    const lines = Array.from({ length: 30 }, (_, index) => ({
      id: `draft-${index}`,
      taskType: "drafting",
      request: {
        max_tokens: 600,
        messages: [
          {
            role: "user",
            content: `[[emulator task=writing difficulty=0.${30 + index}]] Draft a reply to ticket ${index}.`,
          },
        ],
      },
    }));
    const { requests } = parseRequestLines({ text: jsonl(lines) });
    const graders = parseGradersFile({
      source: {
        tasks: { drafting: { grader: { type: "judge", rubric: "Polite, accurate, answers the question." } } },
      },
    });
    const outDir = await temporary();
    const result = await runEval({
      client,
      requests,
      candidates: TIERS.slice(0, 2),
      outDir,
      graders,
      emulatorHints: true,
    });
    expect(result.errors).toEqual([]);
    const calls = await paidCalls(outDir);
    const judges = calls.filter((call) => call.role === "judge");
    expect(judges).toHaveLength(60);
    expect(judges.every((call) => call.message.model === "claude-sonnet-5-5")).toBe(true); // the strongest candidate
    const byId = new Map(result.outcomes.map((line) => [line.id, line]));
    let agree = 0;
    for (const call of calls.filter((entry) => entry.role === "answer")) {
      const outcome = byId.get(call.id)!.models[call.key]!;
      expect(outcome.judgeCostUsd).toBeGreaterThan(0);
      if (outcome.pass === emulator.verdict(call.message.id)!.correct) agree++;
    }
    // Sonnet judges as a classifier at the drafts' difficulty (0.30–0.59): right nearly always.
    expect(agree).toBeGreaterThanOrEqual(57);
    expect(result.summary.evalCost?.judgeCalls).toBe(60);
    expect(result.cost.pico).toBe(calls.reduce((sum, call) => sum + BigInt(call.costPico!), 0n));
  });

  it("counts a bad line, an API error and a throwing grader as errors, and finishes the rest", async () => {
    const folder = await temporary();
    await writeFile(
      join(folder, "throws.mjs"),
      "export function grade() { throw new Error('grader bug'); }\n",
    );
    const good = closedRequests({ ...TASKS[0]!, count: 4, labels: ["a", "b"] });
    const text = [
      JSON.stringify(good[0]),
      '{"id": "broken", "taskType": "classification", "request": {',
      JSON.stringify({ ...good[1], request: { ...(good[1]!.request as object), max_tokens: 500_000 } }),
      JSON.stringify({ ...good[2], grader: { type: "module", path: join(folder, "throws.mjs") } }),
      JSON.stringify(good[3]),
    ].join("\n");
    const read = parseRequestLines({ text });
    expect(read.bad).toEqual([{ line: 2, reason: expect.stringMatching(/not valid JSON/) }]);
    const outDir = await temporary();
    const result = await runEval({
      client,
      requests: read.requests,
      candidates: TIERS.slice(0, 1),
      outDir,
      emulatorHints: true,
    });
    expect(result.errors).toEqual([
      {
        id: "classification-1",
        key: "haiku",
        line: 3,
        error: expect.stringMatching(/^api 400 invalid_request_error: max_tokens/),
      },
      { id: "classification-2", key: "haiku", line: 4, error: "grader: grader bug" },
    ]);
    const haiku = result.summary.tasks[0]!.models[0]!;
    expect(haiku).toMatchObject({ n: 2, errors: 2 });
    // The grader error's answer was paid for and kept: a re-run grades it again without paying.
    const again = await runEval({
      client,
      requests: read.requests,
      candidates: TIERS.slice(0, 1),
      outDir,
      emulatorHints: true,
    });
    expect(again.run).toMatchObject({ alreadyDone: 2, reusedAnswers: 1 });
    expect(again.cost.calls).toBe(result.cost.calls);
  });

  it("resumes a run killed mid-way by a signal and ends with what an uninterrupted run writes", async () => {
    const lines = TASKS.flatMap((task, index) =>
      closedRequests({ ...task, count: 60, labels: ["billing", "technical", "account"], seed: 20 + index }),
    );
    const folder = await temporary();
    const requestsPath = join(folder, "requests.jsonl");
    await writeFile(requestsPath, jsonl(lines));
    const killedDir = join(folder, "killed");
    const child = spawn(
      process.execPath,
      [
        "--import",
        fileURLToPath(new URL("../../../../scripts/ts-source-hooks.mjs", import.meta.url)),
        fileURLToPath(new URL("../test-support/eval-child.ts", import.meta.url)),
        requestsPath,
        killedDir,
        "3",
      ],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += String(chunk);
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    // Kill once a good part, but not all, of the 360 outcomes is on disk.
    for (;;) {
      const size = await stat(join(killedDir, "outcomes.jsonl"))
        .then((info) => info.size)
        .catch(() => 0);
      if (size > 0) {
        const written = (await readFile(join(killedDir, "outcomes.jsonl"), "utf8")).split("\n").length - 1;
        if (written >= 100) break;
      }
      if (child.exitCode !== null) throw new Error(`the child ended before it was killed: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    child.kill("SIGKILL");
    await exited;
    const partial = parseOutcomes({ text: await readFile(join(killedDir, "outcomes.jsonl"), "utf8") });
    const gradedBeforeKill = partial.outcomes.reduce((sum, line) => sum + Object.keys(line.models).length, 0);
    expect(gradedBeforeKill).toBeGreaterThanOrEqual(100);
    expect(gradedBeforeKill).toBeLessThan(360);

    const { requests } = parseRequestLines({ text: jsonl(lines) });
    const fresh = await startEvalEmulator(3);
    const other = await startEvalEmulator(3);
    try {
      const resumed = await runEval({
        client: fresh.client,
        requests,
        candidates: TIERS,
        outDir: killedDir,
        emulatorHints: true,
      });
      expect(resumed.run.alreadyDone).toBe(gradedBeforeKill);
      expect(resumed.run.graded).toBe(360 - gradedBeforeKill);
      const straightDir = join(folder, "straight");
      const straight = await runEval({
        client: other.client,
        requests,
        candidates: TIERS,
        outDir: straightDir,
        emulatorHints: true,
      });
      const withoutLatency = (text: string) => text.replace(/,"latencyMs":[\d.]+/g, "");
      expect(withoutLatency(await readFile(join(killedDir, "outcomes.jsonl"), "utf8"))).toBe(
        withoutLatency(await readFile(join(straightDir, "outcomes.jsonl"), "utf8")),
      );
      const { evalCost: resumedCost, ...resumedSummary } = resumed.summary;
      const { evalCost: straightCost, ...straightSummary } = straight.summary;
      expect(resumedSummary).toEqual(straightSummary);
      // Nothing graded was paid twice: the resumed total is at most the in-flight calls above the straight one.
      expect(resumedCost!.calls).toBeGreaterThanOrEqual(straightCost!.calls);
      expect(resumedCost!.calls - straightCost!.calls).toBeLessThanOrEqual(2);
    } finally {
      await fresh.emulator.close();
      await other.emulator.close();
    }
  });
});
