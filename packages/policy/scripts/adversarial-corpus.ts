/**
 * The issue's adversarial corpus, re-created: 298 malformed and adversarial policy files made
 * from examples/support-pipeline.yaml (money out of range, catastrophic and unsupported patterns,
 * invalid UTF-8, NUL and control bytes, unknown tags, duplicate and reserved keys, numeric
 * versions, oversized files, syntax errors, broken structure, alias bombs, and rewritings that
 * keep the meaning). Each goes through what a hot reload does (checkPolicyVersion: strict
 * reading, schema, trial) and is judged:
 *   handled well = refused with a path or a line (the serving policy untouched), or accepted with
 *   its meaning unchanged (the same decisions as the file it was made from, on the trial's fact
 *   vectors; for a pattern, the same answers as JavaScript's RegExp).
 *
 *   ./dev node packages/policy/scripts/adversarial-corpus.ts [--out DIR] [--verbose]
 */
import "../../../scripts/ts-source-hooks.mjs";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";

// Imported after the hook is registered (static imports resolve before it).
const { checkPolicyVersion, createPolicyEngine, decide, formatPolicyIssue, parsePolicy } = (await import(
  "@rightsize/policy"
)) as typeof import("@rightsize/policy");
const { trialFacts } = (await import("../src/trial-facts.js")) as typeof import("../src/trial-facts.js");
type Policy = import("@rightsize/policy").Policy;

const { values } = parseArgs({ options: { out: { type: "string" }, verbose: { type: "boolean" } } });
// The example with two budget limits, so money has somewhere to go.
const base = readFileSync(new URL("../examples/support-pipeline.yaml", import.meta.url), "utf8").replace(
  "  limits: []",
  '  limits:\n    - { scope: tenant, period: month, usd: 500 }\n    - { scope: tenant, subject: acme, period: day, usd: "25.00", onExhaust: reject }',
);
const baseBytes = Buffer.from(base);
const baseParsed = parsePolicy({ source: base });
if (!baseParsed.ok) throw baseParsed.error;
const vectors = trialFacts({ policy: baseParsed.policy, count: 64, seed: 298 });
const decisionsOf = (policy: Policy, options: { reasons?: boolean } = {}) =>
  JSON.stringify(
    vectors.map((facts) => {
      const decision: Record<string, unknown> = { ...decide({ policy, facts }), policy: null };
      if (options.reasons === false) delete decision.reasons;
      return decision;
    }),
  );
const baseDecisions = decisionsOf(baseParsed.policy);

/** A corpus file: its bytes, and whether it keeps the base's meaning (accepting it is then right). */
interface CorpusFile {
  category: string;
  name: string;
  bytes: Uint8Array;
  format: "yaml" | "json";
  /** "same": must be accepted with the base's decisions, or refused; "pattern": a matches rule to compare with RegExp; undefined: must be refused. */
  meaning?: "same" | { pattern: string } | { version: string } | { reasonLength: number };
}

const files: CorpusFile[] = [];
function add(
  [category, name]: [string, string],
  text: string | Uint8Array,
  options: { meaning?: CorpusFile["meaning"]; format?: "yaml" | "json" } = {},
) {
  const bytes = typeof text === "string" ? Buffer.from(text) : text;
  const { meaning, format = "yaml" } = options;
  files.push({ category, name, bytes, format, ...(meaning ? { meaning } : {}) });
}
const replace = (from: string, to: string) => {
  if (!base.includes(from)) throw new Error(`the example no longer contains ${from}`);
  return base.replace(from, to);
};
const limit = (usd: string) =>
  replace("{ scope: tenant, period: month, usd: 500 }", `{ scope: tenant, period: month, usd: ${usd} }`);
const pattern = (value: string) =>
  replace("    tier: haiku\n", `    tier: haiku\n`).replace(
    "routing:\n",
    `routing:\n  - name: pattern-rule\n    priority: 50\n    reason: adversarial pattern\n    when: { all: [{ fact: tenant, operator: matches, value: ${JSON.stringify(value)} }] }\n    tier: opus\n`,
  );

// 1. Money (34)
for (const usd of [
  "9300000",
  "1e308",
  '"1e308"',
  "9223372.036854775808",
  "1e-13",
  '"0.000000000000"',
  "0",
  "-1",
  '"0.0000000000001"',
  "0.1000000000000000001",
  '"12.5e2"',
  "1.5E3",
  '".5"',
  '"5."',
  '"1,000"',
  '"$25"',
  '"25 USD"',
  ".nan",
  ".inf",
  "-.inf",
  "true",
  "null",
  "[]",
  "{}",
  '"0x10"',
  "0x10",
  '"1_000"',
])
  add(["money", `usd ${usd}`], limit(usd));
for (const digits of [20, 40, 80, 400])
  add(["money", `usd of ${digits} digits`], limit(`"${"9".repeat(digits)}"`));
for (const usd of ["500.0", '"500"', "500.000000000000"])
  add(["money", `usd ${usd} (same amount)`], limit(usd), { meaning: "same" });

// 2. Patterns (20)
for (const value of [
  "^(a+)+$",
  "(a|a)*$",
  "(x+x+)+y",
  "^(\\w+\\s?)*$",
  "(.*a){12}",
  "^(a|aa)+$",
  "([a-z]+)*[0-9]",
  "^(([a-z])+.)+[A-Z]([a-z])+$",
])
  add(["pattern", `catastrophic ${value}`], pattern(value), { meaning: { pattern: value } });
for (const value of [
  "(a)\\1",
  "^(?=acme)",
  "(?<!x)y",
  "(?!a)b",
  "\\p{L}+",
  "(?i:acme)",
  "a{1001}",
  "(",
  "[z-a]",
  "x".repeat(1001),
  "\\k<n>",
  "(?<n>a)\\k<n>",
])
  add(["pattern", `unsupported ${value.slice(0, 20)}`], pattern(value));

// 3. Encoding (48)
const invalidSequences = [
  [0xff],
  [0xc3],
  [0xc0, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xf0, 0x9f, 0x98],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
];
const positions = ["extraction", "haiku", "support-pipeline", "acme", "reason", "usd"];
for (const [index, sequence] of invalidSequences.entries())
  for (const word of positions) {
    const at = base.indexOf(word) + 2;
    add(
      ["encoding", `bytes ${sequence.map((byte) => byte.toString(16)).join(" ")} in ${word}`],
      Buffer.concat([baseBytes.subarray(0, at), Buffer.from(sequence), baseBytes.subarray(at)]),
    );
    if (index > 3) break;
  }
for (const word of positions) {
  const at = base.indexOf(word) + 1;
  add(
    ["encoding", `NUL in ${word}`],
    Buffer.concat([baseBytes.subarray(0, at), Buffer.from([0]), baseBytes.subarray(at)]),
  );
}
for (const control of [0x01, 0x08, 0x0b, 0x1b, 0x7f])
  add(
    ["encoding", `control 0x${control.toString(16)}`],
    Buffer.concat([baseBytes.subarray(0, 30), Buffer.from([control]), baseBytes.subarray(30)]),
  );
add(["encoding", "escaped NUL in a string"], replace("name: support-pipeline", 'name: "support\\0pipeline"'));
add(["encoding", "U+FFFD in the text"], replace("extraction", "extr\uFFFDction"));
add(["encoding", "UTF-16LE file"], Buffer.from(`\uFEFF${base}`, "utf16le"));
add(["encoding", "UTF-8 BOM (same meaning)"], Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), baseBytes]), {
  meaning: "same",
});

// 4. Tags (14)
for (const tag of [
  "!!js/function",
  "!!js/regexp",
  "!!js/undefined",
  "!!python/object",
  "!custom",
  "!!binary",
  "!!set",
  "!!omap",
  "!!timestamp",
  "!<tag:example.com,2026:x>",
])
  add(["tags", `${tag} on a value`], replace("defaultTier: sonnet", `defaultTier: ${tag} sonnet`));
add(
  ["tags", "!!str on a string (same meaning)"],
  replace("defaultTier: sonnet", "defaultTier: !!str sonnet"),
  { meaning: "same" },
);
add(["tags", "!!int on a priority (same meaning)"], replace("priority: 10", "priority: !!int 10"), {
  meaning: "same",
});
add(["tags", "!!str on a number"], replace("priority: 10", "priority: !!str 10"));
add(["tags", "!!float on a ceiling"], replace("maxTokens: 256", "maxTokens: !!float 256"));

// 5. Duplicate keys (14)
for (const key of ["name", "version", "defaultTier", "fallbackTier", "mode"])
  add(
    ["duplicates", `YAML duplicate ${key}`],
    `${base}\n${key}: ${key === "version" ? '"9"' : key === "mode" ? "shadow" : "opus"}\n`,
  );
add(
  ["duplicates", "YAML duplicate tier"],
  replace("  opus: claude-opus-5-5", "  opus: claude-opus-5-5\n  opus: claude-haiku-5-5"),
);
const json = JSON.stringify(JSON.parse(JSON.stringify(baseParsed.policy)));
for (const key of ["name", "defaultTier", "fallbackTier", "mode", "version", "routing", "tiers", "caching"])
  add(
    ["duplicates", `JSON duplicate ${key}`],
    json.replace(
      "{",
      `{${JSON.stringify(key)}:${key === "routing" ? "[]" : key === "tiers" || key === "caching" ? "{}" : '"x"'},`,
    ),
    { format: "json" },
  );

// 6. Reserved keys (14)
for (const key of ["__proto__", "constructor", "prototype"]) {
  add(
    ["reserved", `${key} tier`],
    replace("  opus: claude-opus-5-5", `  opus: claude-opus-5-5\n  ${key}: claude-haiku-5-5`),
  );
  add(["reserved", `${key} at the top`], `${base}\n${key}: x\n`);
  add(
    ["reserved", `${key} chain`],
    replace("escalation:", `escalation:\n  chains: { ${key}: [opus] }\n  x-escalation:`).replace(
      "  x-escalation:",
      "",
    ),
  );
  add(
    ["reserved", `${key} in JSON`],
    json.replace('"tiers":{', `"tiers":{${JSON.stringify(key)}:"claude-haiku-5-5",`),
    { format: "json" },
  );
}
add(["reserved", "__proto__ fact"], replace("fact: taskType", "fact: __proto__"));
add(["reserved", "constructor path"], replace("fact: taskType", 'fact: account, path: "$.constructor"'));

// 7. Versions (14)
for (const version of ["1.10", "1.0", "2.50", "1e3", "0x10", ".inf", ".nan", "1.", "010", "-1.0"])
  add(["versions", `version ${version}`], replace('version: "1.0.0"', `version: ${version}`));
// Not numbers in YAML 1.2: plain strings, kept as written.
for (const version of ["1_0", "1.1.0e2"])
  add(
    ["versions", `version ${version} (a string, as written)`],
    replace('version: "1.0.0"', `version: ${version}`),
    { meaning: { version } },
  );
add(["versions", "version 3 (as written)"], replace('version: "1.0.0"', "version: 3"), { meaning: "same" });
add(["versions", 'version "1.10" quoted (as written)'], replace('version: "1.0.0"', 'version: "1.10"'), {
  meaning: "same",
});

// 8. Size (5)
add(["size", "1 MiB + 1 byte"], `${base}#${"x".repeat(1024 * 1024 - baseBytes.length)}\n`);
add(["size", "10 MB"], `${base}#${"x".repeat(10 * 1024 * 1024)}\n`);
add(
  ["size", "60,000 rules (about 10 MB)"],
  `${base.replace("routing:\n", `routing:\n${Array.from({ length: 60_000 }, (_, index) => `  - { name: r${index}, reason: x, tier: haiku, when: { all: [{ fact: tenant, operator: equal, value: t${index} }] } }\n`).join("")}`)}`,
);
add(
  ["size", "just under 1 MiB (same meaning)"],
  `${base}#${"x".repeat(1024 * 1024 - baseBytes.length - 10)}\n`,
  { meaning: "same" },
);
add(
  ["size", "a 200,000-character reason"],
  replace("reason: a label or a yes/no verdict fits in 256 tokens", `reason: ${"x".repeat(200_000)}`),
  { meaning: { reasonLength: 200_000 } },
);

// 9. Syntax (30)
for (let cut = 1; cut <= 20; cut++) {
  const at = Math.floor((baseBytes.length * cut) / 21);
  add(["syntax", `truncated at byte ${at}`], baseBytes.subarray(0, at));
}
for (const [name, text] of [
  ["tab indentation", base.replace("  haiku: claude-haiku-5-5", "\thaiku: claude-haiku-5-5")],
  [
    "unclosed flow map",
    base.replace("{ scope: tenant, period: month, usd: 500 }", "{ scope: tenant, period: month, usd: 500"),
  ],
  ["unclosed quote", base.replace('version: "1.0.0"', 'version: "1.0.0')],
  ["two documents", `${base}\n---\nname: other\n`],
  ["misindented key", base.replace("defaultTier: sonnet", "   defaultTier: sonnet")],
  ["a list at the top", "- a\n- b\n"],
  ["a scalar at the top", "policy\n"],
  ["empty file", ""],
  ["JSON with a trailing comma", json.replace(/}$/, ",}")],
  ["JSON with comments", `// policy\n${json}`],
] as const)
  add(["syntax", name], text, { format: name.startsWith("JSON") ? "json" : "yaml" });

// 10. Structure (40)
for (const [name, from, to] of [
  ["unknown top-level key", "mode: enforce", "mode: enforce\nmodes: shadow"],
  ["misspelled operator", "operator: in", "operator: inn"],
  ["unknown tier", "tier: haiku", "tier: hiaku"],
  [
    "rule without a reason",
    "    reason: routine classification, extraction and detection hold quality on Haiku\n",
    "",
  ],
  ["priority 0", "priority: 10", "priority: 0"],
  ["priority 1.5", "priority: 10", "priority: 1.5"],
  ["priority 1e308", "priority: 10", "priority: 1e308"],
  ["maxTokens 0", "maxTokens: 256", "maxTokens: 0"],
  ["maxTokens string", "maxTokens: 256", 'maxTokens: "256"'],
  ["maxTokens 1e9", "maxTokens: 256", "maxTokens: 1000000000"],
  ["empty any", "all:\n        - { fact: taskType", "any: []\n      x:\n        - { fact: taskType"],
  ["in with a string", "value: [classification, extraction, detection]", "value: classification"],
  ["greaterThan a string", "operator: in", "operator: greaterThan"],
  ["fact params", "fact: taskType", "fact: taskType, params: { a: 1 }"],
  [
    "condition reference",
    "all:\n        - { fact: taskType",
    "all:\n        - { condition: shared }\n        - { fact: taskType",
  ],
  ["bad JSONPath", "fact: taskType", 'fact: account, path: "$..plan"'],
  ["tiers as a list", "tiers:", "tiers: []\nx-tiers:"],
  ["retired model", "claude-haiku-5-5", "claude-3-haiku-20240307"],
  ["unknown model", "claude-haiku-5-5", "gpt-4"],
  ["unknown family", "claude-haiku-5-5", "{ family: gemini }"],
  ["fallback tier unknown", "fallbackTier: sonnet", "fallbackTier: nope"],
  ["chain with unknown tier", "escalation:", "escalation:\n  chains: { bad: [nope] }\nx-escalation:"],
  ["onExhaust panic", "onExhaust: downgrade", "onExhaust: panic"],
  ["scope team", "scope: tenant, period: month", "scope: team, period: month"],
  ["period week", "scope: tenant, period: month", "scope: tenant, period: week"],
  ["ttl 2h", "ttl: 5m", "ttl: 2h"],
  ["breakpoints empty", "breakpoints: [tools, system, static-messages]", "breakpoints: []"],
  ["mode dry", "mode: enforce", "mode: dry"],
  ["name empty", "name: support-pipeline", 'name: ""'],
  ["reject and tier", "    tier: haiku\n", "    tier: haiku\n    reject: true\n"],
] as const) {
  if (!base.includes(from)) continue;
  add(["structure", name], base.replace(from, to).replace(/\nx-(tiers|escalation):/, "\nx-$1-unused:"));
}
let deep = "{ fact: tenant, operator: equal, value: x }";
for (let level = 0; level < 30; level++) deep = `{ all: [${deep}] }`;
add(
  ["structure", "conditions 30 deep"],
  pattern("x").replace(`{ all: [{ fact: tenant, operator: matches, value: "x" }] }`, deep),
);
for (const [name, text] of [
  ["null document", "null\n"],
  ["numbers everywhere", "name: 1\nversion: 2\ndefaultTier: 3\nfallbackTier: 4\n"],
  ["arrays everywhere", "name: []\nversion: []\ndefaultTier: []\nfallbackTier: []\n"],
] as const)
  add(["structure", name], text);

// 11. Alias bombs (5)
const laughs = (levels: number) =>
  `name: p\nversion: "1"\ndefaultTier: sonnet\nfallbackTier: sonnet\nx0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n${Array.from({ length: levels }, (_, index) => `x${index + 1}: &a${index + 1} [${Array(9).fill(`*a${index}`).join(", ")}]`).join("\n")}\n`;
for (const levels of [3, 6, 9]) add(["aliases", `billion laughs, ${levels} levels`], laughs(levels));
add(["aliases", "alias to no anchor"], `${base}\nx: *nothing\n`);
add(
  ["aliases", "alias as a key"],
  replace("  opus: claude-opus-5-5", "  &k opus: claude-opus-5-5\n  *k : claude-haiku-5-5"),
);

// 12. Rewritings that keep the meaning (the rest, up to 298)
const rewritings: [string, string, "yaml" | "json"][] = [
  ["as JSON", JSON.stringify(baseParsed.policy, null, 2), "json"],
  ["as compact JSON", json, "json"],
  ["CRLF line endings", base.replaceAll("\n", "\r\n"), "yaml"],
  ["document markers", `---\n${base}...\n`, "yaml"],
  [
    "comments everywhere",
    base.replaceAll("\n", " # note\n").replace(/^name: support-pipeline # note/, "name: support-pipeline"),
    "yaml",
  ],
  ["blank lines", base.replaceAll("\n\n", "\n\n\n\n"), "yaml"],
  ["trailing spaces", base.replaceAll("\n", "  \n"), "yaml"],
  ["quoted tier names", base.replace("defaultTier: sonnet", 'defaultTier: "sonnet"'), "yaml"],
  ["single-quoted name", base.replace("name: support-pipeline", "name: 'support-pipeline'"), "yaml"],
  ["usd as a string", base.replace("usd: 500 }", 'usd: "500" }'), "yaml"],
];
while (files.length + rewritings.length < 298) {
  const index = files.length;
  rewritings.push([`comment padding ${index}`, `# padding ${"#".repeat(index)}\n${base}`, "yaml"]);
}
for (const [name, text, format] of rewritings.slice(0, Math.max(0, 298 - files.length)))
  add(["same meaning", name], text, { meaning: "same", format: format });

// --- judge every file as a hot reload would ---
if (values.out) mkdirSync(values.out, { recursive: true });
const holder = createPolicyEngine({ policy: baseParsed.policy });
const serving = holder.current();
const byCategory = new Map<string, { total: number; well: number }>();
const badlyHandled: string[] = [];
for (const [index, file] of files.entries()) {
  if (values.out)
    writeFileSync(join(values.out, `${String(index).padStart(3, "0")}.${file.format}`), file.bytes);
  const result = checkPolicyVersion({ source: file.bytes, format: file.format });
  let verdict: string | undefined;
  if (!result.ok) {
    const unlocated = result.error.issues.filter(
      (issue) =>
        issue.path === "" &&
        issue.line === undefined &&
        !/^(is [\d,]+ bytes|not valid UTF-8|a decision)/.test(issue.message),
    );
    if (result.error.issues.length === 0 || unlocated.length > 0)
      verdict = `refused without a path or line: ${result.error.message.slice(0, 200)}`;
    const reloaded = holder.update({ source: file.bytes, format: file.format });
    if (reloaded.ok || holder.current() !== serving)
      verdict = "a refused version replaced the serving policy";
  } else if (file.meaning === "same") {
    if (decisionsOf(result.policy) !== baseDecisions) verdict = "accepted with a different meaning";
  } else if (file.meaning && "reasonLength" in file.meaning) {
    const kept = result.policy.ceilings.some(
      (rule) => rule.reason.length === (file.meaning as { reasonLength: number }).reasonLength,
    );
    if (
      !kept ||
      decisionsOf(result.policy, { reasons: false }) !== decisionsOf(baseParsed.policy, { reasons: false })
    )
      verdict = "the long reason was not kept as written";
  } else if (file.meaning && "version" in file.meaning) {
    if (result.policy.version !== file.meaning.version || decisionsOf(result.policy) !== baseDecisions)
      verdict = `version read as ${JSON.stringify(result.policy.version)}`;
  } else if (file.meaning && "pattern" in file.meaning) {
    const native = new RegExp(file.meaning.pattern, "u");
    for (const tenant of ["", "a", "aaaaaaaaaaaa!", "acme", "xxxxy", "abc1", "Ab.Cd", "a a a a"]) {
      const routed = decide({ policy: result.policy, facts: { tenant } });
      const matched = routed.kind === "route" && routed.matchedRules.includes("pattern-rule");
      if (matched !== native.test(tenant))
        verdict = `matches disagrees with RegExp on ${JSON.stringify(tenant)}`;
    }
  } else {
    verdict = "accepted, but it cannot keep its meaning";
  }
  const counts = byCategory.get(file.category) ?? { total: 0, well: 0 };
  counts.total++;
  if (verdict === undefined) counts.well++;
  else badlyHandled.push(`${file.category} / ${file.name}: ${verdict}`);
  byCategory.set(file.category, counts);
  if (values.verbose) {
    const summary = result.ok
      ? "accepted"
      : result.error.issues.map(formatPolicyIssue).join("; ").slice(0, 160);
    process.stdout.write(`${String(index).padStart(3)} ${file.category} / ${file.name}: ${summary}\n`);
  }
}
const well = [...byCategory.values()].reduce((sum, counts) => sum + counts.well, 0);
process.stdout.write(
  [
    `adversarial corpus: ${files.length} files, ${well} handled well (refused with a path or line, or accepted with the same meaning)`,
    ...[...byCategory].map(([category, counts]) => `  ${category.padEnd(14)} ${counts.well}/${counts.total}`),
    ...badlyHandled.map((line) => `  not handled well: ${line}`),
  ].join("\n") + "\n",
);
process.exitCode = badlyHandled.length > 0 ? 1 : 0;
