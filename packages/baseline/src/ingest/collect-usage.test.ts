import { link, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { findModel } from "@rightsize/pricing";
import { beforeAll, describe, expect, it } from "vitest";
import { buildReport } from "../build-report.js";
import { CohortAccumulator, utcDay } from "../cohort.js";
import { VerdictAccumulator } from "../verdict-accumulator.js";
import { collectUsage } from "./collect-usage.js";
import { ingestFiles } from "./ingest-files.js";

const fixture = (name: string) => fileURLToPath(new URL(`../__fixtures__/${name}`, import.meta.url));
const canonicalModel = (model: string) => findModel(model)?.id ?? model;
const PERIOD = { start: "2026-07-01", end: "2026-07-06" };
const MODELS = ["claude-haiku-5-5", "claude-sonnet-4-6", "claude-opus-4-7", "claude-haiku-4-5"];

/** Deterministic attempt and feedback spans over ten days, `perLine` spans per OTLP line. */
function syntheticSpans(options: { spans: number; perLine: number; from?: number }): string {
  const lines: string[] = [];
  for (let first = 0; first < options.spans; first += options.perLine) {
    const spans = [];
    for (let index = first; index < Math.min(options.spans, first + options.perLine); index++) {
      // Span ids unique over every call (`from` offsets them), so no two synthetic spans are one.
      const spanId = (0x5000_0000 + (options.from ?? 0) + index).toString(16).padStart(16, "0");
      const hash = Math.imul(index + 7, 2_654_435_761) >>> 0;
      const model = MODELS[hash % MODELS.length] ?? "";
      const startNs = BigInt(Date.UTC(2026, 6, 1) + Math.floor((index / options.spans) * 10 * 86_400_000));
      const attribute = (key: string, value: unknown) => ({ key, value });
      const feedback = hash % 17 === 0;
      spans.push({
        traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
        spanId,
        name: feedback ? "rightsize.feedback" : `chat ${model}`,
        startTimeUnixNano: `${startNs * 1_000_000n + BigInt(hash % 1000)}`,
        attributes: [
          attribute("gen_ai.response.model", { stringValue: model }),
          attribute("gen_ai.usage.input_tokens", { intValue: String(200 + (hash % 9000)) }),
          attribute("gen_ai.usage.output_tokens", { intValue: String(hash % 1500) }),
          attribute("gen_ai.usage.cache_read.input_tokens", { intValue: String(hash % 3 === 0 ? 128 : 0) }),
          attribute("rightsize.task_type", { stringValue: ["classify", "extract", "draft"][hash % 3] }),
          attribute("rightsize.tier", { stringValue: ["haiku", "sonnet"][hash % 2] }),
          attribute("rightsize.complexity", { doubleValue: (hash % 1000) / 1000 }),
          attribute("rightsize.quality.verdict", { stringValue: hash % 5 === 0 ? "fail" : "pass" }),
          attribute("gen_ai.request.max_tokens", { intValue: String(256 << (hash % 6)) }),
        ],
      });
    }
    lines.push(JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] }));
  }
  return `${lines.join("\n")}\n`;
}

/** The spans of a fixture under span ids of their own (`tag` prefixed), so copies are not duplicates. */
const renumbered = (text: string, tag: string) => text.replaceAll('"spanId":"', `"spanId":"${tag}`);

/** The report's ingest as it was before parallel ingest: one sequential pass into one sink. */
async function sequentialReference(paths: string[], period: { start: string; end: string } | undefined) {
  const cohorts = new CohortAccumulator();
  const verdicts = new VerdictAccumulator();
  const seen = new Set<string>();
  let duplicates = 0;
  let outsidePeriod = 0;
  let firstDay = "";
  let lastDay = "";
  // A record whose identity was read before counts once (an independent Set, not SeenKeys).
  const firstTime = (key: string | undefined) => {
    if (!key) return true;
    if (seen.has(key)) {
      duplicates++;
      return false;
    }
    seen.add(key);
    return true;
  };
  const ingest = await ingestFiles({
    paths,
    sink: {
      record(record) {
        if (!firstTime(record.key)) return;
        const day = utcDay(record.timeMs);
        if (period !== undefined && (day < period.start || day > period.end)) {
          outsidePeriod++;
          return;
        }
        if (firstDay === "" || day < firstDay) firstDay = day;
        if (day > lastDay) lastDay = day;
        record.model = canonicalModel(record.model);
        cohorts.add(record);
      },
      verdict: (verdict) => {
        if (firstTime(verdict.key)) verdicts.add(verdict);
      },
    },
  });
  return {
    ingest,
    usage: {
      cohorts: cohorts.list(),
      verdicts: verdicts.list(),
      outsidePeriod,
      firstDay,
      lastDay,
      duplicates,
      keys: new Uint32Array(0),
    },
  };
}

describe("collectUsage", () => {
  let paths: string[] = [];

  beforeAll(async () => {
    const directory = await mkdtemp(join(tmpdir(), "baseline-collect-"));
    const spans = await readFile(fixture("spans.otlp.jsonl"), "utf8");
    const corrupt = await readFile(fixture("spans-corrupt.otlp.jsonl"), "utf8");
    // Bad lines spread over the file (so over many chunks), CRLF and blank lines among good ones.
    const mixed = [
      syntheticSpans({ spans: 600, perLine: 7 }),
      renumbered(corrupt, "1"),
      "\r\n\n",
      renumbered(spans, "2").replaceAll("\n", "\r\n"),
      syntheticSpans({ spans: 500, perLine: 3, from: 600 }),
      renumbered(corrupt, "3"),
      renumbered(corrupt, "4"),
      `${renumbered(spans, "5").trimEnd()}`,
    ].join("");
    const requests = await readFile(fixture("requests.jsonl"), "utf8");
    const gzipped = gzipSync(Buffer.from(syntheticSpans({ spans: 300, perLine: 5, from: 2000 })));
    const other = gzipSync(Buffer.from(syntheticSpans({ spans: 300, perLine: 5, from: 4000 })));
    const files: Array<[string, string | Buffer]> = [
      ["mixed.otlp.jsonl", mixed],
      ["requests.jsonl", requests.repeat(40)],
      ["spans.jsonl.gz", gzipped],
      ["truncated.jsonl.gz", other.subarray(0, Math.floor(other.length * 0.5))],
      [
        "corrupt.otlp.jsonl",
        Array.from({ length: 12 }, (_, copy) => renumbered(corrupt, `c${copy}`)).join(""),
      ],
    ];
    paths = [];
    for (const [name, content] of files) {
      paths.push(join(directory, name));
      await writeFile(join(directory, name), content);
    }
    paths.push(fixture("requests.csv"), fixture("usage-report.json"), fixture("cost-report.json"));
  });

  it.each([
    ["within a period", PERIOD],
    ["without a period", undefined],
  ])("gives exactly the sequential ingest's figures on worker threads, %s", async (_label, period) => {
    const reference = await sequentialReference(paths, period);
    const common = { paths, canonicalModel, ...(period ? { period } : {}) };
    const here = await collectUsage({ ...common, workers: 0 });
    const parallel = await collectUsage({ ...common, workers: 2, chunkBytes: 3000 });
    expect(here.workers).toBe(0);
    expect(parallel.workers).toBe(2);
    for (const collected of [here, parallel]) {
      expect(collected.usage).toEqual(reference.usage);
      expect(collected.ingest.files).toEqual(reference.ingest.files);
      expect(collected.ingest.usageRows).toEqual(reference.ingest.usageRows);
      expect(collected.ingest.costRows).toEqual(reference.ingest.costRows);
      const { quality } = collected.ingest;
      expect([...quality.badByReason]).toEqual([...reference.ingest.quality.badByReason]);
      expect([...quality.skippedByReason]).toEqual([...reference.ingest.quality.skippedByReason]);
      expect(quality.samples).toEqual(reference.ingest.quality.samples);
      expect(quality.readErrors).toEqual(reference.ingest.quality.readErrors);
    }
    // The input is rich enough for the comparison to mean something.
    expect(reference.usage.cohorts.length).toBeGreaterThan(300);
    expect(reference.ingest.quality.samples.length).toBeGreaterThan(10);
    expect(reference.ingest.quality.samples.some((sample) => sample.line > 100)).toBe(true);
    expect(reference.ingest.quality.readErrors).toHaveLength(1);
    if (period) expect(reference.usage.outsidePeriod).toBeGreaterThan(0);
  });

  it("counts a span written twice once, even when the copies reach different workers", async () => {
    const directory = await mkdtemp(join(tmpdir(), "baseline-duplicates-"));
    const spans = syntheticSpans({ spans: 400, perLine: 4 });
    // An exporter retry: the first 40 lines again at the end of the file, far from the originals.
    const retried = `${spans}${spans.split("\n").slice(0, 40).join("\n")}\n`;
    const file = join(directory, "retried.otlp.jsonl");
    await writeFile(file, retried);
    const once = join(directory, "once.otlp.jsonl");
    await writeFile(once, spans);
    const common = { canonicalModel, period: PERIOD };
    const reference = await collectUsage({ ...common, paths: [once], workers: 0 });
    const here = await collectUsage({ ...common, paths: [file], workers: 0 });
    const parallel = await collectUsage({ ...common, paths: [file], workers: 2, chunkBytes: 3000 });
    // 40 lines of 4 spans; feedback spans (verdicts) are spans too and counted once as well.
    expect(here.usage.duplicates).toBe(160);
    for (const collected of [here, parallel]) {
      expect(collected.usage.cohorts).toEqual(reference.usage.cohorts);
      expect(collected.usage.verdicts).toEqual(reference.usage.verdicts);
      expect(collected.usage.duplicates).toBe(160);
    }
    // The copies were in different chunks: the read was redone on one thread to count them once.
    expect(parallel.workers).toBe(0);
    // A file given twice, by the same path and by a second name (a hard link), is read once.
    const alias = join(directory, "alias.otlp.jsonl");
    await link(once, alias);
    const twice = await collectUsage({ ...common, paths: [once, alias, once], workers: 0 });
    expect(twice.usage.cohorts).toEqual(reference.usage.cohorts);
    expect(twice.usage.duplicates).toBe(0);
    expect(twice.ingest.repeatedFiles).toEqual([alias, once]);
    expect(twice.ingest.files).toHaveLength(1);
  });

  it("reports progress up to every byte and record", async () => {
    const updates: { bytesRead: number; totalBytes: number; records: number }[] = [];
    const collected = await collectUsage({
      paths,
      canonicalModel,
      workers: 2,
      chunkBytes: 5000,
      onProgress: (progress) => updates.push(progress),
    });
    const last = updates.at(-1);
    const records = collected.ingest.files.reduce((sum, file) => sum + file.records, 0);
    const bytes = collected.ingest.files.reduce((sum, file) => sum + file.bytes, 0);
    expect(updates.length).toBeGreaterThan(10);
    expect(last).toEqual({ bytesRead: bytes, totalBytes: last?.totalBytes, records });
    // A truncated gzip file is read only up to where it breaks off.
    expect(last?.bytesRead).toBeLessThanOrEqual(last?.totalBytes ?? 0);
  });

  it("makes buildReport's figures independent of the number of workers", async () => {
    const inputs = paths.filter((path) => !path.endsWith(".json"));
    const options = { inputs, period: "2026-07-01..2026-07-06", now: new Date("2026-10-01T00:00:00Z") };
    const sequential = await buildReport({ ...options, ingest: { workers: 0 } });
    const parallel = await buildReport({ ...options, ingest: { workers: 2, chunkBytes: 2000 } });
    expect(parallel).toEqual(sequential);
    expect(sequential.inputs.cohorts).toBeGreaterThan(300);
  });

  it("fails clearly for a path that cannot be read", async () => {
    await expect(
      collectUsage({ paths: [...paths, "/nonexistent/spans.jsonl"], canonicalModel, workers: 2 }),
    ).rejects.toThrow(/cannot read input \/nonexistent/);
  });
});
