import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decide } from "../decide.js";
import { parsePolicy } from "../parse-policy.js";
import { compileLinearPattern, MAX_MATCH_INPUT } from "./linear-pattern.js";

function pattern(source: string) {
  const compiled = compileLinearPattern(source);
  if (!compiled.ok) throw new Error(compiled.message);
  return compiled.pattern;
}

function refusal(source: string): string {
  const compiled = compileLinearPattern(source);
  if (compiled.ok) throw new Error(`expected ${source} to be refused`);
  return compiled.message;
}

describe("matches patterns run in linear time with JavaScript's meaning", () => {
  it("answers the catastrophic pattern of the issue at once (it took JavaScript 60 s on 33 characters)", () => {
    const evil = pattern("^(a+)+$");
    expect(evil.test(`${"a".repeat(33)}!`)).toBe(false);
    expect(evil.test("a".repeat(33))).toBe(true);
    expect(pattern("^(a|a)*$").test(`${"a".repeat(MAX_MATCH_INPUT - 1)}!`)).toBe(false);
  });

  it("keeps JavaScript's meaning where RE2's differs: dot, \\s, code points, empty classes", () => {
    const cases: [string, string, boolean][] = [
      ["^a.b$", "a\rb", false], // RE2's dot matches \r; JavaScript's does not
      ["^a.b$", "a\u2028b", false],
      ["^a.b$", "a\u{1F600}b", true], // one code point
      ["^\\s$", "\u00a0", true], // RE2's \s is ASCII only
      ["^\\s$", "\ufeff", true],
      ["^\\S$", "\u3000", false],
      ["^[^\\s]$", "\u2009", false],
      ["[]", "anything", false],
      ["^[^]$", "\n", true],
      ["^\\w+\\b", "été", false], // \w and \b are ASCII in both
      ["^[[:a]$", ":", true], // JavaScript's reading: a class of "[", ":" and "a" (RE2 would see a POSIX class)
      ["^[[:a]$", "b", false],
      ["^(?<region>eu|us)-\\d{2,3}$", "eu-123", true],
      ["^x{2}$", "xxx", false],
    ];
    for (const [source, input, expected] of cases) {
      expect([source, input, pattern(source).test(input)]).toEqual([source, input, expected]);
      expect(new RegExp(source, "u").test(input)).toBe(expected);
    }
  });

  it("agrees with JavaScript's RegExp on generated patterns and inputs", () => {
    const atom = fc.oneof(
      fc.constantFrom("a", "b", "\\.", ".", "\\s", "\\S", "\\d", "\\w", "\\W", "\\u{1F600}", "\\n", "-"),
      fc.constantFrom("[ab]", "[^a]", "[a-c\\s]", "[^\\d\\s]", "[\\u2028-\\u2029]", "[]", "[^]"),
    );
    const regex = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: "small" },
        atom,
        fc.tuple(tie("node"), tie("node")).map(([left, right]) => `${left}${right}`),
        fc.tuple(tie("node"), tie("node")).map(([left, right]) => `(?:${left}|${right})`),
        fc
          .tuple(tie("node"), fc.constantFrom("*", "+", "?", "{2}", "{1,3}", "*?", "{0,}"))
          .map(([operand, quantifier]) => `(${operand})${quantifier}`),
        tie("node").map((inner) => `^${inner}`),
        tie("node").map((inner) => `${inner}$`),
        tie("node").map((inner) => `\\b${inner}`),
      ),
    })).node as fc.Arbitrary<string>;
    const input = fc
      .array(
        fc.constantFrom(
          "a",
          "b",
          "c",
          ".",
          " ",
          "\n",
          "\r",
          "\u00a0",
          "\u2028",
          "1",
          "_",
          "\u{1F600}",
          "é",
          "-",
        ),
        {
          maxLength: 12,
        },
      )
      .map((characters) => characters.join(""));
    fc.assert(
      fc.property(regex, fc.array(input, { minLength: 1, maxLength: 8 }), (source, inputs) => {
        const linear = pattern(source);
        const native = new RegExp(source, "u");
        for (const text of inputs)
          expect([source, text, linear.test(text)]).toEqual([source, text, native.test(text)]);
      }),
      { numRuns: 500, seed: 16 },
    );
  });

  it("has JavaScript's \\s: every code point agrees", () => {
    const linear = pattern("\\s");
    const native = /\s/u;
    const disagreements: number[] = [];
    for (let code = 0; code <= 0x10ffff; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const character = String.fromCodePoint(code);
      if (linear.test(character) !== native.test(character)) disagreements.push(code);
    }
    expect(disagreements).toEqual([]);
  });

  it("refuses what a linear engine cannot run, or cannot run with the same meaning, saying why", () => {
    expect(refusal("^(a)\\1$")).toMatch(
      /^backreference \\1 is not supported: matches patterns run in linear time/,
    );
    expect(refusal("^a(?=b)")).toMatch(/^\(\?=b\) is not supported/);
    expect(refusal("(?<!x)a")).toMatch(/not supported/);
    expect(refusal("\\p{L}+")).toContain("Unicode property escapes are not supported");
    expect(refusal("(?i:abc)")).toContain("inline flag groups are not supported");
    expect(refusal("a{1001}")).toContain("repeat counts above 1000");
    expect(refusal("(")).toMatch(/^invalid regular expression: /);
    expect(refusal("[[:alpha:]]")).toContain("Lone quantifier brackets"); // JavaScript refuses it with the u flag
    expect(refusal("x".repeat(1001))).toContain("at most 1000");
  });

  it("refuses such patterns when the policy loads, with the path", () => {
    const result = parsePolicy({
      source: {
        name: "p",
        version: "1",
        defaultTier: "sonnet",
        fallbackTier: "sonnet",
        routing: [
          {
            name: "r",
            reason: "x",
            tier: "haiku",
            when: { all: [{ fact: "tenant", operator: "matches", value: "^(\\w+)\\1$" }] },
          },
        ],
      },
    });
    expect(!result.ok && result.error.issues[0]).toMatchObject({ path: "routing[0].when.all[0].value" });
  });

  it("turns a fact longer than the bound into a fallback decision, never a slow match", () => {
    const result = parsePolicy({
      source: {
        name: "p",
        version: "1",
        defaultTier: "sonnet",
        fallbackTier: "opus",
        routing: [
          {
            name: "r",
            reason: "x",
            tier: "haiku",
            when: { all: [{ fact: "tenant", operator: "matches", value: "^(a+)+$" }] },
          },
        ],
      },
    });
    if (!result.ok) throw result.error;
    expect(decide({ policy: result.policy, facts: { tenant: "a".repeat(29) } })).toMatchObject({
      tier: "haiku",
    });
    const long = decide({ policy: result.policy, facts: { tenant: "a".repeat(MAX_MATCH_INPUT + 1) } });
    expect(long).toMatchObject({ kind: "route", tier: "opus", fallback: true });
    expect(long.kind === "route" && long.reasons[0]).toContain("matches reads at most 4096 characters");
  });
});
