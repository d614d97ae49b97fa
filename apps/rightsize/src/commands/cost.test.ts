import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCliCaptured } from "../test-support/run-cli-captured.js";

const run = (...args: string[]) => runCliCaptured(["cost", ...args]);

const directory = mkdtempSync(join(tmpdir(), "rightsize-cost-"));
const file = (name: string, text: string) => {
  const path = join(directory, name);
  writeFileSync(path, text);
  return path;
};
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe("rightsize cost (flags)", () => {
  it("prints the itemized cost of one request and of N requests", async () => {
    const result = await run(
      "-m",
      "claude-opus-4-7",
      "--input",
      "5k",
      "--output",
      "2000",
      "--requests",
      "1M",
      "--at",
      "2026-11-20",
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("claude-opus-4-7, rates of 2026-11-20");
    expect(result.stdout).toMatch(/input\s+5,000\s+\$5\.00\/MTok\s+\$0\.025000\s+\$25,000\.00/);
    expect(result.stdout).toMatch(/total\s+\$0\.075000\s+\$75,000\.00/);
  });

  it("--json prints only JSON, with exact per-request pico-dollars and USD totals", async () => {
    const result = await run(
      "-m",
      "claude-haiku-4-5",
      "--input",
      "2000",
      "--output",
      "500",
      "--batch",
      "--requests",
      "100000",
      "--at",
      "2026-11-20",
      "--json",
    );
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.perRequest).toMatchObject({
      model: "claude-haiku-4-5-20251001",
      list: 2_250_000_000,
      modifiers: { batch: true },
    });
    expect(json.total.listUsd).toBe("225.000000000000");
    expect(json.total.listPico).toBe("225000000000000");
  });

  it("applies --discount and shows contracted columns", async () => {
    const result = await run(
      "-m",
      "claude-sonnet-4-6",
      "--input",
      "2000",
      "--output",
      "500",
      "--discount",
      "10%",
      "--at",
      "2026-11-20",
      "--json",
    );
    const json = JSON.parse(result.stdout);
    expect(json.perRequest.list).toBe(13_500_000_000);
    expect(json.perRequest.contracted).toBe(12_150_000_000);
  });

  it("reads contracted rates from a YAML file", async () => {
    const rates = file(
      "rates.yaml",
      "discounts:\n  - percent: 20\nrates:\n  - model: claude-opus-4-7\n    input: '4'\n",
    );
    const result = await run(
      "-m",
      "claude-opus-4-7",
      "--input",
      "1000",
      "--output",
      "1000",
      "--rates",
      rates,
      "--at",
      "2026-11-20",
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /input\s+1,000\s+\$5\.00\/MTok\s+\$0\.005000\s+\$4\.00\/MTok\s+\$0\.004000/,
    );
    expect(result.stdout).toMatch(
      /output\s+1,000\s+\$25\.00\/MTok\s+\$0\.025000\s+\$20\.00\/MTok\s+\$0\.020000/,
    );
  });

  it("reads the README's contract example (unquoted YAML dates, model-specific discount, explicit rates)", async () => {
    const rates = file(
      "contract.yaml",
      [
        "name: ACME 2026 enterprise agreement",
        "discounts:",
        "  - percent: 12.5",
        "    from: 2026-01-01",
        "    until: 2026-12-31",
        "  - percent: 20",
        "    models: [claude-haiku-4-5]",
        "    includeWebSearch: false",
        "rates:",
        "  - model: claude-opus-4-7",
        "    from: 2026-07-01",
        '    input: "4"',
        '    output: "20"',
      ].join("\n"),
    );
    const opus = await run(
      "-m",
      "claude-opus-4-7",
      "--input",
      "1000",
      "--cache-read",
      "1000",
      "--output",
      "1000",
      "--rates",
      rates,
      "--at",
      "2026-11-20",
      "--json",
    );
    expect(opus.code).toBe(0);
    const units = JSON.parse(opus.stdout).perRequest.lines.map(
      (line: { contractedUnitPrice: number }) => line.contractedUnitPrice,
    );
    expect(units).toEqual([4_000_000, 437_500, 20_000_000]);
    const haiku = await run(
      "-m",
      "claude-haiku-4-5",
      "--input",
      "1000",
      "--web-searches",
      "1",
      "--rates",
      rates,
      "--at",
      "2026-11-20",
      "--json",
    );
    const lines = JSON.parse(haiku.stdout).perRequest.lines.map(
      (line: { contractedUnitPrice: number }) => line.contractedUnitPrice,
    );
    expect(lines).toEqual([800_000, 10_000_000_000]);
  });

  it("exits 2 on usage errors", async () => {
    expect((await run("--input", "5")).code).toBe(2);
    const negative = await run("-m", "claude-opus-4-7", "--input", "-5");
    expect(negative.code).toBe(2);
    expect(negative.stderr).toContain("expected a non-negative whole number");
    expect((await run("-m", "claude-opus-4-7", "--geo", "eu")).code).toBe(2);
    expect((await run("-m", "claude-opus-4-7", "--discount", "5", "--rates", "x.json")).code).toBe(2);
    const badRates = await run(
      "-m",
      "claude-opus-4-7",
      "--rates",
      file("bad.json", '{"discounts": [{"percent": 150}]}'),
    );
    expect(badRates.code).toBe(2);
    expect(badRates.stderr).toContain("discounts[0].percent: expected a percentage from 0 to 100");
    expect((await run("-m", "claude-opus-4-7", "--rates", join(directory, "missing.json"))).code).toBe(2);
  });

  it("exits 1 on pricing errors, with the error on stderr", async () => {
    const unknown = await run("-m", "claude-opus-4.7", "--input", "5");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('unknown model "claude-opus-4.7"');
    expect(unknown.stderr).toContain("closest known: claude-opus-4-7");
    const retired = await run("-m", "claude-opus-4-1", "--input", "5", "--at", "2026-09-01");
    expect(retired.code).toBe(1);
    expect(retired.stderr).toContain("retired on 2026-08-05");
    expect((await run("-m", "claude-haiku-4-5", "--geo", "us")).code).toBe(1);
  });
});

describe("rightsize cost --usage", () => {
  const lines = [
    JSON.stringify({
      model: "claude-opus-4-7",
      usage: { input_tokens: 5000, output_tokens: 2000 },
      at: "2026-11-20",
    }),
    JSON.stringify({
      model: "claude-haiku-4-5",
      usage: { input_tokens: 2000, output_tokens: 500, service_tier: "batch" },
      at: "2026-11-20",
    }),
    "{broken",
    JSON.stringify({ model: "claude-opus-4-7", usage: { input_tokens: -1 }, at: "2026-11-20" }),
    JSON.stringify({ custom_id: "x", result: { type: "errored", error: {} } }),
  ];

  it("prices a JSONL file, totals the good lines and reports bad ones by line number (exit 1)", async () => {
    const result = await run("--usage", file("usage.jsonl", lines.join("\n")), "--json");
    expect(result.code).toBe(1);
    const json = JSON.parse(result.stdout);
    expect(json.priced).toBe(2);
    expect(json.skipped).toBe(1);
    expect(json.total.listUsd).toBe("0.077250000000");
    expect(json.invalid.count).toBe(2);
    expect(json.invalid.first.map((entry: { line: number }) => entry.line)).toEqual([3, 4]);
    expect(result.stderr).toContain("line 4: usage.input_tokens: expected a non-negative integer");
  });

  it("prices a single usage object with --model and exits 0", async () => {
    const path = file(
      "one.json",
      JSON.stringify({ input_tokens: 2000, output_tokens: 500, cache_creation_input_tokens: null }),
    );
    const result = await run("--usage", path, "-m", "claude-sonnet-4-6", "--at", "2026-11-20");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/claude-sonnet-4-6\s+1\s+2,000\s+500\s+\$0\.0135/);
    expect((await run("--usage", path)).code).toBe(1);
    expect((await run("--usage", path, "-m", "claude-sonnet-4-6", "--input", "5")).code).toBe(2);
  });
});

describe("rightsize cost models", () => {
  it("lists every model with aliases, lifecycle and rates", async () => {
    const result = await run("models", "--at", "2026-11-20");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /claude-haiku-4-5-20251001\s+claude-haiku-4-5\s+legacy\s+200K\s+64K\s+1\.00\s+1\.25\s+2\.00\s+0\.10\s+5\.00/,
    );
    expect(result.stdout).toMatch(
      /claude-opus-4-1-20250805\s+claude-opus-4-1\s+retired 2026-08-05\s+200K\s+32K\s+15\.00/,
    );
    expect(result.stdout).toMatch(
      /claude-sonnet-4-5-20250929\s+claude-sonnet-4-5\s+deprecated, retires 2026-11-30/,
    );
    expect(result.stdout).toMatch(/claude-haiku-5-5 .*>100K prompt: 0\.50\/2\.50/);
    expect(result.stdout).toMatch(/claude-opus-5-5 .*fast 8\/40/);
    expect(result.stdout).toMatch(/claude-fable-5-2 .*unconfirmed/);
    const earlier = await run("models", "--at", "2026-01-01");
    expect(earlier.stdout).toMatch(/claude-sonnet-4-20250514\s+claude-sonnet-4-0\s+retires 2026-06-15/);
    expect(earlier.stdout).toMatch(/claude-opus-4-6 .*>200K prompt: 10\/37\.50; fast 30\/150/);
  });

  it("--json lists the same models with rates", async () => {
    const result = await run("models", "--json", "--at", "2026-11-20");
    const json = JSON.parse(result.stdout) as { id: string; usdPerMTok: Record<string, string> | null }[];
    expect(json).toHaveLength(21);
    expect(json.find((model) => model.id === "claude-haiku-5-5")!.usdPerMTok).toEqual({
      input: "0.10",
      cacheWrite5m: "0.125",
      cacheWrite1h: "0.20",
      cacheRead: "0.01",
      output: "0.50",
    });
  });
});
