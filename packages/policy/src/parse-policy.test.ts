import { readFileSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatIssue } from "@rightsize/contracts";
import { describe, expect, it } from "vitest";
import { loadPolicyFile, parsePolicy } from "./parse-policy.js";
import { PolicyError } from "./policy-error.js";

const examples = new URL("../examples/", import.meta.url);
const minimal = (extra: string) =>
  `name: p\nversion: "1"\ndefaultTier: sonnet\nfallbackTier: sonnet\n${extra}`;

function issuesOf(source: string | object): string[] {
  const result = parsePolicy({ source });
  if (result.ok) throw new Error("expected the policy to be rejected");
  return result.error.issues.map(formatIssue);
}

describe("parsePolicy", () => {
  it.each(["support-pipeline", "escalate-on-complexity", "batch-async"])(
    "accepts examples/%s.yaml",
    (name) => {
      const result = parsePolicy({ source: readFileSync(new URL(`${name}.yaml`, examples), "utf8") });
      expect(result.ok && result.policy.name).toBe(name);
    },
  );

  it("fills defaults: tiers bound to the latest of each family, enforce mode, caching on", () => {
    const result = parsePolicy({ source: minimal("") });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.policy.tiers).toEqual({
      haiku: { family: "haiku" },
      sonnet: { family: "sonnet" },
      opus: { family: "opus" },
    });
    expect(result.policy.mode).toBe("enforce");
    expect(result.policy.caching.enabled).toBe(true);
    expect(result.policy.budgets.onExhaust).toBe("downgrade");
  });

  it("names the path of a misspelled operator and suggests the closest one", () => {
    const rules = [0, 1, 2].map(
      (index) => `  - name: r${index}
    reason: because
    tier: haiku
    when:
      all:
        - { fact: complexity, operator: ${index === 2 ? "grater" : "greaterThan"}, value: 0.5 }`,
    );
    expect(issuesOf(minimal(`routing:\n${rules.join("\n")}\n`))).toEqual([
      'routing[2].when.all[0].operator: unknown operator "grater" (did you mean "greaterThan"?)',
    ]);
  });

  it("reports every problem, each with its path", () => {
    const issues = issuesOf(
      minimal(`routing:
  - name: a
    reason: r
    tier: hiaku
    when: { any: [] }
  - name: a
    reason: r
    tier: opus
    when: { all: [{ fact: taskType, operator: in, value: classification }] }
ceilings:
  - { name: c, reason: r, maxTokens: 0 }
`),
    );
    expect(issues).toEqual(
      expect.arrayContaining([
        "routing[0].when.any: needs at least one condition",
        "routing[1].when.all[0].value: in needs an array of strings, numbers, booleans or nulls",
        "ceilings[0].maxTokens: Too small: expected number to be >=1",
      ]),
    );
  });

  it("checks references between tiers, chains and rule names once the schema holds", () => {
    const issues = issuesOf(
      minimal(`routing:
  - { name: a, reason: r, tier: hiaku }
  - { name: a, reason: r, tier: opus, escalation: fast }
escalation:
  chain: [haiku, opus, haiku]
`),
    );
    expect(issues).toEqual([
      'escalation.chain[2]: tier "haiku" repeats',
      'routing[0].tier: unknown tier "hiaku" (did you mean "haiku"?)',
      'routing[1].escalation: unknown escalation chain "fast"',
      'routing[1].name: rule name "a" is already used at routing[0].name',
    ]);
  });

  it("refuses unknown keys, rules without a reason and routing rules with both tier and reject", () => {
    const issues = issuesOf(
      minimal(`routng: []\nrouting:\n  - { name: a, reason: "", tier: opus, reject: true }\n`),
    );
    expect(issues).toContain('routng: unknown key (did you mean "routing"?)');
    expect(issues).toContain("routing[0].reason: every rule needs a reason");
    expect(
      issues.some((issue) => issue.startsWith('routing[0]: a routing rule needs exactly one of "tier"')),
    ).toBe(true);
  });

  it("rejects a tier bound to a retired or unknown model, warns about a deprecated one", () => {
    expect(issuesOf(minimal("tiers:\n  sonnet: claude-3-7-sonnet-20250219\n"))).toEqual([
      'tiers.sonnet: model "claude-3-7-sonnet-20250219" is retired (2026-02-19)',
    ]);
    expect(issuesOf(minimal("tiers:\n  sonnet: claude-sonet-5-5\n"))[0]).toBe(
      'tiers.sonnet: unknown model "claude-sonet-5-5" (did you mean "claude-sonnet-5-5"?)',
    );
    const result = parsePolicy({
      source: minimal("tiers:\n  sonnet: claude-sonnet-4-5\n"),
      now: new Date("2026-11-01T00:00:00Z"),
    });
    expect(result.ok && result.warnings.map(formatIssue)).toEqual([
      'tiers.sonnet: model "claude-sonnet-4-5-20250929" is deprecated; it retires 2026-11-30',
    ]);
  });

  it("warns about custom facts that look like typos of known facts", () => {
    const result = parsePolicy({
      source: minimal(
        "routing:\n  - { name: a, reason: r, tier: sonnet, when: { all: [{ fact: taskTyp, operator: equal, value: x }] } }\n",
      ),
    });
    expect(result.ok && result.warnings.map(formatIssue)).toEqual([
      'routing[0].when.all[0].fact: custom fact "taskTyp" (did you mean "taskType"?)',
    ]);
  });

  it("reports syntax errors and parses JSON sources", () => {
    const bad = parsePolicy({ source: "name: [unclosed", origin: "p.yaml" });
    expect(!bad.ok && bad.error.code).toBe("syntax");
    // A syntax error is located by line and column, in the message and in the issues.
    expect(!bad.ok && bad.error.message).toMatch(/^p\.yaml: line 1, column 16: not valid YAML/);
    expect(!bad.ok && bad.error.issues[0]).toMatchObject({ path: "", line: 1, column: 16 });
    const json = parsePolicy({
      source: JSON.stringify({ name: "j", version: 2, defaultTier: "opus", fallbackTier: "opus" }),
      format: "json",
    });
    expect(json.ok && json.policy.version).toBe("2");
  });
});

describe("loadPolicyFile", () => {
  it("loads a valid file and throws a PolicyError naming the file and paths otherwise", async () => {
    const directory = await mkdtemp(join(tmpdir(), "policy-"));
    const good = join(directory, "good.yaml");
    await writeFile(good, minimal(""));
    expect((await loadPolicyFile(good)).name).toBe("p");
    const bad = join(directory, "bad.json");
    await writeFile(bad, JSON.stringify({ name: "b", version: "1", defaultTier: "x", fallbackTier: "opus" }));
    const error = await loadPolicyFile(bad).catch((caught: unknown) => caught);
    expect(PolicyError.isInstance(error)).toBe(true);
    expect((error as PolicyError).message).toBe(`${bad}: defaultTier (line 1, column 41): unknown tier "x"`);
    const missing = await loadPolicyFile(join(directory, "none.yaml")).catch((caught: unknown) => caught);
    expect((missing as PolicyError).code).toBe("io");
  });
});
