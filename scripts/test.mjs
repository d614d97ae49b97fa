// Runs the whole test suite with vitest and ends with the line a CI summary reads:
// "N passed, N failed" (", N skipped" when any were skipped). Exit code is vitest's.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const resultsFile = join(root, ".tools", "test-results.json");
mkdirSync(join(root, ".tools"), { recursive: true });

const run = spawnSync(
  "pnpm",
  [
    "exec",
    "vitest",
    "run",
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${resultsFile}`,
    ...process.argv.slice(2),
  ],
  { cwd: root, stdio: "inherit" },
);

let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const results = JSON.parse(readFileSync(resultsFile, "utf8"));
  passed = results.numPassedTests;
  failed = results.numFailedTests;
  skipped = results.numPendingTests + results.numTodoTests;
  // A suite that fails to load has no tests counted: count it as a failure, never as a pass.
  const brokenSuites = results.testResults.filter(
    (suite) => suite.status === "failed" && suite.assertionResults.length === 0,
  );
  failed += brokenSuites.length;
} catch (error) {
  console.error(`could not read vitest results: ${error.message}`);
  failed += 1;
}
const exitCode = run.status ?? 1;
if (exitCode !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 ? 1 : exitCode);
