/**
 * The policy fuzz suite, run longer than the test does, printing its counts: policies tried,
 * refused with a path (by error code), accepted (and the decisions checked on them), and any
 * violation of the oracle (there must be none). Same generators and oracle as
 * src/policy-fuzz.test.ts (src/test-support/policy-fuzz.ts).
 *
 *   ./dev node packages/policy/scripts/fuzz-policies.ts [--runs 5000] [--seed 1616]
 */
import "../../../scripts/ts-source-hooks.mjs";
import { parseArgs } from "node:util";
import fc from "fast-check";

// Imported after the hook is registered (static imports resolve before it).
const { fuzzedPolicyFile, judgeFuzzedPolicy } = (await import(
  "../src/test-support/policy-fuzz.js"
)) as typeof import("../src/test-support/policy-fuzz.js");

const { values } = parseArgs({
  options: { runs: { type: "string", default: "5000" }, seed: { type: "string", default: "1616" } },
});
const runs = Number(values.runs);
const seed = Number(values.seed);
const refusedByCode = new Map<string, number>();
let accepted = 0;
let decisions = 0;
const violations: string[] = [];
const started = performance.now();
for (const file of fc.sample(fuzzedPolicyFile, { numRuns: runs, seed })) {
  const verdict = judgeFuzzedPolicy(file);
  if (verdict.outcome === "refused")
    refusedByCode.set(verdict.code, (refusedByCode.get(verdict.code) ?? 0) + 1);
  else if (verdict.outcome === "accepted") {
    accepted++;
    decisions += verdict.decisions;
  } else violations.push(`${verdict.reason}\n    ${file.label.slice(0, 300)}`);
}
const refused = [...refusedByCode.values()].reduce((sum, count) => sum + count, 0);
const byCode = [...refusedByCode]
  .sort()
  .map(([code, count]) => `${code} ${count}`)
  .join(", ");
process.stdout.write(
  [
    `policies tried: ${runs} (seed ${seed}, ${((performance.now() - started) / 1000).toFixed(1)} s)`,
    `refused with a path or line: ${refused} (${byCode})`,
    `accepted: ${accepted} (${decisions} decisions checked, each reloaded with its own cases and with a failing one)`,
    `violations: ${violations.length}`,
    ...violations.slice(0, 10).map((violation) => `  ${violation}`),
  ].join("\n") + "\n",
);
process.exitCode = violations.length > 0 ? 1 : 0;
