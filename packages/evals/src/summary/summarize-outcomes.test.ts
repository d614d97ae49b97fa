import { describe, expect, it } from "vitest";
import { parseOutcomes } from "../outcomes/read-outcomes.js";
import { TIERS } from "../test-support/eval-fixture.js";
import { summarizeOutcomes } from "./summarize-outcomes.js";

/** `count` outcome lines of a task, `passes` of them passing on `key`. */
function lines(options: { taskType: string; key: string; n: number; passes: number; costUsd?: number }) {
  return Array.from({ length: options.n }, (_, index) => ({
    id: `${options.taskType}-${index}`,
    taskType: options.taskType,
    models: {
      [options.key]: {
        score: index < options.passes ? 1 : 0,
        ...(options.costUsd === undefined ? {} : { costUsd: options.costUsd }),
      },
    },
  }));
}

function outcomes(...groups: ReturnType<typeof lines>[]) {
  const text = groups
    .flat()
    .map((line) => JSON.stringify(line))
    .join("\n");
  return parseOutcomes({ text }).outcomes;
}

describe("summarizeOutcomes", () => {
  it("recommends the cheapest tier whose Wilson lower bound clears the graders file's bar", () => {
    const summary = summarizeOutcomes({
      outcomes: outcomes(
        lines({ taskType: "classification", key: "haiku", n: 412, passes: 401, costUsd: 0.000125 }),
        lines({ taskType: "classification", key: "sonnet", n: 412, passes: 405, costUsd: 0.000375 }),
        lines({ taskType: "classification", key: "opus", n: 412, passes: 410 }),
      ),
      bars: { classification: 0.95 },
      candidates: TIERS,
    });
    const task = summary.tasks[0]!;
    expect(task.bar).toBe(0.95);
    expect(task.barSource).toBe("graders");
    expect(task.models.map((model) => model.tier)).toEqual(["haiku", "sonnet", "opus"]);
    const haiku = task.models[0]!;
    expect(haiku).toMatchObject({
      model: "claude-haiku-5-5",
      n: 412,
      passes: 401,
      costPerRequestUsd: 0.000125,
    });
    expect(haiku.passRate).toBeCloseTo(0.9733, 4);
    expect(haiku.lower).toBeCloseTo(0.9528, 3);
    expect(task.recommended).toEqual({ tier: "haiku", model: "claude-haiku-5-5", cleared: true });
  });

  it("defaults the bar to the strongest tier's pass rate minus the tolerance; the strongest, uncleared, when none clears", () => {
    const summary = summarizeOutcomes({
      outcomes: outcomes(
        lines({ taskType: "analysis", key: "haiku", n: 200, passes: 100 }),
        lines({ taskType: "analysis", key: "sonnet", n: 200, passes: 170 }),
        lines({ taskType: "analysis", key: "opus", n: 200, passes: 180 }),
      ),
      qualityTolerance: 0.03,
      candidates: TIERS,
    });
    const task = summary.tasks[0]!;
    expect(task.bar).toBeCloseTo(0.87, 12); // 0.90 - 0.03
    expect(task.barSource).toBe("tolerance");
    // sonnet: 85% of 200, lower bound ≈ 79.4%; opus: 90%, lower ≈ 85.1%: both under 87%.
    expect(task.models[2]!.lower).toBeCloseTo(0.8506, 3);
    expect(task.recommended).toEqual({ tier: "opus", model: "claude-opus-5-5", cleared: false });
  });

  it("leaves errors out of n, counts them, and orders unlisted models by list price", () => {
    const text = [
      {
        id: "1",
        taskType: "qa",
        models: { "claude-opus-5-5": { score: 1 }, "claude-haiku-5-5": { score: 1 } },
      },
      {
        id: "2",
        taskType: "qa",
        models: { "claude-haiku-5-5": { score: 0, error: "api 529 overloaded_error" } },
      },
      { id: "2", taskType: "qa", models: { "claude-opus-5-5": { score: 0.4 } } },
    ]
      .map((line) => JSON.stringify(line))
      .join("\n");
    const summary = summarizeOutcomes({ outcomes: parseOutcomes({ text }).outcomes, bars: { qa: 0 } });
    const [haiku, opus] = summary.tasks[0]!.models;
    expect(haiku).toMatchObject({ model: "claude-haiku-5-5", n: 1, passes: 1, errors: 1 });
    expect(opus).toMatchObject({ model: "claude-opus-5-5", n: 2, passes: 1 }); // 0.4 < 0.5: a fail
    expect(haiku).not.toHaveProperty("tier");
    expect(summary.tasks[0]!.recommended).toEqual({ model: "claude-haiku-5-5", cleared: true });
  });
});

describe("parseOutcomes", () => {
  it("merges lines of one id, and reports bad lines by number without stopping", () => {
    const text = [
      '{"id":"a","taskType":"t","models":{"haiku":{"score":1}}}',
      '{"id":"a","taskType":"t","prompt":"p","models":{"opus":{"score":0.5}}}',
      '{"id":"b","taskType":"t","models":{"haiku":{"score":2}}}',
      "",
      '{"id":"c","taskType":"t","models":{"haiku":{"pass":true}}}',
      '{"id":"d","taskType":"t","models":{"haiku":{"score":1}',
    ].join("\n");
    const read = parseOutcomes({ text });
    expect(read.outcomes).toEqual([
      { id: "a", taskType: "t", prompt: "p", models: { haiku: { score: 1 }, opus: { score: 0.5 } } },
    ]);
    expect(read.lines).toBe(5);
    expect(read.bad.map((bad) => bad.line)).toEqual([3, 5, 6]);
    expect(read.bad[0]!.reason).toMatch(/models\.haiku\.score/);
    expect(read.bad[1]!.reason).toMatch(/models\.haiku\.score/);
    expect(read.bad[2]!.reason).toMatch(/not valid JSON/);
  });
});
