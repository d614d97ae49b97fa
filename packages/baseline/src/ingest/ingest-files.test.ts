import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import type { QualityVerdict, UsageRecord } from "../usage-record.js";
import { ingestFiles } from "./ingest-files.js";

const fixture = (name: string) => fileURLToPath(new URL(`../__fixtures__/${name}`, import.meta.url));

async function ingest(paths: string[]) {
  const records: UsageRecord[] = [];
  const verdicts: QualityVerdict[] = [];
  const result = await ingestFiles({
    paths,
    sink: { record: (record) => records.push({ ...record }), verdict: (verdict) => verdicts.push(verdict) },
  });
  return { ...result, records, verdicts };
}

describe("ingestFiles", () => {
  it("reads OTLP attempt spans, skips parent spans and turns feedback spans into verdicts", async () => {
    const { records, verdicts, files } = await ingest([fixture("spans.otlp.jsonl")]);
    expect(files[0]).toMatchObject({ format: "otlp-json", lines: 4, records: 5, bad: 0, skipped: 1 });
    expect(records).toHaveLength(4);
    const [escalatedAway, final, opus, batch] = records;
    expect(escalatedAway).toMatchObject({
      model: "claude-haiku-5-5",
      escalatedAway: true,
      uncachedInput: 1200,
    });
    expect(final).toMatchObject({
      model: "claude-sonnet-5-5",
      escalated: true,
      verdict: "pass",
      tier: "sonnet",
    });
    expect(opus).toMatchObject({
      uncachedInput: 3000,
      cacheRead: 2000,
      output: 800,
      taskType: "code-generation",
    });
    expect(batch).toMatchObject({ serviceTier: "batch", cacheWrite5m: 2048, uncachedInput: 2500 });
    expect(new Date(opus?.timeMs ?? 0).toISOString()).toBe("2026-07-01T10:00:00.123Z");
    expect(verdicts).toEqual([expect.objectContaining({ taskType: "classification", verdict: "fail" })]);
  });

  it("counts every corrupt line by reason with a sample, and keeps the good ones", async () => {
    const { records, files, quality } = await ingest([fixture("spans-corrupt.otlp.jsonl")]);
    expect(records).toHaveLength(2);
    const file = files[0];
    expect(file).toMatchObject({ records: 2, bad: 6, readError: null });
    const reasons = Object.fromEntries(quality.badByReason);
    expect(reasons).toEqual({
      "invalid JSON": 2,
      "not an OTLP traces object (no resourceSpans)": 1,
      "wrong type or negative value: gen_ai.usage.input_tokens": 1,
      "missing usage (gen_ai.usage.input_tokens / output_tokens)": 1,
      "span without a valid startTimeUnixNano": 1,
    });
    expect(quality.samples[0]).toMatchObject({
      line: 2,
      reason: "invalid JSON",
      excerpt: "this is not json",
    });
  });

  it("recovers the records before a truncation in a gzip file and reports the read error", async () => {
    const directory = await mkdtemp(join(tmpdir(), "baseline-ingest-"));
    const text = await readFile(fixture("spans.otlp.jsonl"));
    const whole = join(directory, "spans.jsonl.gz");
    const truncated = join(directory, "truncated.jsonl.gz");
    const gz = gzipSync(Buffer.concat([text, text, text, text, text, text, text, text]), { level: 1 });
    await writeFile(whole, gz);
    await writeFile(truncated, gz.subarray(0, Math.floor(gz.length * 0.6)));
    const full = await ingest([whole]);
    expect(full.files[0]).toMatchObject({ gzip: true, records: 40, readError: null });
    const cut = await ingest([truncated]);
    const summary = cut.files[0];
    expect(summary?.readError).toMatch(/unexpected end of file/);
    expect(summary?.records).toBeGreaterThan(0);
    expect(summary?.records).toBeLessThan(40);
    expect(cut.quality.readErrors[0]?.recordsRecovered).toBe(summary?.records);
  });

  it("reads a CSV request log with quoted cells and counts short or negative rows", async () => {
    const { records, files, quality } = await ingest([fixture("requests.csv")]);
    expect(files[0]).toMatchObject({ format: "request-log-csv", records: 3, bad: 2, skipped: 1 });
    expect(records[2]).toMatchObject({ taskType: "analysis, deep", serviceTier: "batch", maxTokens: 4096 });
    expect(records[1]).toMatchObject({ cacheRead: 1000, uncachedInput: 2000 });
    expect([...quality.badByReason.keys()].sort()).toEqual([
      "CSV row with the wrong number of columns",
      "missing or invalid field: input",
    ]);
  });

  it("reads a JSONL request log with nested usage, metadata and epoch seconds", async () => {
    const { records, files } = await ingest([fixture("requests.jsonl")]);
    expect(files[0]).toMatchObject({ format: "request-log-jsonl", records: 2, bad: 3 });
    expect(records[0]).toMatchObject({ taskType: "summarization", model: "claude-sonnet-4-6" });
    expect(records[1]).toMatchObject({ cacheWrite1h: 1000, cacheWrite5m: 0, serviceTier: "batch" });
    expect(records[1]?.timeMs).toBe(1_782_900_000_000);
  });

  it("reads Admin usage and cost report pages, counting malformed rows", async () => {
    const { usageRows, costRows, files } = await ingest([
      fixture("usage-report.json"),
      fixture("cost-report.json"),
    ]);
    expect(files.map((file) => [file.format, file.records, file.bad])).toEqual([
      ["usage-report", 3, 1],
      ["cost-report", 3, 1],
    ]);
    expect(usageRows[2]).toMatchObject({ date: "2026-07-02", serviceTier: "batch", cacheWrite5m: 2048 });
    // "1.25" cents = 1.25e10 pico-dollars.
    expect(costRows[0]?.amountPico).toBe(12_500_000_000n);
  });

  it("fails clearly for a path that cannot be read", async () => {
    await expect(ingest(["/nonexistent/spans.jsonl"])).rejects.toThrow(/cannot read input \/nonexistent/);
  });
});
