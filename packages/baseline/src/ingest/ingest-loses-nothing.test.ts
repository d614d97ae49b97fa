import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import type { UsageRecord } from "../usage-record.js";
import { ingestFiles } from "./ingest-files.js";

const fixture = (name: string) => fileURLToPath(new URL(`../__fixtures__/${name}`, import.meta.url));

let directory = "";
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "baseline-loses-nothing-"));
});

async function ingestText(name: string, content: string | Buffer) {
  const path = join(directory, name);
  await writeFile(path, content);
  const records: UsageRecord[] = [];
  const result = await ingestFiles({
    paths: [path],
    sink: { record: (record) => records.push({ ...record }), verdict: () => {} },
  });
  return { ...result, records, file: result.files[0] };
}

/** `count` request-log rows, one a second from 2026-07-01 00:00 UTC. */
function requestLog(count: number): string {
  const rows: string[] = [];
  for (let index = 0; index < count; index++) {
    rows.push(
      JSON.stringify({
        timestamp: 1_782_864_000 + index,
        model: "claude-opus-4-7",
        usage: { input_tokens: 10 + index, output_tokens: 5 },
      }),
    );
  }
  return `${rows.join("\n")}\n`;
}

describe("ingest loses nothing", () => {
  it("counts a timestamp out of any calendar's range as one bad line and reads on", async () => {
    const rows = requestLog(10).split("\n");
    rows.splice(
      3,
      0,
      JSON.stringify({
        timestamp: 1e20,
        model: "claude-opus-4-7",
        usage: { input_tokens: 1, output_tokens: 1 },
      }),
    );
    rows.splice(
      6,
      0,
      JSON.stringify({
        timestamp: -5,
        model: "claude-opus-4-7",
        usage: { input_tokens: 1, output_tokens: 1 },
      }),
    );
    const { records, file, quality } = await ingestText("far-future.jsonl", rows.join("\n"));
    expect(records).toHaveLength(10);
    expect(file).toMatchObject({ records: 10, bad: 2, readError: null });
    expect(Object.fromEntries(quality.badByReason)).toEqual({ "missing or invalid field: timestamp": 2 });
  });

  it("does the same for a span whose startTimeUnixNano is out of range", async () => {
    const spans = await readFile(fixture("spans.otlp.jsonl"), "utf8");
    const [first = "", ...rest] = spans.trimEnd().split("\n");
    // 1e26 ns (a JSON number) = 1e20 ms: no calendar day; it used to end the read of the file.
    const broken = first.replaceAll(/"startTimeUnixNano":"\d+"/g, '"startTimeUnixNano":1e26');
    const { records, file } = await ingestText("spans.otlp.jsonl", [broken, ...rest].join("\n"));
    const reference = await ingestFiles({
      paths: [fixture("spans.otlp.jsonl")],
      sink: { record() {}, verdict() {} },
    });
    expect(file?.readError).toBeNull();
    // Each span of the first line is one bad item; every span of the other lines is still read.
    expect(file?.bad).toBeGreaterThan(0);
    expect(records.length).toBeGreaterThan(0);
    expect((file?.records ?? 0) + (file?.bad ?? 0)).toBe(reference.files[0]?.records);
  });

  it("does not count a UTF-8 byte order mark as a bad line", async () => {
    const { records, file } = await ingestText("bom.jsonl", `\uFEFF${requestLog(5)}`);
    expect(file).toMatchObject({ format: "request-log-jsonl", records: 5, bad: 0 });
    expect(records[0]?.uncachedInput).toBe(10);
    const csv =
      "\uFEFFtimestamp,model,input_tokens,output_tokens\n2026-07-01T00:00:00Z,claude-opus-4-7,10,5\n";
    const fromCsv = await ingestText("bom.csv", csv);
    expect(fromCsv.file).toMatchObject({ format: "request-log-csv", records: 1, bad: 0, skipped: 1 });
  });

  it("keeps every record of a gzip file followed by trailing garbage, as gzip -d does", async () => {
    const text = requestLog(5000);
    const garbage = Buffer.from("this is not gzip\n");
    const { records, file, quality } = await ingestText(
      "garbage.jsonl.gz",
      Buffer.concat([gzipSync(text), garbage]),
    );
    expect(records).toHaveLength(5000);
    expect(file).toMatchObject({ gzip: true, records: 5000, bad: 0 });
    expect(file?.readError).toMatch(/trailing garbage after the gzip data \(17 bytes\) ignored/);
    expect(quality.readErrors[0]?.recordsRecovered).toBe(5000);
  });

  it("reads every member of a multi-member gzip file and ignores zero padding after it", async () => {
    const first = requestLog(300);
    const second = requestLog(200);
    const { records, file } = await ingestText(
      "members.jsonl.gz",
      Buffer.concat([gzipSync(first), gzipSync(second), Buffer.alloc(512)]),
    );
    expect(records).toHaveLength(500);
    expect(file).toMatchObject({ records: 500, bad: 0, readError: null });
  });

  it("still reports a gzip member cut short, keeping the whole lines before the cut", async () => {
    const zipped = gzipSync(requestLog(5000), { level: 1 });
    const { file } = await ingestText("cut.jsonl.gz", zipped.subarray(0, Math.floor(zipped.length / 2)));
    expect(file?.readError).toMatch(/unexpected end of file/);
    expect(file?.records).toBeGreaterThan(1000);
    expect(file?.records).toBeLessThan(5000);
  });

  it("counts a request log row read twice (same request id) once, downstream", async () => {
    const rows = requestLog(3)
      .trimEnd()
      .split("\n")
      .map((row, index) => JSON.stringify({ ...JSON.parse(row), id: `msg_${index}` }));
    const { records } = await ingestText("retried.jsonl", [...rows, rows[1]].join("\n"));
    // The parser delivers both copies with their identity; the collector keeps the first.
    expect(records.map((record) => record.key)).toEqual(["msg_0", "msg_1", "msg_2", "msg_1"]);
  });
});
