#!/usr/bin/env node
import { isMainThread, Worker } from "node:worker_threads";

/**
 * `rightsize report` runs on a worker thread with a small young generation. Its peak memory is
 * short-lived garbage (ingest merge, replay, figures, PDF), and V8's default young generation on
 * a large machine (~48 MB semi-spaces, sized from physical memory) keeps far more of it alive
 * than the work needs. A worker's heap is the only one a running process can size
 * (`v8.setFlagsFromString("--max-semi-space-size=8")` after start-up was measured to change
 * nothing); the main thread stays bare, without the CLI's modules loaded.
 */
const REPORT_YOUNG_GENERATION_MB = 24;

// A reader that stops early (`rightsize cost models | head -1`) closes the pipe: not a failure.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

if (isMainThread && process.argv[2] === "report") {
  process.exitCode = await runOnWorker(process.argv.slice(2));
} else {
  const { runCli } = await import("./program.js");
  // On the worker, process.argv is [node, this file, ...args], as on the main thread.
  process.exitCode = await runCli(process.argv);
}

/** Runs the CLI with `args` on a worker thread; its exit code (stdout and stderr pass through). */
function runOnWorker(args: readonly string[]): Promise<number> {
  const worker = new Worker(new URL(import.meta.url), {
    argv: [...args],
    workerData: { stderrIsTTY: process.stderr.isTTY === true },
    resourceLimits: { maxYoungGenerationSizeMb: REPORT_YOUNG_GENERATION_MB },
  });
  return new Promise((resolve, reject) => {
    worker.on("error", reject);
    worker.on("exit", resolve);
  });
}
