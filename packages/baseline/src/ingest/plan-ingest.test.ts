import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { planIngest } from "./plan-ingest.js";

const line = (index: number, length: number) =>
  JSON.stringify({ resourceSpans: [], pad: `é${"x".repeat(length)}${index}` });

describe("planIngest", () => {
  let directory = "";
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), "baseline-plan-"));
  });

  it("cuts a plain span file into contiguous chunks that start right after a newline", async () => {
    // Short lines, one line longer than a chunk, a multi-byte character in every line, no final newline.
    const lines = Array.from({ length: 200 }, (_, index) => line(index, index === 50 ? 5000 : index % 37));
    const path = join(directory, "spans.otlp.jsonl");
    const text = lines.join("\n");
    await writeFile(path, text);
    const size = Buffer.byteLength(text);
    const [file] = await planIngest({ paths: [path], sizes: [size], chunkBytes: 700 });
    if (file?.kind !== "lines") throw new Error("expected a line-format file");
    const ranges = file.chunks.map((chunk) => chunk.range);
    expect(ranges.length).toBeGreaterThan(5);
    const bytes = await readFile(path);
    let expectedStart = 0;
    for (const range of ranges) {
      if (range === undefined) throw new Error("a split file's chunks all have ranges");
      expect(range.start).toBe(expectedStart);
      expect(range.end).toBeGreaterThan(range.start);
      if (range.start > 0) expect(bytes[range.start - 1]).toBe(0x0a);
      expectedStart = range.end;
    }
    expect(expectedStart).toBe(size);
    const rejoined = ranges
      .map((range) => bytes.subarray(range?.start, range?.end).toString("utf8"))
      .join("");
    expect(rejoined).toBe(text);
    expect(file.chunks.map((chunk) => chunk.chunkIndex)).toEqual(ranges.map((_, index) => index));
  });

  it("keeps gzip and CSV files whole and leaves small files uncut", async () => {
    const text = `${Array.from({ length: 100 }, (_, index) => line(index, 40)).join("\n")}\n`;
    const gzipPath = join(directory, "spans.jsonl.gz");
    const csvPath = join(directory, "requests.csv");
    const csv = `timestamp,model,input_tokens,output_tokens\n${"2026-07-01T00:00:00Z,claude-haiku-4-5,10,5\n".repeat(100)}`;
    await writeFile(gzipPath, gzipSync(text));
    await writeFile(csvPath, csv);
    const plainPath = join(directory, "small.otlp.jsonl");
    await writeFile(plainPath, text);
    const planned = await planIngest({
      paths: [gzipPath, csvPath, plainPath],
      sizes: [text.length, csv.length, text.length],
      chunkBytes: 10 * text.length,
    });
    const cutGzipAndCsv = await planIngest({
      paths: [gzipPath, csvPath],
      sizes: [text.length, csv.length],
      chunkBytes: 100,
    });
    for (const file of [...planned, ...cutGzipAndCsv]) {
      expect(file.kind === "lines" && file.chunks).toEqual([
        expect.not.objectContaining({ range: expect.anything() }),
      ]);
    }
    expect(planned.map((file) => file.kind === "lines" && file.format)).toEqual([
      "otlp-json",
      "request-log-csv",
      "otlp-json",
    ]);
  });
});
