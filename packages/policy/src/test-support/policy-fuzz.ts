/**
 * Generators and the oracle of the policy fuzz suite (policy-fuzz.test.ts runs it bounded;
 * scripts/fuzz-policies.ts runs it longer and prints the counts). Policies come three ways:
 * byte-level mutations of the example files (flips, inserted bytes such as NUL or invalid UTF-8,
 * deleted and duplicated lines, unknown tags, reserved keys), structural mutations (near-valid
 * documents with random damage) and adversarial values (huge or tiny budgets, catastrophic
 * patterns, numeric versions, reserved names, deep nesting). Every one must be refused with a path
 * (or a line), or accepted and safe: decide() never throws, never faults on well-typed facts,
 * stays within the trial's time bound, and a reload never replaces the serving policy with a
 * version that fails its own cases.
 */
import { readFileSync } from "node:fs";
import type { Decision, RequestFacts } from "@rightsize/contracts";
import fc from "fast-check";
import { stringify } from "yaml";
import { checkPolicyVersion } from "../check-policy-version.js";
import { decide } from "../decide.js";
import { defaultPolicy } from "../default-policy.js";
import type { PolicyCase } from "../policy-cases.js";
import { createPolicyEngine } from "../policy-holder.js";
import type { Policy } from "../policy-schema.js";
import { trialFacts } from "../trial-facts.js";

export interface FuzzedFile {
  /** How the file was made (for a failure's report). */
  label: string;
  source: Uint8Array | object;
  format: "yaml" | "json";
}

export type FuzzVerdict =
  | { outcome: "refused"; code: string }
  | { outcome: "accepted"; decisions: number }
  | { outcome: "violation"; reason: string };

const EXAMPLES = ["support-pipeline", "escalate-on-complexity", "batch-async"].map((name) =>
  readFileSync(new URL(`../../examples/${name}.yaml`, import.meta.url)),
);

// --- byte-level mutations of the example files ---
const byteMutation = fc.oneof(
  fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({
    kind: fc.constant("insert" as const),
    at: fc.nat(),
    bytes: fc.constantFrom(
      [0x00],
      [0xff],
      [0xc3],
      [0xed, 0xa0, 0x80],
      [0x0b],
      [0x22],
      [0x3a],
      [0x7b],
      [0x0a, 0x20, 0x20],
    ),
  }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({
    kind: fc.constant("line" as const),
    at: fc.nat(),
    action: fc.constantFrom("duplicate", "remove", "indent", "dedent"),
  }),
  fc.record({
    kind: fc.constant("text" as const),
    at: fc.nat(),
    text: fc.constantFrom(
      "!!js/function ",
      "!custom ",
      "__proto__: x\n",
      "constructor: y\n",
      "&a ",
      "*a ",
      "<<: *a\n",
      "version: 1.10\n",
      "\t",
      "# c\n",
      "? ",
    ),
  }),
);

function applyBytes(bytes: Uint8Array, mutations: readonly fc.Arbitrary<unknown>[] | unknown[]): Uint8Array {
  let current = Buffer.from(bytes);
  for (const mutation of mutations as { kind: string; at: number; [key: string]: unknown }[]) {
    const at = current.length === 0 ? 0 : mutation.at % current.length;
    switch (mutation.kind) {
      case "flip": {
        const copy = Buffer.from(current);
        copy[at] = copy[at]! ^ (1 << (mutation.bit as number));
        current = copy;
        break;
      }
      case "insert":
        current = Buffer.concat([
          current.subarray(0, at),
          Buffer.from(mutation.bytes as number[]),
          current.subarray(at),
        ]);
        break;
      case "delete":
        current = Buffer.concat([
          current.subarray(0, at),
          current.subarray(at + (mutation.length as number)),
        ]);
        break;
      case "text":
        current = Buffer.concat([
          current.subarray(0, at),
          Buffer.from(mutation.text as string),
          current.subarray(at),
        ]);
        break;
      case "line": {
        const lines = current.toString("latin1").split("\n");
        const index = mutation.at % lines.length;
        const line = lines[index]!;
        if (mutation.action === "duplicate") lines.splice(index, 0, line);
        else if (mutation.action === "remove") lines.splice(index, 1);
        else if (mutation.action === "indent") lines[index] = `  ${line}`;
        else lines[index] = line.replace(/^ {1,2}/, "");
        current = Buffer.from(lines.join("\n"), "latin1");
        break;
      }
    }
  }
  return current;
}

const mutatedExample: fc.Arbitrary<FuzzedFile> = fc
  .tuple(
    fc.integer({ min: 0, max: EXAMPLES.length - 1 }),
    fc.array(byteMutation, { minLength: 1, maxLength: 4 }),
  )
  .map(([index, mutations]) => ({
    label: `example ${index} with ${JSON.stringify(mutations)}`,
    source: applyBytes(EXAMPLES[index]!, mutations),
    format: "yaml" as const,
  }));

// --- structural mutations: near-valid documents with random damage ---
function mostly<T>(valid: fc.Arbitrary<T>, damaged: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof({ arbitrary: valid, weight: 30 }, { arbitrary: damaged, weight: 1 });
}
const factName = mostly(
  fc.constantFrom("taskType", "complexity", "stakes", "tenant"),
  fc.constantFrom("taskTyp", "__proto__", "", "x-y"),
);
const operator = mostly(
  fc.constantFrom("equal", "notEqual", "in", "greaterThan", "matches"),
  fc.constantFrom("grater", "", "notIn", "contains"),
);
const value = mostly(
  fc.constantFrom("classification", "high", 0.8, ["a", "b"], "^(eu|us)$", null, true),
  fc.oneof(
    fc.constantFrom("(", "^(a+)+$", "(a)\\1", [1, { x: 1 }], { fact: "complexity" }),
    fc.anything({ maxDepth: 2 }),
  ),
);
const leaf = fc.record({ fact: factName, operator, value }, { requiredKeys: ["fact", "operator", "value"] });
const condition = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.record({ all: fc.array(tie("node"), { maxLength: 3 }) }),
    fc.record({ any: fc.array(tie("node"), { maxLength: 3 }) }),
    fc.record({ not: tie("node") }),
  ),
})).node;
const tier = mostly(
  fc.constantFrom("haiku", "sonnet", "opus"),
  fc.constantFrom("hiaku", "", "__proto__", "constructor"),
);
const ruleBase = {
  name: mostly(fc.uuid(), fc.constantFrom("a", "")),
  priority: mostly(fc.integer({ min: 1, max: 5 }), fc.constantFrom(0, -1, 1.5, 1e308)),
  reason: mostly(fc.constant("because"), fc.constant("")),
  when: mostly(fc.record({ all: fc.array(condition, { maxLength: 3 }) }), condition),
};
const usd = mostly(
  fc.oneof(
    fc.integer({ min: 1, max: 1_000_000 }),
    fc.constantFrom("12.50", "0.000000000001", 25, "9223372.036854775807"),
  ),
  fc.constantFrom(
    9_300_000,
    1e308,
    1e-13,
    "0.000000000000",
    "99999999999999999999",
    "1e3",
    -5,
    Number.NaN,
    "0.1000000000000001",
  ),
);
const document = fc.record(
  {
    name: mostly(fc.constant("fuzz"), fc.constantFrom("", "\u0000")),
    version: mostly(fc.constantFrom("1", "2.0.1"), fc.constantFrom(1.1, 2, "", 1e21)),
    mode: mostly(fc.constantFrom("enforce", "shadow"), fc.constant("dry")),
    tiers: mostly(
      fc.constant({ haiku: "claude-haiku-5-5", sonnet: "claude-sonnet-5-5", opus: "claude-opus-5-5" }),
      fc.dictionary(
        fc.constantFrom("haiku", "sonnet", "opus", "hiaku", "", "constructor"),
        fc.constantFrom("claude-haiku-5-5", "claude-3-haiku-20240307", "gpt-4", { family: "opus" }),
      ),
    ),
    defaultTier: tier,
    fallbackTier: tier,
    routing: fc.array(fc.record({ ...ruleBase, tier }, { requiredKeys: ["name", "reason", "tier"] }), {
      maxLength: 3,
    }),
    ceilings: fc.array(
      fc.record(
        { ...ruleBase, maxTokens: mostly(fc.integer({ min: 1, max: 300_000 }), fc.constantFrom(0, "9")) },
        { requiredKeys: ["name", "reason", "maxTokens"] },
      ),
      { maxLength: 2 },
    ),
    budgets: fc.record(
      {
        limits: fc.array(
          fc.record({
            scope: fc.constantFrom("tenant", "team"),
            period: fc.constantFrom("day", "month"),
            usd,
          }),
          { maxLength: 2 },
        ),
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: ["name", "version", "defaultTier", "fallbackTier"] },
);
const structural: fc.Arbitrary<FuzzedFile> = fc
  .tuple(document, fc.constantFrom("object", "yaml", "json"))
  .map(([generated, form]) => {
    if (form === "object")
      return { label: `object ${safeJson(generated)}`, source: generated as object, format: "yaml" as const };
    const text = form === "json" ? (JSON.stringify(generated) ?? "null") : stringify(generated);
    return { label: `${form} ${text.slice(0, 400)}`, source: Buffer.from(text), format: form };
  });

// --- adversarial values in a valid document ---
const adversarial: fc.Arbitrary<FuzzedFile> = fc
  .constantFrom(
    ["budgets", { limits: [{ scope: "tenant", period: "day", usd: 9_300_000 }] }],
    ["budgets", { limits: [{ scope: "tenant", period: "day", usd: "1e-13" }] }],
    [
      "routing",
      [
        {
          name: "r",
          reason: "x",
          tier: "haiku",
          when: { all: [{ fact: "tenant", operator: "matches", value: "^(a+)+$" }] },
        },
      ],
    ],
    [
      "routing",
      [
        {
          name: "r",
          reason: "x",
          tier: "haiku",
          when: { all: [{ fact: "tenant", operator: "matches", value: "(x+x+)+y" }] },
        },
      ],
    ],
    [
      "routing",
      [
        {
          name: "r",
          reason: "x",
          tier: "haiku",
          when: { all: [{ fact: "tenant", operator: "matches", value: "^(?=a)" }] },
        },
      ],
    ],
    [
      "tiers",
      JSON.parse(
        '{"haiku":"claude-haiku-5-5","sonnet":"claude-sonnet-5-5","opus":"claude-opus-5-5","__proto__":"claude-opus-5-5"}',
      ),
    ],
    ["description", "x".repeat(200_000)],
    ["routing", [{ name: "deep", reason: "x", tier: "haiku", when: nest(30) }]],
    [
      "routing",
      Array.from({ length: 300 }, (_, index) => ({
        name: `r${index}`,
        reason: "x",
        tier: "haiku",
        when: { all: [{ fact: "tenant", operator: "equal", value: `t${index}` }] },
      })),
    ],
  )
  .chain(([key, replacement]) =>
    fc.constantFrom("object", "yaml", "json").map((form) => {
      const base = { ...(exampleDocument() as Record<string, unknown>), [key as string]: replacement };
      if (form === "object")
        return { label: `adversarial ${String(key)} (object)`, source: base, format: "yaml" as const };
      const text = form === "json" ? JSON.stringify(base) : stringify(base);
      return { label: `adversarial ${String(key)} (${form})`, source: Buffer.from(text), format: form };
    }),
  );

function nest(depth: number): unknown {
  let node: unknown = { fact: "tenant", operator: "equal", value: "x" };
  for (let level = 0; level < depth; level++) node = { all: [node] };
  return node;
}

function exampleDocument(): unknown {
  return JSON.parse(JSON.stringify(defaultPolicy()));
}

/** Every kind of fuzzed policy file, mixed. */
export const fuzzedPolicyFile: fc.Arbitrary<FuzzedFile> = fc.oneof(
  { arbitrary: mutatedExample, weight: 4 },
  { arbitrary: structural, weight: 4 },
  { arbitrary: adversarial, weight: 1 },
);

/**
 * The oracle: refused with a path or a line, or accepted and safe (decide() never throws, never
 * faults on well-typed facts, stays in bounds), and a reload with the version's own cases
 * replaces the serving policy only when they pass.
 */
export function judgeFuzzedPolicy(file: FuzzedFile): FuzzVerdict {
  const result = checkPolicyVersion({ source: file.source, format: file.format });
  if (!result.ok) {
    const { issues } = result.error;
    if (issues.length === 0)
      return { outcome: "violation", reason: `refused without an issue: ${result.error.message}` };
    for (const issue of issues) {
      if (issue.message === "") return { outcome: "violation", reason: "an issue without a message" };
      // Problems of the whole document or of its trial (which names the facts) have no path.
      const whole =
        /^(is [\d,]+ bytes|contains U\+FFFD|not valid UTF-8|a decision|one decision|cannot be compiled)/.test(
          issue.message,
        );
      if (issue.path === "" && issue.line === undefined && !whole) {
        return { outcome: "violation", reason: `an issue without a path or line: ${issue.message}` };
      }
    }
    return { outcome: "refused", code: result.error.code };
  }
  const policy = result.policy;
  let decisions = 0;
  for (const facts of trialFacts({ policy, count: 32, seed: 7 })) {
    let decision: Decision;
    try {
      decision = decide({ policy, facts });
    } catch (error) {
      return { outcome: "violation", reason: `decide() threw: ${(error as Error).message}` };
    }
    decisions++;
    const problem = malformed(policy, decision);
    if (problem) return { outcome: "violation", reason: `${problem} on ${safeJson(facts)}` };
  }
  const reload = reloadKeepsCases(policy);
  if (reload) return { outcome: "violation", reason: reload };
  return { outcome: "accepted", decisions };
}

function malformed(policy: Policy, decision: Decision): string | undefined {
  if (decision.kind === "route") {
    if (decision.fallback) return `a fallback decision (${decision.reasons[0]})`;
    if (!Object.hasOwn(policy.tiers, decision.tier)) return `an unknown tier ${decision.tier}`;
    if (!(decision.maxTokens > 0)) return `maxTokens ${decision.maxTokens}`;
    return undefined;
  }
  if (!["budget_exhausted", "no_eligible_model", "policy_rejected"].includes(decision.code))
    return `reject code ${decision.code}`;
  return undefined;
}

/**
 * A reload with cases taken from the version's own decisions must apply; with one case changed
 * to expect another tier it must be refused, the serving policy unchanged and still passing its cases.
 */
function reloadKeepsCases(policy: Policy): string | undefined {
  const holder = createPolicyEngine({ policy: defaultPolicy() });
  const serving = holder.current();
  const facts: RequestFacts[] = trialFacts({ policy, count: 3, seed: 11 }).slice(-3);
  const cases: PolicyCase[] = facts.map((vector, index) => {
    const decision = decide({ policy, facts: vector });
    return {
      name: `case ${index}`,
      facts: vector,
      expect:
        decision.kind === "route"
          ? { kind: "route", tier: decision.tier }
          : { kind: "reject", code: decision.code },
    };
  });
  const wrong = cases.map((testCase, index) =>
    index === 0
      ? {
          ...testCase,
          expect: { ...testCase.expect, kind: testCase.expect.kind === "route" ? "reject" : "route" },
        }
      : testCase,
  );
  const refused = holder.update({ source: policy, cases: wrong });
  if (refused.ok) return "a version that fails its own cases replaced the serving policy";
  if (holder.current() !== serving) return "a refused version changed the serving policy";
  const applied = holder.update({ source: policy, cases });
  if (!applied.ok) return `a version passing its own cases was refused: ${applied.error.message}`;
  return undefined;
}

function safeJson(value: unknown): string {
  try {
    return (JSON.stringify(value) ?? String(value)).slice(0, 400);
  } catch {
    return String(value);
  }
}
