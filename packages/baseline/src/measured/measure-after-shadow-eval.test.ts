import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildReport } from "../build-report.js";

type Value = string | number;
interface Span {
  name: string;
  at: string;
  attributes: Record<string, Value>;
  events?: string[];
}

/** One OTLP JSON line as the telemetry file exporter writes it (64-bit ints as decimal strings). */
function line(spans: Span[]): string {
  return JSON.stringify({
    resourceSpans: [
      {
        scopeSpans: [
          {
            spans: spans.map((span) => ({
              name: span.name,
              startTimeUnixNano: `${Date.parse(span.at)}000000`,
              attributes: Object.entries(span.attributes).map(([key, value]) => ({
                key,
                value: typeof value === "string" ? { stringValue: value } : { intValue: String(value) },
              })),
              events: (span.events ?? []).map((name) => ({
                name,
                timeUnixNano: `${Date.parse(span.at)}000000`,
              })),
            })),
          },
        ],
      },
    ],
  });
}

const attempt = (at: string, cost: number): Span => ({
  name: "chat claude-haiku-4-5",
  at,
  attributes: {
    "gen_ai.operation.name": "chat",
    "gen_ai.request.model": "claude-haiku-4-5",
    "gen_ai.usage.input_tokens": 1000,
    "gen_ai.usage.output_tokens": 200,
    "rightsize.tier": "haiku",
    "rightsize.task_type": "support",
    "rightsize.cost.pico_usd": cost,
  },
});
const verdict = (
  at: string,
  outcome: "pass" | "fail" | null,
  spend: { cost: number; events?: string[] },
): Span => ({
  name: "rightsize.shadow_eval",
  at,
  attributes: {
    "rightsize.task_type": "support",
    "rightsize.tier": "haiku",
    "rightsize.qa.shadow_tier": "sonnet",
    "rightsize.qa.cost_pico_usd": spend.cost,
    ...(outcome ? { "rightsize.quality.verdict": outcome } : {}),
  },
  events: spend.events ?? [],
});

describe("measured run with a continuous shadow eval", () => {
  it("adds its spend as the quality-assurance line (in the after run-rate) and its weekly pass rates", async () => {
    const directory = await mkdtemp(join(tmpdir(), "rightsize-qa-"));
    const before = join(directory, "before.otlp.jsonl");
    const after = join(directory, "after.otlp.jsonl");
    await writeFile(
      before,
      `${line([{ ...attempt("2026-07-01T09:00:00Z", 10e9), name: "chat claude-opus-4-7" }])}\n`,
    );
    // Week 27 (Wed 1 July): 2 attempts of 2e9, 3 verdicts (2 pass) at 3e8 each.
    // Week 28 (Mon 6 July): 1 attempt, 2 verdicts (0 pass), the second raising the alert; one eval failed (no verdict, 1e8 paid).
    const lines = [
      line([attempt("2026-07-01T10:00:00Z", 2e9), verdict("2026-07-01T10:00:01Z", "pass", { cost: 3e8 })]),
      line([attempt("2026-07-01T11:00:00Z", 2e9), verdict("2026-07-01T11:00:01Z", "pass", { cost: 3e8 })]),
      line([verdict("2026-07-01T12:00:00Z", "fail", { cost: 3e8 })]),
      line([attempt("2026-07-06T10:00:00Z", 2e9), verdict("2026-07-06T10:00:01Z", "fail", { cost: 3e8 })]),
      line([
        verdict("2026-07-06T11:00:00Z", "fail", { cost: 3e8, events: ["rightsize.quality.regression"] }),
      ]),
      line([verdict("2026-07-06T12:00:00Z", null, { cost: 1e8 })]),
    ];
    await writeFile(after, `${lines.join("\n")}\n`);
    const figures = await buildReport({
      inputs: [before],
      measured: [after],
      period: "2026-Q3",
      now: new Date("2026-10-02T00:00:00Z"),
    });
    const measured = figures.measured;
    const qa = measured?.qualityAssurance;
    expect(qa).toMatchObject({
      cost: { pico: "1600000000" }, // 5 x 3e8 + 1e8
      verdicts: 5,
      passes: 2,
      passRate: 0.4,
      regressions: 1,
    });
    expect(qa?.byTaskWeek).toEqual([
      {
        week: "2026-W27",
        weekStart: "2026-06-29",
        taskType: "support",
        tier: "haiku",
        verdicts: 3,
        passRate: 2 / 3,
      },
      {
        week: "2026-W28",
        weekStart: "2026-07-06",
        taskType: "support",
        tier: "haiku",
        verdicts: 2,
        passRate: 0,
      },
    ]);
    // The after run paid its attempts (6e9) and its quality assurance (1.6e9).
    expect(measured?.runRate.observed.pico).toBe("7600000000");
    expect(measured?.weekly.map((week) => week.after.pico)).toEqual(["4900000000", "2700000000"]);
  });
});
