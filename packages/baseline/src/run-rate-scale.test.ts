import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildReport } from "./build-report.js";
import { runRate } from "./figures/money.js";
import { addDays, parsePeriod, runRateScale } from "./period.js";

const scaleOf = (text: string) => runRateScale(parsePeriod(text)).quarterDays;

describe("run-rate scale (the lengths a run-rate scales to)", () => {
  it("is a calendar quarter's own days, a month's own days, a year's quarter, or 365/4 days", () => {
    expect(scaleOf("2026-Q3")).toEqual({ numerator: 92n, denominator: 1n });
    expect(scaleOf("2027-Q1")).toEqual({ numerator: 90n, denominator: 1n });
    expect(scaleOf("2026-07-01..2026-09-30")).toEqual({ numerator: 92n, denominator: 1n });
    expect(scaleOf("2026-02")).toEqual({ numerator: 84n, denominator: 1n });
    expect(scaleOf("2028")).toEqual({ numerator: 366n, denominator: 4n });
    expect(scaleOf("2026-07-01..2026-08-15")).toEqual({ numerator: 365n, denominator: 4n });
  });

  it("gives a fully observed period's own run-rate as its actual spend, and three months make the quarter", () => {
    const observed = 12_834_567_891_234n;
    const quarter = runRate(observed, 92, runRateScale(parsePeriod("2026-Q3")));
    expect(quarter.quarterly.pico).toBe(String(observed));
    // $12.834567891234 / 3 = $4.278189297078 (rounded to the pico-dollar).
    expect(quarter.monthly.pico).toBe("4278189297078");
    const february = runRate(observed, 28, runRateScale(parsePeriod("2026-02")));
    expect(february.monthly.pico).toBe(String(observed));
    expect(february.quarterly.pico).toBe(String(observed * 3n));
  });
});

describe("a report on a whole calendar quarter", () => {
  it("states a quarterly run-rate equal to that quarter's actual spend, to the cent", async () => {
    // One request a day through 2026-Q3 on Sonnet 4.6 ($3/MTok input), day d with 1,000 × d input
    // tokens: 1,000 × (1 + … + 92) = 4,278,000 tokens = $12.834 over the 92 days. An average
    // quarter of 365/4 days would state $12.834 × 91.25 / 92 = $12.73, below the quarter itself.
    const lines: string[] = [];
    for (let day = 1; day <= 92; day++) {
      lines.push(
        JSON.stringify({
          timestamp: `${addDays("2026-07-01", day - 1)}T09:00:00Z`,
          model: "claude-sonnet-4-6",
          usage: { input_tokens: 1000 * day, output_tokens: 0 },
          task_type: "classification",
        }),
      );
    }
    const directory = await mkdtemp(join(tmpdir(), "baseline-quarter-"));
    const input = join(directory, "quarter.jsonl");
    await writeFile(input, `${lines.join("\n")}\n`);
    const figures = await buildReport({
      inputs: [input],
      period: "2026-Q3",
      now: new Date("2026-10-01T00:00:00Z"),
    });
    const current = figures.runRates.current;
    expect(current.observed.usd).toBe("$12.83");
    expect(current.quarterly.pico).toBe(current.observed.pico);
    expect(current.quarterly.usd).toBe("$12.83");
    expect(current.monthly.usd).toBe("$4.28");
    expect(figures.runRates.scale.quarterDays).toBe(92);
    expect(figures.assumptions[0]).toBe(
      "Run-rates scale the 92 observed day(s) to a quarter of 92 days (2026-Q3's own) and a month of a third of it (30.67 days).",
    );
    // Today's run-rate a year: $12.834 / 92 a day over the next four quarters' 92 + 90 + 91 + 92 = 365 days = $50.9175.
    expect(figures.commitment.atCurrentRunRate.days).toBe(365);
    expect(figures.commitment.atCurrentRunRate.runRateUsd).toBe("50.9175");
  });
});
