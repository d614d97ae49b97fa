import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildReport } from "./build-report.js";
import type { ReportFigures } from "./report-figures.js";

const fixture = (name: string) => fileURLToPath(new URL(`./__fixtures__/${name}`, import.meta.url));
const now = new Date("2026-10-01T00:00:00Z");

/** Request-log lines over a week with varied models, tasks and cache use. */
function requestLines(count: number): string[] {
  const models = ["claude-sonnet-4-6", "claude-opus-4-7", "claude-haiku-5-5"];
  const tasks = ["classification", "summarization", "code-generation", "analysis"];
  return Array.from({ length: count }, (_, index) =>
    JSON.stringify({
      timestamp: new Date(Date.parse("2026-07-01T00:00:00Z") + index * 3_600_000 * 5).toISOString(),
      model: models[index % 3],
      task_type: tasks[index % 4],
      usage: {
        input_tokens: 500 + ((index * 7919) % 9000),
        output_tokens: 50 + ((index * 104_729) % 3000),
        cache_read_input_tokens: index % 5 === 0 ? 4096 : 0,
      },
      max_tokens: 4096,
    }),
  );
}

/** The figures that must not depend on how the input was split into files. */
function comparable(figures: ReportFigures) {
  const { inputs, dataQuality, generatedAt, ...rest } = figures;
  return { ...rest, requests: inputs.requests, records: inputs.records, cohorts: inputs.cohorts };
}

describe("buildReport inputs", () => {
  it("gives the same figures however the input is split into files (plain and gzip)", async () => {
    const directory = await mkdtemp(join(tmpdir(), "baseline-split-"));
    const lines = requestLines(120);
    const whole = join(directory, "all.jsonl");
    await writeFile(whole, `${lines.join("\n")}\n`);
    const reference = comparable(await buildReport({ inputs: [whole], period: "2026-Q3", now }));
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 1, max: 119 }), { maxLength: 4 }), async (cuts) => {
        const bounds = [0, ...[...cuts].sort((left, right) => left - right), lines.length];
        const paths: string[] = [];
        for (let part = 0; part + 1 < bounds.length; part++) {
          const text = `${lines.slice(bounds[part], bounds[part + 1]).join("\n")}\n`;
          const path = join(directory, `part-${cuts.join("-")}-${part}.jsonl${part % 2 ? ".gz" : ""}`);
          await writeFile(path, part % 2 ? gzipSync(text) : text);
          paths.push(path);
        }
        expect(comparable(await buildReport({ inputs: paths.reverse(), period: "2026-Q3", now }))).toEqual(
          reference,
        );
      }),
      { numRuns: 3 },
    );
  });

  it("reports corrupt files in data quality and still computes the figures", async () => {
    const directory = await mkdtemp(join(tmpdir(), "baseline-corrupt-"));
    const spans = await readFile(fixture("spans.otlp.jsonl"));
    const truncated = join(directory, "truncated.jsonl.gz");
    const gz = gzipSync(Buffer.concat(Array.from({ length: 20 }, () => spans)), { level: 1 });
    await writeFile(truncated, gz.subarray(0, Math.floor(gz.length / 2)));
    const garbage = join(directory, "garbage.bin");
    await writeFile(garbage, "\u0000\u0001 not a format at all\nsecond line\n");
    const figures = await buildReport({
      inputs: [
        fixture("spans-corrupt.otlp.jsonl"),
        fixture("requests.csv"),
        truncated,
        garbage,
        fixture("usage-report.json"),
      ],
      period: "2026-Q3",
      now,
    });
    const { dataQuality, inputs } = figures;
    expect(dataQuality.readErrors).toEqual([
      expect.objectContaining({ file: truncated, message: expect.stringMatching(/unexpected end of file/) }),
    ]);
    expect(dataQuality.badByReason).toContainEqual({ reason: "unrecognized input format", count: 2 });
    expect(dataQuality.badByReason).toContainEqual({ reason: "invalid JSON", count: 2 });
    // Every line is accounted for: a line-format file's lines are records, bad, skipped or blank
    // (so never fewer than the first three); an OTLP line carries many spans. Blank is never
    // negative (it was the remainder of a subtraction that OTLP files drove below zero).
    const { accounting } = dataQuality;
    expect(accounting.blank).toBeGreaterThanOrEqual(0);
    for (const file of inputs.files.filter((entry) => entry.format !== "otlp-json"))
      expect(file.lines, file.path).toBeGreaterThanOrEqual(file.records + file.bad + file.skipped);
    expect(inputs.bad).toBe(accounting.bad);
    expect(BigInt(figures.runRates.current.observed.pico)).toBeGreaterThan(0n);
  });

  it("fails with a clear error when nothing usable remains", async () => {
    await expect(buildReport({ inputs: [fixture("cost-report.json")], now })).rejects.toThrow(
      /no usable requests in 1 input file\(s\).*cost-report, 3 records, 1 bad/,
    );
    await expect(buildReport({ inputs: [fixture("requests.csv")], period: "2025-Q1" })).rejects.toThrow(
      /within 2025-Q1/,
    );
    await expect(buildReport({ inputs: [fixture("requests.csv")], period: "Q9" })).rejects.toThrow(
      /period: cannot read "Q9"/,
    );
    await expect(
      buildReport({ inputs: [fixture("requests.csv")], baselineModel: "claude-opsu-4-7" }),
    ).rejects.toThrow(/baselineModel: .*claude-opus/);
  });

  it("reconciles derived cost with the Admin cost report per model and day", async () => {
    const figures = await buildReport({
      inputs: [fixture("spans.otlp.jsonl"), fixture("cost-report.json")],
      period: "2026-Q3",
      now,
    });
    const [costReport] = figures.reconciliation;
    expect(costReport?.source).toBe("cost-report");
    const opusDay1 = costReport?.rows.find(
      (row) => row.date === "2026-07-01" && row.model === "claude-opus-5-5",
    );
    // The cost report bills $0.0289 (1.25 + 1.6 + 0.04 cents) for Opus 5.5 on July 1.
    expect(opusDay1?.reported.pico).toBe("28900000000");
    expect(BigInt(opusDay1?.difference.pico ?? "x")).toBe(
      BigInt(opusDay1?.derived.pico ?? "0") - 28_900_000_000n,
    );
  });
});
