/**
 * Event-loop delay while a policy hot-reloads: the longest stall of a 5 ms timer (what a request
 * waiting on that event loop would feel) during each reload, side by side in one run:
 *   before  the old path: parse and validate on the event loop (the 10 MB / 60,000-rule
 *           file took 12-15 s there); measured on the same 10 MB text by the same parser and schema
 *   after   holder.updateAsync: the size is checked and the version read and tried in a worker
 *           thread (a 10 MB file is refused by its size); and a 1 MiB policy with 4,500 rules,
 *           accepted, of which only the compilation runs on the event loop
 *   inline  holder.update (the synchronous API) on the same 1 MiB policy, for comparison
 *
 *   ./dev node packages/policy/bench/reload.bench.ts [--skip-before]
 */
import "../../../scripts/ts-source-hooks.mjs";
import { parseArgs } from "node:util";
import { parse as parseYaml } from "yaml";

// Imported after the hook is registered (static imports resolve before it).
const { createPolicyEngine, defaultPolicy, MAX_POLICY_BYTES } = (await import(
  "@rightsize/policy"
)) as typeof import("@rightsize/policy");
const { policySchema } = (await import(
  "../src/policy-schema.js"
)) as typeof import("../src/policy-schema.js");

const { values } = parseArgs({ options: { "skip-before": { type: "boolean" } } });

function policyWithRules(count: number): string {
  const rules = Array.from(
    { length: count },
    (_, index) =>
      `  - name: tenant-${index}\n    priority: ${1 + (index % 50)}\n    reason: tenant ${index} is routine work\n    when: { all: [{ fact: tenant, operator: equal, value: t${index} }, { fact: complexity, operator: lessThan, value: 0.${index % 9}5 }] }\n    tier: haiku\n`,
  );
  return `name: big\nversion: "${count}"\ndefaultTier: sonnet\nfallbackTier: sonnet\nrouting:\n${rules.join("")}`;
}

/** Runs `work` while a 5 ms interval measures how late it fires; returns the worst lateness and the wall time. */
async function stall(work: () => unknown): Promise<{ maxDelayMs: number; wallMs: number }> {
  let maxDelayMs = 0;
  let expected = performance.now() + 5;
  const timer = setInterval(() => {
    const now = performance.now();
    maxDelayMs = Math.max(maxDelayMs, now - expected);
    expected = now + 5;
  }, 5);
  await new Promise((resolve) => setTimeout(resolve, 20));
  const started = performance.now();
  await work();
  const wallMs = performance.now() - started;
  await new Promise((resolve) => setTimeout(resolve, 20));
  clearInterval(timer);
  return { maxDelayMs, wallMs };
}

const huge = policyWithRules(60_000);
let medium = policyWithRules(4_500);
while (Buffer.byteLength(medium) > MAX_POLICY_BYTES)
  medium = policyWithRules(Math.floor(medium.length / 240) - 100);
const rows: string[] = [];
const row = (columns: {
  label: string;
  size: string;
  result: { maxDelayMs: number; wallMs: number };
  outcome: string;
}) =>
  rows.push(
    `${columns.label.padEnd(38)} ${columns.size.padStart(9)}  ${columns.result.maxDelayMs.toFixed(0).padStart(7)} ms  ${columns.result.wallMs.toFixed(0).padStart(7)} ms  ${columns.outcome}`,
  );
const mb = (text: string) => `${(Buffer.byteLength(text) / 1024 / 1024).toFixed(2)} MB`;

// Warm the worker once (its start-up is a one-off per process, and off the event loop too).
const warm = createPolicyEngine({ policy: defaultPolicy() });
await warm.updateAsync({ source: "name: w\nversion: '1'\ndefaultTier: sonnet\nfallbackTier: sonnet\n" });

if (!values["skip-before"]) {
  const before = await stall(() => policySchema.safeParse(parseYaml(huge, { uniqueKeys: true })));
  row({
    label: "before: parse + validate on the loop",
    size: mb(huge),
    result: before,
    outcome: "60,000 rules, accepted",
  });
}
const holder = createPolicyEngine({ policy: defaultPolicy() });
// The bytes as a file watcher reads them (asynchronously, off the loop), made before measuring.
const hugeBytes = Buffer.from(huge);
const mediumBytes = Buffer.from(medium);
let outcome = "";
const refused = await stall(async () => {
  const result = await holder.updateAsync({ source: hugeBytes, origin: "huge.yaml" });
  outcome = result.ok ? "accepted" : `refused: ${result.error.issues[0]?.message.slice(0, 40)}`;
});
row({ label: "after: updateAsync", size: mb(huge), result: refused, outcome: outcome });
const accepted = await stall(async () => {
  const result = await holder.updateAsync({ source: mediumBytes, origin: "medium.yaml" });
  outcome = result.ok
    ? `accepted (${result.policy.routing.length} rules)`
    : `refused: ${result.error.message.slice(0, 60)}`;
});
row({ label: "after: updateAsync", size: mb(medium), result: accepted, outcome: outcome });
const inline = await stall(() => {
  const result = holder.update({ source: Buffer.from(`${medium}# again\n`), origin: "medium.yaml" });
  outcome = result.ok ? "accepted" : "refused";
});
row({ label: "inline: update (synchronous API)", size: mb(medium), result: inline, outcome: outcome });
process.stdout.write(
  `event-loop delay during one reload (worst lateness of a 5 ms timer)\n${"".padEnd(38)} ${"size".padStart(9)}  ${"delay".padStart(10)}  ${"wall".padStart(10)}\n${rows.join("\n")}\n`,
);
