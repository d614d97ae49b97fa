// Runs every benchmark one after another (each prints its own ratios against its anchor).
// `./dev bench` runs all; `./dev bench pricing policy` runs the named ones. Builds first, since
// some benchmarks measure the built packages as a user would run them.
import { spawnSync } from "node:child_process";

const BENCHMARKS = {
  pricing: ["packages/pricing/bench/cost.bench.ts"],
  policy: ["packages/policy/bench/decide.bench.ts"],
  "routed-client": ["packages/policy/bench/routed-client.bench.ts"],
  emulator: ["packages/emulator/bench/throughput.bench.ts", "--seconds", "10"],
  evals: ["packages/evals/bench/throughput.bench.ts"],
  router: ["packages/router/bench/router.bench.ts"],
  telemetry: ["packages/telemetry/bench/overhead.bench.ts"],
  baseline: ["packages/baseline/bench/ingest.bench.ts", "--spans", "1000000"],
  report: ["apps/rightsize/bench/report.bench.ts"],
};

const root = new URL("..", import.meta.url).pathname;
const selected = process.argv.slice(2);
const unknown = selected.filter((name) => !(name in BENCHMARKS));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(", ")}; known: ${Object.keys(BENCHMARKS).join(", ")}`);
  process.exit(2);
}
const build = spawnSync("pnpm", ["exec", "turbo", "run", "build", "--output-logs=errors-only"], {
  cwd: root,
  stdio: "inherit",
});
if (build.status !== 0) process.exit(build.status ?? 1);
let failed = 0;
for (const [name, args] of Object.entries(BENCHMARKS)) {
  if (selected.length > 0 && !selected.includes(name)) continue;
  console.log(`\n=== ${name}: node ${args.join(" ")}`);
  const run = spawnSync(process.execPath, args, { cwd: root, stdio: "inherit" });
  if (run.status !== 0) failed += 1;
}
process.exit(failed > 0 ? 1 : 0);
