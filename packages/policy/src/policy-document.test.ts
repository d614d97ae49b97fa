import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parsePolicy } from "./parse-policy.js";
import { MAX_POLICY_BYTES } from "./policy-document.js";
import { formatPolicyIssue } from "./policy-error.js";

const example = readFileSync(new URL("../examples/support-pipeline.yaml", import.meta.url));
const minimal = (extra: string) =>
  `name: p\nversion: "1"\ndefaultTier: sonnet\nfallbackTier: sonnet\n${extra}`;

function refused(source: string | Uint8Array | object, format: "yaml" | "json" = "yaml"): string[] {
  const result = parsePolicy({ source, format });
  if (result.ok) throw new Error("expected a refusal");
  return result.error.issues.map(formatPolicyIssue);
}

// Each case of the issue: a file whose meaning would change silently is refused with where and why.
describe("a policy never changes meaning silently", () => {
  it("refuses invalid UTF-8 instead of decoding it to U+FFFD (extraction would stop matching)", () => {
    const text = example.toString("utf8");
    const at = text.indexOf("extraction");
    const bytes = Buffer.concat([example.subarray(0, at + 3), Buffer.from([0xff]), example.subarray(at + 3)]);
    const [issue] = refused(bytes);
    expect(issue).toMatch(/^line \d+, column \d+: not valid UTF-8: byte \d+ \(0xff\)/);
    // The same text already decoded with replacement characters is refused too.
    expect(refused(bytes.toString("utf8"))[0]).toContain("U+FFFD, the replacement character");
    // Valid bytes (a UTF-8 BOM included) load.
    expect(parsePolicy({ source: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), example]) }).ok).toBe(true);
  });

  it("refuses NUL bytes, raw or escaped", () => {
    expect(refused(minimal("description: a\u0000b\n"))).toEqual([
      "line 5, column 15: contains a NUL byte: a policy is text",
    ]);
    expect(refused(minimal('description: "a\\0b"\n'))).toEqual([
      "description (line 5, column 14): contains a NUL character",
    ]);
  });

  it("refuses unknown YAML tags instead of ignoring them", () => {
    expect(refused(minimal("description: !!js/function 'function () {}'\n"))).toEqual([
      "line 5, column 14: not valid YAML: Unresolved tag: tag:yaml.org,2002:js/function",
    ]);
    expect(refused(minimal("description: !custom x\n"))[0]).toContain("Unresolved tag: !custom");
  });

  it("refuses duplicate keys in JSON as in YAML", () => {
    const json =
      '{"name":"p","version":"1","defaultTier":"haiku","defaultTier":"opus","fallbackTier":"opus"}';
    expect(refused(json, "json")[0]).toMatch(/^line 1, column \d+: not valid JSON: Map keys must be unique/);
    expect(refused(minimal("defaultTier: opus\n"))[0]).toMatch(
      /^line 5, column 1: not valid YAML: Map keys must be unique/,
    );
  });

  it("refuses __proto__, constructor and prototype keys (a __proto__ tier used to vanish)", () => {
    expect(refused(minimal("tiers:\n  haiku: claude-haiku-5-5\n  __proto__: claude-opus-5-5\n"))).toEqual([
      'tiers.__proto__ (line 7, column 14): "__proto__" is reserved: it cannot name a tier, chain, fact or field (JavaScript would drop it or change the object\'s prototype)',
    ]);
    const json =
      '{"name":"p","version":"1","defaultTier":"sonnet","fallbackTier":"sonnet","escalation":{"chains":{"constructor":["opus"]}}}';
    expect(refused(json, "json")[0]).toMatch(
      /^escalation\.chains\.constructor \(line 1, column \d+\): "constructor" is reserved/,
    );
    const handBuilt = JSON.parse(
      '{"name":"p","version":"1","defaultTier":"sonnet","fallbackTier":"sonnet","tiers":{"__proto__":"x"}}',
    );
    expect(refused(handBuilt)[0]).toMatch(/^tiers\.__proto__: "__proto__" is reserved/);
  });

  it("reads versions as written: 1.10 must be quoted", () => {
    expect(refused("name: p\nversion: 1.10\ndefaultTier: sonnet\nfallbackTier: sonnet\n")).toEqual([
      'version (line 2, column 10): 1.10 reads as the number 1.1: quote it to keep it as written (version: "1.10")',
    ]);
    expect(
      refused('{"name":"p","version":2.0,"defaultTier":"sonnet","fallbackTier":"sonnet"}', "json")[0],
    ).toContain("2.0 reads as the number 2");
    const plain = parsePolicy({ source: "name: p\nversion: 3\ndefaultTier: sonnet\nfallbackTier: sonnet\n" });
    expect(plain.ok && plain.policy.version).toBe("3");
  });

  it("refuses a source over the size limit before parsing it", () => {
    const big = minimal(`description: "${"x".repeat(MAX_POLICY_BYTES)}"\n`);
    expect(refused(big)[0]).toMatch(
      /^is 1,048,6\d\d bytes: a policy may be at most 1,048,576 bytes \(1 MiB\)$/,
    );
  });

  it("locates schema problems by path and line", () => {
    expect(
      refused(minimal("routing:\n  - name: r\n    reason: x\n    tier: haiku\n    priority: 0\n")),
    ).toEqual(["routing[0].priority (line 9, column 15): Too small: expected number to be >=1"]);
  });
});
