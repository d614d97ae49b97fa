/**
 * The catastrophic `matches` pattern, `^(a+)+$`, on "a" x n followed by "!": JavaScript's
 * backtracking RegExp (what `matches` ran before) beside the linear engine decide() runs now, in
 * the same run. JavaScript doubles with every character (the issue measured 22 s at 29 and over
 * 60 s at 33), so it is timed up to --max-native characters only; the linear engine is timed at
 * the same lengths, at 33, and at MAX_MATCH_INPUT (4,096, the longest fact `matches` reads).
 *
 *   ./dev node packages/policy/bench/regex.bench.ts [--max-native 24]
 */

import "../../../scripts/ts-source-hooks.mjs";
import { parseArgs } from "node:util";

// Imported after the hook is registered (static imports resolve before it).
const { compileLinearPattern, MAX_MATCH_INPUT } = (await import(
  "@rightsize/policy/testing"
)) as typeof import("@rightsize/policy/testing");

const { values } = parseArgs({ options: { "max-native": { type: "string", default: "24" } } });
const maxNative = Number(values["max-native"]);
const source = "^(a+)+$";
const compiled = compileLinearPattern(source);
if (!compiled.ok) throw new Error(compiled.message);
const linear = compiled.pattern;
const native = new RegExp(source, "u");

/** Median time of `rounds` calls, in microseconds. */
function time(run: () => boolean, rounds: number): number {
  const samples: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    run();
    samples.push((performance.now() - started) * 1000);
  }
  samples.sort((left, right) => left - right);
  return samples[Math.floor(samples.length / 2)]!;
}

for (let warm = 0; warm < 2000; warm++) linear.test(`${"a".repeat(20)}!`);
const rows: string[] = [];
for (let length = 16; length <= maxNative; length += 2) {
  const input = `${"a".repeat(length)}!`;
  const nativeUs = time(() => native.test(input), 3);
  const linearUs = time(() => linear.test(input), 201);
  rows.push(
    `${String(length).padStart(5)}  ${nativeUs.toFixed(0).padStart(12)} µs  ${linearUs.toFixed(1).padStart(9)} µs  ${(nativeUs / linearUs).toFixed(0).padStart(9)}x`,
  );
}
for (const length of [33, MAX_MATCH_INPUT - 1]) {
  const input = `${"a".repeat(length)}!`;
  const linearUs = time(() => linear.test(input), 201);
  rows.push(
    `${String(length).padStart(5)}  ${"(not run)".padStart(15)}  ${linearUs.toFixed(1).padStart(9)} µs`,
  );
}
process.stdout.write(
  `pattern ${source} on "a" x n + "!" (median per call)\n    n  JavaScript RegExp     linear     ratio\n${rows.join("\n")}\n`,
);
