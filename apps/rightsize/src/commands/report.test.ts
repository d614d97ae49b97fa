import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import type { ReportFigures } from "@rightsize/baseline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pdfFonts, pdfPageCount, pdfText, renderPages } from "../report/test-support/poppler.js";
import { runCliCaptured } from "../test-support/run-cli-captured.js";

const directory = mkdtempSync(join(tmpdir(), "rightsize-report-command-"));
const DAYS = 28;

/**
 * Golden dataset, 2026-07-01..07-28, every day the same:
 *   60 x summarize on claude-sonnet-4-6: 2,000 in + 400 out = 2000 x $3/MTok + 400 x $15/MTok = $0.012
 *   40 x classify on claude-opus-4-7:    1,000 in +  40 out = 1000 x $5/MTok +  40 x $25/MTok = $0.006
 * => $0.96 a day, $26.88 over the 28 observed days; quarterly = $0.96 x 92 (2026-Q3's own days)
 *    = $88.32, monthly = a third of it = $29.44. Days 1-14 come as JSONL (with 3 garbage lines),
 *    days 15-28 as gzipped CSV: two formats, detected.
 */
function writeDataset(): string[] {
  const jsonl: string[] = [];
  const csv = ["timestamp,model,input_tokens,output_tokens,task_type"];
  for (let day = 1; day <= DAYS; day += 1) {
    const date = `2026-07-${String(day).padStart(2, "0")}`;
    for (let index = 0; index < 100; index += 1) {
      const summarize = index < 60;
      const timestamp = `${date}T${String(8 + (index % 10)).padStart(2, "0")}:${String(index % 60).padStart(2, "0")}:00Z`;
      const model = summarize ? "claude-sonnet-4-6" : "claude-opus-4-7";
      const [input, output] = summarize ? [2000, 400] : [1000, 40];
      const taskType = summarize ? "summarize" : "classify";
      if (day <= 14) {
        jsonl.push(
          JSON.stringify({
            timestamp,
            model,
            usage: { input_tokens: input, output_tokens: output },
            task_type: taskType,
          }),
        );
      } else {
        csv.push(`${timestamp},${model},${input},${output},${taskType}`);
      }
    }
  }
  jsonl.splice(10, 0, "{not json", '{"timestamp": "2026-07-01T00:00:00Z", "model": 42}', "garbage");
  const first = join(directory, "requests-first-half.jsonl");
  const second = join(directory, "requests-second-half.csv.gz");
  writeFileSync(first, `${jsonl.join("\n")}\n`);
  writeFileSync(second, gzipSync(`${csv.join("\n")}\n`));
  return [first, second];
}

const run = (argv: string[]) => runCliCaptured(["report", ...argv]);

let inputs: string[] = [];
let figures: ReportFigures;
let stderrOfRun = "";
const pdf = join(directory, "q3.pdf");
const focus = join(directory, "q3-focus.csv");

beforeAll(async () => {
  inputs = writeDataset();
  const result = await run([
    "--input",
    ...inputs,
    "--period",
    "2026-Q3",
    "--out",
    pdf,
    "--focus",
    focus,
    "--json",
  ]);
  stderrOfRun = result.stderr;
  expect(result.code, result.stderr).toBe(0);
  figures = JSON.parse(result.stdout) as ReportFigures;
}, 60_000);

afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe("rightsize report (golden figures)", () => {
  it("computes the hand-checked current run-rate and counts the bad lines", () => {
    expect(figures.period).toMatchObject({ label: "2026-Q3", observedDays: DAYS });
    expect(figures.inputs.requests).toBe(DAYS * 100);
    expect(figures.inputs.bad).toBe(3);
    expect(figures.inputs.formats).toEqual(expect.arrayContaining(["request-log-jsonl", "request-log-csv"]));
    expect(figures.runRates.current.observed.usd).toBe("$26.88");
    expect(figures.runRates.current.monthly.usd).toBe("$29.44");
    expect(figures.runRates.current.quarterly.usd).toBe("$88.32");
    expect(figures.baseline).toMatchObject({ model: "claude-opus-4-7", chosen: "most-expensive-seen" });
  });

  it("has a waterfall that sums exactly and savings that equal current minus optimized", () => {
    const steps = figures.waterfall.steps;
    const first = steps[0];
    const last = steps.at(-1);
    const deltas = steps
      .filter((step) => step.kind === "delta")
      .reduce((sum, step) => sum + BigInt(step.amount.pico), 0n);
    expect(BigInt(first?.amount.pico ?? "0") + deltas).toBe(BigInt(last?.amount.pico ?? "-1"));
    const { current, optimized, savings } = figures.runRates;
    expect(BigInt(savings.observed.pico)).toBe(
      BigInt(current.observed.pico) - BigInt(optimized.observed.pico),
    );
  });

  it("writes a PDF whose text carries the same figures as the JSON", () => {
    const text = pdfText(pdf).replace(/\s+/g, " ");
    const { runRates, commitment, waterfall, tasks } = figures;
    const expected = [
      runRates.current.monthly.usd,
      runRates.current.quarterly.usd,
      runRates.optimized.monthly.usd,
      runRates.optimized.quarterly.usd,
      runRates.savings.monthly.usd,
      commitment.range.low.usd,
      commitment.range.high.usd,
      commitment.expectedAnnual.usd,
      ...waterfall.steps.map((step) => step.amount.usd),
      ...commitment.levels.flatMap((level) => [
        level.annual.usd,
        level.quarterly.usd,
        level.expectedForfeit.usd,
      ]),
      ...tasks.flatMap((task) => [
        task.taskType,
        task.currentCost.usd,
        task.optimizedCost.usd,
        task.savings.usd,
      ]),
      ...figures.forecast.quarters.map((quarter) => quarter.optimized.point.usd),
      figures.priceBook.version,
      `${figures.policy.name}`,
      "2,800 requests",
    ];
    for (const value of expected) expect(text, value).toContain(value);
  });

  it("embeds every font and renders every page", () => {
    for (const font of pdfFonts(pdf)) expect(font.embedded, font.name).toBe(true);
    const pages = pdfPageCount(pdf);
    const rendered = renderPages(pdf, join(directory, "page"));
    expect(rendered.stderr).toBe("");
    expect(rendered.status).toBe(0);
    expect(pages).toBeGreaterThan(5);
  });

  it("writes the FOCUS CSV and says where everything went (on stderr under --json)", () => {
    const csv = readFileSync(focus, "utf8").split("\n");
    expect(csv[0]).toContain("BilledCost");
    expect(csv.length).toBeGreaterThan(2);
    expect(stderrOfRun).toContain(`Wrote PDF: ${pdf}`);
    expect(stderrOfRun).toContain(`Wrote FOCUS CSV: ${focus}`);
    expect(stderrOfRun).toMatch(/records\/s, [\d.]+ MB\/s/);
  });

  it("prints a summary table instead of JSON without --json", async () => {
    const summary = await run([
      "--input",
      ...inputs,
      "--period",
      "2026-Q3",
      "--out",
      join(directory, "plain.pdf"),
    ]);
    expect(summary.code).toBe(0);
    expect(summary.stdout).toMatch(/Current run-rate\s+\$29\.44\s+\$88\.32/);
    expect(summary.stdout).toContain(`Wrote PDF: ${join(directory, "plain.pdf")}`);
    expect(summary.stderr).toBe("");
  }, 60_000);

  it("prices commitment scenarios from a --discounts file and prices committing at today's run-rate", async () => {
    const discounts = join(directory, "discounts.json");
    writeFileSync(
      discounts,
      JSON.stringify({
        source: "quote Q3",
        overage: "discounted",
        tiers: [{ minCommitUsd: 100, discountPct: 10 }],
      }),
    );
    const result = await run([
      "--input",
      ...inputs,
      "--period",
      "2026-Q3",
      "--json",
      "--discounts",
      discounts,
    ]);
    expect(result.code, result.stderr).toBe(0);
    const { commitment } = JSON.parse(result.stdout) as ReportFigures;
    expect(commitment.discounts).toMatchObject({ source: "quote Q3", assumed: false, overage: "discounted" });
    expect(commitment.scenarios[0]).toMatchObject({
      commitUsd: "0",
      discountPct: 0,
      shortfallProbability: 0,
    });
    for (const scenario of commitment.scenarios) {
      expect(Object.keys(scenario)).toEqual(
        expect.arrayContaining([
          "commitUsd",
          "discountPct",
          "expectedNetUsd",
          "expectedForfeitUsd",
          "expectedOverageUsd",
          "shortfallProbability",
        ]),
      );
      // Net = commitment + overage, exactly.
      const pico = (usd: string) => BigInt(Math.round(Number(usd) * 1e6)) * 1_000_000n;
      expect(pico(scenario.expectedNetUsd)).toBe(
        pico(scenario.commitUsd) + pico(scenario.expectedOverageUsd),
      );
      expect(scenario.discountPct).toBe(Number(scenario.commitUsd) >= 100 ? 10 : 0);
    }
    expect(commitment.optimal.shortfallProbability).toBeLessThanOrEqual(0.1);
    // Today's run-rate, $0.96 a day over the next four quarters' 365 days = $350.40 a year, to 3 significant figures.
    expect(commitment.atCurrentRunRate).toMatchObject({ commitUsd: "350", runRateUsd: "350.4", days: 365 });
    const bad = join(directory, "bad-discounts.json");
    writeFileSync(bad, JSON.stringify({ tiers: [{ minCommitUsd: 100, discountPct: 150 }] }));
    const refused = await run(["--input", ...inputs, "--json", "--discounts", bad]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/discount schedule bad-discounts\.json: tiers\.0\.discountPct/);
  }, 60_000);

  it("says which facts a what-if policy tests that the input lacks, for how many requests", async () => {
    const policy = fileURLToPath(
      new URL("../../../../packages/policy/examples/escalate-on-complexity.yaml", import.meta.url),
    );
    const result = await run(["--input", ...inputs, "--period", "2026-Q3", "--json", "--policy", policy]);
    expect(result.code, result.stderr).toBe(0);
    const read = JSON.parse(result.stdout) as ReportFigures;
    // The golden dataset carries neither a complexity score nor stakes: all 2,800 requests lack both.
    expect(read.missingFacts.map((entry) => [entry.fact, entry.requests, entry.share])).toEqual([
      ["complexity", 2800, 1],
      ["stakes", 2800, 1],
    ]);
    expect(result.stderr).toContain(
      "What-if warning: the policy tests facts the input does not carry: complexity (absent for 2,800 requests, 100.0%)",
    );
    // The bundled policy starts hard prompts a tier up and batches async work: these logs carry
    // neither a complexity score nor a latency class, and the report says so.
    expect(figures.missingFacts.map((entry) => [entry.fact, entry.requests])).toEqual([
      ["complexity", 2800],
      ["latencyClass", 2800],
    ]);
    expect(stderrOfRun).toContain("latencyClass (absent for 2,800 requests, 100.0%)");
  }, 60_000);

  it("says in its summary line what it could not read and what it read twice", async () => {
    // The gzipped half followed by garbage, and the JSONL half given a second time.
    const damaged = join(directory, "damaged.csv.gz");
    writeFileSync(damaged, Buffer.concat([readFileSync(inputs[1] ?? ""), Buffer.from("not gzip")]));
    const result = await run([
      "--input",
      inputs[0] ?? "",
      damaged,
      inputs[0] ?? "",
      "--period",
      "2026-Q3",
      "--json",
    ]);
    expect(result.code, result.stderr).toBe(0);
    const read = JSON.parse(result.stdout) as ReportFigures;
    // Nothing lost: the same golden totals as the clean inputs.
    expect(read.runRates.current.monthly.usd).toBe("$29.44");
    expect(read.inputs.duplicates.repeatedFiles).toEqual([inputs[0]]);
    expect(result.stderr).toMatch(
      /\(3 bad, 1 read error, 0 duplicates dropped, 1 repeated file\(s\) read once\)/,
    );
    expect(result.stderr).toContain(
      `Read error in ${damaged}: trailing garbage after the gzip data (8 bytes) ignored (1,400 records before it kept)`,
    );
  }, 60_000);
});

describe("rightsize report (bad invocations)", () => {
  it("exits 2 on a bad period, a missing input or a bad policy file, naming the problem", async () => {
    const period = await run(["--input", ...inputs, "--period", "2026-Q5", "--json"]);
    expect(period.code).toBe(2);
    expect(period.stderr).toMatch(/period/);
    const missing = await run(["--input", join(directory, "nope.jsonl"), "--json"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("nope.jsonl");
    const policyPath = join(directory, "bad-policy.yaml");
    writeFileSync(policyPath, "name: broken\nversion: [\n");
    const policy = await run(["--input", ...inputs, "--policy", policyPath, "--json"]);
    expect(policy.code).toBe(2);
    expect(policy.stderr).toContain("--policy");
    expect(existsSync(join(directory, "rightsize-report.pdf"))).toBe(false);
  });

  it("exits 1 with a clear message when no file holds a usable request", async () => {
    const garbage = join(directory, "garbage.jsonl");
    writeFileSync(garbage, "nothing\nto see\n");
    const result = await run(["--input", garbage, "--json"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no usable requests/);
    expect(result.stdout).toBe("");
  });
});
