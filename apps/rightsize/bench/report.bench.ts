/**
 * End-to-end report benchmark: OTLP span files (a quarter at ~1M requests a month) to a
 * finished PDF through the built `rightsize report` command, beside a bare JSON.parse pass
 * over the same files in the same run (the anchor).
 *
 *   ./dev build && ./dev node apps/rightsize/bench/report.bench.ts [--sizes 1000000,3000000,3000000@10] [--cache DIR]
 *     [--report-node-flags=--max-semi-space-size=8]   (node flags for the report only)
 *
 * A size `N@R` is N spans represented by a 1-in-R sample: N / R spans written, each with
 * SampleRate R (production telemetry is sampled). The report weighs each span by R, so its
 * request count must be exactly R x the requests written (checked), and its figures are at the
 * scale of N spans; the anchor parses the N / R spans actually written.
 *
 * Span files are generated once into a cache directory (default: $TMPDIR/rightsize-bench) and
 * reused (3M spans is ~4.5 GB). Each measurement runs in its own child process, which reports
 * its own peak RSS (see exit-stats.ts); wall time includes Node's start-up on both sides.
 * Targets: < 60 s and < 512 MB for 3M spans on a 2-core machine, report <= 2x the bare parse,
 * peak RSS flat from 1M to 3M spans. Not part of the test suite. The anchor is single-threaded;
 * the report reads on a worker thread per core, so on a shared machine compare CPU seconds as
 * well as wall time. The report itself runs on a worker thread of the measured process (see
 * src/cli.ts), so the process's own peak RSS covers every thread.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";

// Runs as TypeScript (Node 24 type stripping): load the generator by its .ts path, typed from its .js name.
const generatorPath = "./generate-otlp-spans.ts";
const { generateOtlpSpanFiles } = (await import(generatorPath)) as typeof import("./generate-otlp-spans.js");

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "1000000,3000000" },
    cache: { type: "string", default: join(tmpdir(), "rightsize-bench") },
    "report-node-flags": { type: "string", default: "" },
  },
});
/** "3000000" or "3000000@10" (3M spans represented by 300,000 spans at SampleRate 10). */
const sizes = (values.sizes ?? "").split(",").map((size) => {
  const [spans, rate] = size.trim().split("@");
  const parsed = { spans: Number(spans), sampleRate: rate === undefined ? 1 : Number(rate) };
  if (!Number.isInteger(parsed.spans) || !Number.isInteger(parsed.sampleRate) || parsed.sampleRate < 1)
    throw new Error(`--sizes: cannot read "${size}" (expected e.g. 3000000 or 3000000@10)`);
  return parsed;
});
const reportNodeFlags = (values["report-node-flags"] ?? "").split(" ").filter((flag) => flag !== "");
const appDirectory = new URL("..", import.meta.url).pathname;
const cli = join(appDirectory, "dist", "cli.js");
const statsPreload = join(appDirectory, "bench", "exit-stats.ts");
const bareParse = join(appDirectory, "bench", "bare-parse.ts");
if (!existsSync(cli)) throw new Error(`${cli} is missing: run ./dev build first`);

interface Measurement {
  seconds: number;
  maxRssBytes: number;
  cpuSeconds: number;
  stdout: string;
}

/** Runs `node --import exit-stats.ts ...args` and measures it. */
async function measure(args: readonly string[]): Promise<Measurement> {
  const scratch = mkdtempSync(join(tmpdir(), "rightsize-bench-stats-"));
  const statsFile = join(scratch, "stats.json");
  const started = performance.now();
  const child = spawn(process.execPath, ["--import", statsPreload, ...args], {
    env: { ...process.env, RIGHTSIZE_BENCH_STATS_FILE: statsFile },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let stdout = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`node ${args.join(" ")} exited with ${code}`);
  const stats = JSON.parse(readFileSync(statsFile, "utf8")) as {
    maxRssBytes: number;
    userCpuSeconds: number;
    systemCpuSeconds: number;
  };
  rmSync(scratch, { recursive: true, force: true });
  return {
    seconds,
    maxRssBytes: stats.maxRssBytes,
    cpuSeconds: stats.userCpuSeconds + stats.systemCpuSeconds,
    stdout,
  };
}

const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
const results: {
  spans: number;
  sampleRate: number;
  bytes: number;
  parse: Measurement;
  report: Measurement;
  pages: string;
}[] = [];

for (const { spans, sampleRate } of sizes) {
  const generationStarted = performance.now();
  const generated = await generateOtlpSpanFiles({
    directory: join(
      values.cache ?? tmpdir(),
      sampleRate === 1 ? `otlp-${spans}` : `otlp-${spans}-at-${sampleRate}`,
    ),
    spans,
    sampleRate,
    log: (line) => process.stderr.write(`  ${line}\n`),
  });
  const generationSeconds = (performance.now() - generationStarted) / 1000;
  console.log(
    `${spans.toLocaleString("en-US")} spans` +
      (sampleRate === 1
        ? ""
        : ` represented by ${generated.spans.toLocaleString("en-US")} spans at SampleRate ${sampleRate}`) +
      `: ${generated.files.length} files, ${megabytes(generated.bytes)} (ready in ${generationSeconds.toFixed(1)} s)`,
  );
  const parse = await measure([bareParse, ...generated.files]);
  const parsed = JSON.parse(parse.stdout) as { spans: number };
  if (parsed.spans !== generated.spans)
    throw new Error(`bare parse counted ${parsed.spans} spans, expected ${generated.spans}`);
  const output = mkdtempSync(join(tmpdir(), "rightsize-bench-report-"));
  const pdf = join(output, "report.pdf");
  const report = await measure([
    ...reportNodeFlags,
    cli,
    "report",
    "--input",
    ...generated.files,
    "--period",
    "2026-Q3",
    "--out",
    pdf,
  ]);
  const pages = /\((\d+) pages/.exec(report.stdout)?.[1] ?? "?";
  if (!existsSync(pdf)) throw new Error("the report command wrote no PDF");
  rmSync(output, { recursive: true, force: true });
  // The weighted request count: every written request stands for sampleRate requests, exactly.
  const reported = Number((/: ([\d,]+) requests/.exec(report.stdout)?.[1] ?? "").replaceAll(",", ""));
  if (reported !== generated.requests * sampleRate)
    throw new Error(
      `the report counted ${reported} requests, expected ${generated.requests} written x SampleRate ${sampleRate}`,
    );
  const currentRunRate = /Current run-rate\s+(\$[\d,.]+)\s+(\$[\d,.]+)/.exec(report.stdout);
  results.push({ spans, sampleRate, bytes: generated.bytes, parse, report, pages });
  console.log(
    `  report: ${reported.toLocaleString("en-US")} requests (${generated.requests.toLocaleString("en-US")} written` +
      ` x ${sampleRate}), current run-rate ${currentRunRate?.[1] ?? "?"}/month, ${currentRunRate?.[2] ?? "?"}/quarter`,
  );
  console.log(
    `  bare JSON.parse: ${parse.seconds.toFixed(1)} s, peak RSS ${megabytes(parse.maxRssBytes)}, ` +
      `CPU ${parse.cpuSeconds.toFixed(1)} s\n` +
      `  rightsize report: ${report.seconds.toFixed(1)} s, peak RSS ${megabytes(report.maxRssBytes)}, ` +
      `CPU ${report.cpuSeconds.toFixed(1)} s, ${pages}-page PDF\n` +
      `  ratio report / bare parse: ${(report.seconds / parse.seconds).toFixed(2)}x wall, ` +
      `${(report.cpuSeconds / parse.cpuSeconds).toFixed(2)}x CPU`,
  );
}

// A sampled size beside the unsampled run of the spans it represents, when both ran.
for (const sampled of results.filter((result) => result.sampleRate > 1)) {
  const full = results.find((result) => result.sampleRate === 1 && result.spans === sampled.spans);
  if (!full) continue;
  console.log(
    `\n${sampled.spans.toLocaleString("en-US")} spans at SampleRate ${sampled.sampleRate} against all of them: ` +
      `report ${sampled.report.seconds.toFixed(1)} s vs ${full.report.seconds.toFixed(1)} s ` +
      `(${(sampled.report.seconds / full.report.seconds).toFixed(2)}x wall, ` +
      `${(sampled.report.cpuSeconds / full.report.cpuSeconds).toFixed(2)}x CPU)`,
  );
}

// Targets on the unsampled sizes (a sampled size reads fewer spans than it represents).
const unsampled = results.filter((result) => result.sampleRate === 1);
const largest = unsampled.at(-1);
const smallest = unsampled[0];
if (largest && smallest) {
  // On a shared machine wall time swings with other load; CPU time is the steadier figure.
  console.log(
    `\nTargets (largest size; load average now ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores` +
      `${reportNodeFlags.length > 0 ? `; report run with node ${reportNodeFlags.join(" ")}` : ""}):`,
  );
  console.log(
    `  wall < 60 s: ${largest.report.seconds.toFixed(1)} s ${largest.report.seconds < 60 ? "ok" : "MISSED"}`,
  );
  console.log(
    `  peak RSS < 512 MB: ${megabytes(largest.report.maxRssBytes)} ${largest.report.maxRssBytes < 512e6 ? "ok" : "MISSED"}`,
  );
  const ratio = largest.report.seconds / largest.parse.seconds;
  console.log(`  <= 2x bare parse: ${ratio.toFixed(2)}x ${ratio <= 2 ? "ok" : "MISSED"}`);
  if (largest !== smallest) {
    const growth = largest.report.maxRssBytes / smallest.report.maxRssBytes;
    console.log(
      `  RSS flat ${smallest.spans.toLocaleString("en-US")} -> ${largest.spans.toLocaleString("en-US")} spans: ` +
        `${megabytes(smallest.report.maxRssBytes)} -> ${megabytes(largest.report.maxRssBytes)} (${growth.toFixed(2)}x)`,
    );
  }
}
