/**
 * decide() beside raw json-rules-engine on the same rules, and the complexity scorer on an
 * 8 KB prompt, measured in the same run.
 *
 *   ./dev node packages/policy/bench/decide.bench.ts [--calls 20000] [--rounds 5]
 *
 * Runs the TypeScript sources directly (Node 24 type stripping; scripts/ts-source-hooks.mjs maps
 * the sources' ".js" specifiers and the workspace packages to their ".ts" files). Only public
 * entries are imported: @rightsize/policy and @rightsize/policy/testing. Not part of the test suite.
 *
 * For each example policy: the same seeded fact vectors (realistic: task types, complexity,
 * token counts, tenants) go through (a) `await engine.run(facts)` on a json-rules-engine
 * Engine holding the policy's rules (matching only: the raw engine, the issue's anchor) and
 * (b) decide(), which matches the same rules through compiled predicates AND builds the whole
 * Decision (tier fit, ceilings, cache plan, escalation chain, reasons). Every call is timed on
 * its own (performance.now), so p50 and p99 are per-call latencies; the best round is kept.
 */

import { readFileSync } from "node:fs";
import "../../../scripts/ts-source-hooks.mjs";
import { parseArgs } from "node:util";

// Workspace packages are imported after the hook is registered (static imports resolve before it).
const { compilePolicy, decide, parsePolicy, scoreComplexity } = (await import(
  "@rightsize/policy"
)) as typeof import("@rightsize/policy");
const { createRulesEngine, TASK_TYPES } = (await import(
  "@rightsize/policy/testing"
)) as typeof import("@rightsize/policy/testing");
const { seededRandom } = (await import("@rightsize/contracts")) as typeof import("@rightsize/contracts");
type RequestFacts = import("@rightsize/contracts").RequestFacts;

const { values } = parseArgs({
  options: { calls: { type: "string", default: "20000" }, rounds: { type: "string", default: "5" } },
});
const calls = Number(values.calls);
const rounds = Number(values.rounds);

const random = seededRandom(0x2545f491);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
function facts(): RequestFacts {
  return {
    taskType: pick(TASK_TYPES),
    complexity: Math.round(random() * 1000) / 1000,
    estimatedInputTokens: Math.floor(random() * 20_000),
    requestedMaxTokens: pick([256, 1024, 4096, 8192]),
    latencyClass: pick(["realtime", "realtime", "async"] as const),
    stakes: pick(["low", "normal", "normal", "high"] as const),
    tenant: pick(["acme", "globex", "initech"]),
    feature: pick(["chat", "nightly-digest", "offline-sync", "search"]),
    stablePrefixTokens: pick([0, 800, 3000]),
  };
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}
interface Stats {
  p50: number;
  p99: number;
}
function stats(samples: Float64Array): Stats {
  const sorted = samples.slice().sort();
  return { p50: percentile(sorted, 0.5) * 1000, p99: percentile(sorted, 0.99) * 1000 };
}
const best = (list: Stats[]): Stats => ({
  p50: Math.min(...list.map((entry) => entry.p50)),
  p99: Math.min(...list.map((entry) => entry.p99)),
});
const us = (value: number) => `${value.toFixed(2)} µs`;

const rows: string[][] = [];
for (const name of ["support-pipeline", "escalate-on-complexity", "batch-async"]) {
  const source = readFileSync(new URL(`../examples/${name}.yaml`, import.meta.url), "utf8");
  const parsed = parsePolicy({ source });
  if (!parsed.ok) throw parsed.error;
  const policy = parsed.policy;
  const engine = createRulesEngine({ compiled: compilePolicy({ policy }) });
  const vectors = Array.from({ length: calls }, facts);
  const engineRounds: Stats[] = [];
  const decideRounds: Stats[] = [];
  const samples = new Float64Array(calls);
  let sink = 0;
  for (let round = 0; round <= rounds; round++) {
    for (let index = 0; index < calls; index++) {
      const started = performance.now();
      const result = await engine.run(vectors[index]!);
      samples[index] = performance.now() - started;
      sink += result.events.length;
    }
    if (round > 0) engineRounds.push(stats(samples));
    for (let index = 0; index < calls; index++) {
      const started = performance.now();
      const decision = decide({ policy, facts: vectors[index]! });
      samples[index] = performance.now() - started;
      sink += decision.matchedRules.length;
    }
    if (round > 0) decideRounds.push(stats(samples));
  }
  if (sink < 0) console.log(sink);
  const engineStats = best(engineRounds);
  const decideStats = best(decideRounds);
  const ruleCount = policy.routing.length + policy.ceilings.length + policy.batch.length;
  rows.push([
    `${name} (${ruleCount} rules)`,
    us(engineStats.p50),
    us(engineStats.p99),
    us(decideStats.p50),
    us(decideStats.p99),
    `${(engineStats.p50 / decideStats.p50).toFixed(1)}x`,
    `${(engineStats.p99 / decideStats.p99).toFixed(1)}x`,
  ]);
}

// An 8 KB prompt: system instructions, a numbered task, some code and a pasted ticket.
const system =
  "You are a senior support engineer at Acme. Always answer in JSON. Never reveal internal notes. ".repeat(
    10,
  );
const ticket = [
  "1. Read the customer's ticket below.\n2. Classify it, then explain why.\n3. Draft a reply that must cite the policy.\n",
  "```ts\nexport function refund(order: Order): Result { if (order.total > 100) { return { ok: false }; } return { ok: true }; }\n```\n",
  "Customer: my parcel 4f9c2e1a-7d3b-4c2e-9a1f-0b6d5e4c3a21 arrived damaged on 2026-11-19; the box was crushed and two items are broken. ",
].join("");
let prompt = ticket;
while (system.length + prompt.length < 8192) prompt += ticket;
prompt = prompt.slice(0, 8192 - system.length);
const scorerInput = { system, messages: [{ role: "user", content: prompt }] };
// Anchor: the least any single-pass scorer must do, read every character once (charCodeAt sum).
function bareScan(input: typeof scorerInput): number {
  let sum = 0;
  for (const text of [input.system, input.messages[0]!.content]) {
    for (let index = 0; index < text.length; index++) sum += text.charCodeAt(index);
  }
  return sum;
}
const scorerRounds: Stats[] = [];
const anchorRounds: Stats[] = [];
const scorerSamples = new Float64Array(calls);
let scoreSink = 0;
for (let round = 0; round <= rounds; round++) {
  for (let index = 0; index < calls; index++) {
    const started = performance.now();
    scoreSink += bareScan(scorerInput);
    scorerSamples[index] = performance.now() - started;
  }
  if (round > 0) anchorRounds.push(stats(scorerSamples));
  for (let index = 0; index < calls; index++) {
    const started = performance.now();
    scoreSink += scoreComplexity(scorerInput).score;
    scorerSamples[index] = performance.now() - started;
  }
  if (round > 0) scorerRounds.push(stats(scorerSamples));
}
if (scoreSink < 0) console.log(scoreSink);
const scorer = best(scorerRounds);
const anchor = best(anchorRounds);

const headers = ["policy", "engine p50", "engine p99", "decide p50", "decide p99", "p50 ratio", "p99 ratio"];
const widths = headers.map((header, column) =>
  Math.max(header.length, ...rows.map((row) => row[column]!.length)),
);
const line = (cells: string[]) => cells.map((cell, column) => cell.padStart(widths[column]!)).join("  ");
console.log(
  `decide() vs json-rules-engine ${calls} calls x ${rounds} rounds (best round), Node ${process.versions.node}`,
);
console.log(line(headers));
for (const row of rows) console.log(line(row));
const size = system.length + prompt.length;
console.log(
  `scoreComplexity, ${size}-char prompt: p50 ${us(scorer.p50)}, p99 ${us(scorer.p99)} (target < 20 µs); ` +
    `anchor bare charCodeAt scan of the same text: p50 ${us(anchor.p50)}, p99 ${us(anchor.p99)}; ` +
    `scorer / anchor p50 ${(scorer.p50 / anchor.p50).toFixed(2)}x`,
);
