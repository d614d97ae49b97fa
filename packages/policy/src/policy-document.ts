import { formatIssuePath } from "@rightsize/contracts";
import { type Document, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, visit } from "yaml";
import { formatPolicyIssue, type PolicyIssue } from "./policy-error.js";

/**
 * The largest policy source accepted: 1 MiB. A policy is configuration every replica loads and
 * hot-reloads; the largest realistic one (a rule per tenant for a few thousand tenants) is far
 * below this, and the cap bounds what one reload can cost (the examples are 2-4 KB).
 */
export const MAX_POLICY_BYTES = 1024 * 1024;

export type PolicyFormat = "yaml" | "json";

type LocatedIssue = PolicyIssue;

/** A parsed policy document: the plain value, and how to find where a path was written. */
export interface PolicyDocument {
  value: unknown;
  /** The exact source text of each number, by path (`version`, `budgets.limits[0].usd`). */
  numberSources: ReadonlyMap<string, string>;
  /** Line and column (1-based) of the node at a path, when the source has one there. */
  locate(path: readonly PropertyKey[]): { line: number; column: number } | undefined;
}

export type ReadPolicyDocumentResult =
  | { ok: true; document: PolicyDocument }
  | { ok: false; code: "syntax" | "invalid"; message: string; issues: LocatedIssue[] };

/** Keys that change or lose an object's meaning in JavaScript (a `__proto__` tier would vanish). */
const RESERVED_KEYS = new Set(["__proto__", "constructor", "prototype"]);
/** Index of the first C0 control other than tab, LF and CR (or DEL): never meaningful in a policy. */
function firstControl(text: string): number {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f) return index;
  }
  return -1;
}

function controlName(code: number, nul: string): string {
  return code === 0 ? nul : `control character U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
}

/**
 * Reads a policy source strictly, so that what loads means what was written: bytes must be valid
 * UTF-8 (decoded with `fatal: true`); no NUL or other control characters; no unknown YAML tags
 * (`!!js/function`); no duplicate keys, in YAML or JSON; no `__proto__` / `constructor` /
 * `prototype` keys; at most MAX_POLICY_BYTES. Every refusal names the line and column or the path.
 */
export function readPolicyDocument(options: {
  source: string | Uint8Array;
  format: PolicyFormat;
}): ReadPolicyDocumentResult {
  const size = typeof options.source === "string" ? Buffer.byteLength(options.source) : options.source.length;
  if (size > MAX_POLICY_BYTES) {
    const message = `is ${size.toLocaleString("en-US")} bytes: a policy may be at most ${MAX_POLICY_BYTES.toLocaleString("en-US")} bytes (1 MiB)`;
    return { ok: false, code: "invalid", message, issues: [{ path: "", message }] };
  }
  const decoded = decode(options.source);
  if (!decoded.ok) return decoded;
  const text = decoded.text;
  const lines = new LineCounter();
  const rawIssue = rawTextIssue(text);
  if (rawIssue) return { ok: false, code: "syntax", message: rawIssue.message, issues: [rawIssue] };
  const label = options.format === "json" ? "JSON" : "YAML";
  let value: unknown;
  if (options.format === "json") {
    try {
      value = JSON.parse(text);
    } catch (cause) {
      const message = `not valid JSON: ${(cause as Error).message}`;
      const at = /line (\d+) column (\d+)/.exec(message);
      const location = at
        ? { line: Number(at[1]), column: Number(at[2]) }
        : positionOf(text, firstJsonError(text));
      return { ok: false, code: "syntax", message, issues: [{ path: "", message, ...location }] };
    }
  }
  // JSON is YAML 1.2: the same parse finds JSON's duplicate keys and keeps every number's source.
  const document = parseDocument(text, {
    uniqueKeys: true,
    prettyErrors: true,
    strict: true,
    lineCounter: lines,
    logLevel: "error",
  });
  const problems: { message: string; linePos?: readonly { line: number; col: number }[] | undefined }[] = [
    ...document.errors,
    ...document.warnings,
  ];
  // What toJS would resolve silently (a key that is a collection is stringified) or fail on
  // without a position (an alias to no anchor): refused here, located.
  visit(document, {
    Pair(_key, pair) {
      if (pair.key !== null && !isScalar(pair.key)) {
        const range = (pair.key as { range?: readonly number[] | null }).range;
        const position = range ? lines.linePos(range[0]!) : undefined;
        problems.push(located("a key must be a plain value (not a list, a map or an alias)", position));
      }
    },
    Alias(_key, alias) {
      if (alias.resolve(document) === undefined) {
        const position = alias.range ? lines.linePos(alias.range[0]) : undefined;
        problems.push(located(`alias *${alias.source} refers to no anchor before it`, position));
      }
    },
  });
  if (problems.length > 0) {
    const issues = problems.map((problem): LocatedIssue => {
      const position = problem.linePos?.[0];
      const summary = problem.message.split("\n")[0]!.replace(/ at line \d+, column \d+:$/, "");
      const message = `not valid ${label}: ${summary}`;
      return position
        ? { path: "", message, line: position.line, column: position.col }
        : { path: "", message };
    });
    return { ok: false, code: "syntax", message: issues.map(describe).join("; "), issues };
  }
  if (options.format === "yaml") {
    try {
      value = document.toJS({ maxAliasCount: 100 });
    } catch (cause) {
      // toJS fails without a position (too many aliases expanded): point at the first alias.
      const message = `not valid YAML: ${(cause as Error).message}`;
      let first: { line: number; column: number } | undefined;
      visit(document, {
        Alias(_key, alias) {
          if (alias.range) first = positionOf(text, alias.range[0]);
          return visit.BREAK;
        },
      });
      const issue = { path: "", message, ...(first ?? { line: 1, column: 1 }) };
      return { ok: false, code: "syntax", message: formatPolicyIssue(issue), issues: [issue] };
    }
  }
  // An empty document (or one cut short inside its first comment) says so, at its start.
  if (value === null || value === undefined) {
    const issue = {
      path: "",
      message: "the document is empty: a policy is a map (name, version, defaultTier, fallbackTier, ...)",
      line: 1,
      column: 1,
    };
    return { ok: false, code: "invalid", message: formatPolicyIssue(issue), issues: [issue] };
  }
  const locate = (path: readonly PropertyKey[]) => {
    const node = nodeAt(document, path);
    if (!node?.range) return undefined;
    const position = lines.linePos(node.range[0]);
    return { line: position.line, column: position.col };
  };
  const issues = valueIssues(value, []).map((issue) => ({ ...issue, ...locate(issue.segments) }));
  if (issues.length > 0) {
    const located = issues.map(({ segments: _segments, ...issue }) => issue);
    return { ok: false, code: "invalid", message: located.map(describe).join("; "), issues: located };
  }
  return { ok: true, document: { value, numberSources: numberSources(document.contents), locate } };
}

const describe = formatPolicyIssue;

function decode(
  source: string | Uint8Array,
): { ok: true; text: string } | (ReadPolicyDocumentResult & { ok: false }) {
  if (typeof source !== "string") {
    const decoded = decodeBytes(source);
    return decoded.ok ? decode(decoded.text) : decoded;
  }
  // Text that holds U+FFFD was, almost always, decoded from invalid UTF-8 somewhere upstream.
  const at = source.indexOf("\uFFFD");
  if (at < 0) return { ok: true, text: source };
  const { line, column } = positionOf(source, at);
  const message =
    "contains U+FFFD, the replacement character: the text was decoded from invalid UTF-8 (write \\uFFFD in a quoted string if you mean it)";
  return {
    ok: false,
    code: "syntax",
    message: `line ${line}, column ${column}: ${message}`,
    issues: [{ path: "", message, line, column }],
  };
}

function decodeBytes(
  source: Uint8Array,
): { ok: true; text: string } | (ReadPolicyDocumentResult & { ok: false }) {
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true }).decode(source) };
  } catch {
    const offset = firstInvalidUtf8(source);
    const before = new TextDecoder("utf-8").decode(source.subarray(0, offset));
    const { line, column } = positionOf(before, before.length);
    const message = `not valid UTF-8: byte ${offset} (0x${source[offset]?.toString(16).padStart(2, "0")}) does not start or continue a character`;
    return {
      ok: false,
      code: "syntax",
      message: `line ${line}, column ${column}: ${message}`,
      issues: [{ path: "", message, line, column }],
    };
  }
}

/** Offset of the first byte that is not part of a well-formed UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index]!;
    const length =
      lead < 0x80
        ? 1
        : lead >= 0xc2 && lead <= 0xdf
          ? 2
          : lead >= 0xe0 && lead <= 0xef
            ? 3
            : lead >= 0xf0 && lead <= 0xf4
              ? 4
              : 0;
    if (length === 0) return index;
    if (index + length > bytes.length) return index;
    // Second-byte ranges that exclude overlongs, surrogates and code points past U+10FFFF.
    const second = bytes[index + 1] ?? 0;
    const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
    const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
    if (length > 1 && (second < low || second > high)) return index;
    for (let next = 2; next < length; next++) {
      const byte = bytes[index + next]!;
      if (byte < 0x80 || byte > 0xbf) return index;
    }
    index += length;
  }
  return bytes.length;
}

/**
 * Offset of the first character that cannot continue a JSON text, for JSON.parse messages that
 * give no position (V8's "Unexpected token" at a value's start). Only ever run on text JSON.parse
 * refused, so it need not build anything.
 */
function firstJsonError(text: string): number {
  let at = 0;
  const space = () => {
    while (at < text.length && " \t\n\r".includes(text[at]!)) at++;
  };
  const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/;
  // A JSON string; one holding a raw control character is caught after the match.
  const string = /^"(?:[^"\\]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/;
  const value = (): boolean => {
    space();
    const rest = text.slice(at, at + 4096);
    if (text[at] === "{" || text[at] === "[") {
      const close = text[at] === "{" ? "}" : "]";
      at++;
      space();
      if (text[at] === close) return ++at > 0;
      for (;;) {
        if (close === "}") {
          space();
          const key = string.exec(text.slice(at, at + 4096));
          if (!key || [...key[0]].some((character) => character < " ")) return false;
          at += key[0].length;
          space();
          if (text[at] !== ":") return false;
          at++;
        }
        if (!value()) return false;
        space();
        if (text[at] === ",") at++;
        else if (text[at] === close) return ++at > 0;
        else return false;
      }
    }
    const token = string.exec(rest) ?? literal.exec(rest);
    if (!token || [...token[0]].some((character) => character < " ")) return false;
    at += token[0].length;
    return true;
  };
  if (value()) space();
  return Math.min(at, text.length);
}

function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let index = text.indexOf("\n"); index >= 0 && index < offset; index = text.indexOf("\n", index + 1)) {
    line++;
    start = index + 1;
  }
  return { line, column: offset - start + 1 };
}

function rawTextIssue(text: string): LocatedIssue | undefined {
  const at = firstControl(text);
  if (at < 0) return undefined;
  const name = controlName(text.charCodeAt(at), "a NUL byte");
  return { path: "", message: `contains ${name}: a policy is text`, ...positionOf(text, at) };
}

/**
 * What readPolicyDocument refuses in a value that did not come from text (a hand-built policy
 * object): reserved keys, control characters, nesting past 64 levels (or a cycle).
 */
export function plainValueIssues(value: unknown): PolicyIssue[] {
  return valueIssues(value, []).map(({ segments: _segments, ...issue }) => issue);
}

const MAX_NESTING = 64;

/** Reserved keys and control characters in the parsed value, with their paths. */
function valueIssues(
  value: unknown,
  segments: PropertyKey[],
): (LocatedIssue & { segments: PropertyKey[] })[] {
  if (segments.length > MAX_NESTING) {
    return [
      {
        path: formatIssuePath(segments),
        message: `nests deeper than ${MAX_NESTING} levels (or refers to itself)`,
        segments,
      },
    ];
  }
  if (typeof value === "string") {
    const at = firstControl(value);
    if (at < 0) return [];
    const name = controlName(value.charCodeAt(at), "a NUL character");
    return [{ path: formatIssuePath(segments), message: `contains ${name}`, segments }];
  }
  if (Array.isArray(value)) return value.flatMap((item, index) => valueIssues(item, [...segments, index]));
  if (typeof value !== "object" || value === null) return [];
  return Object.keys(value).flatMap((key) => {
    const at = [...segments, key];
    if (RESERVED_KEYS.has(key)) {
      return [
        {
          path: formatIssuePath(at),
          message: `"${key}" is reserved: it cannot name a tier, chain, fact or field (JavaScript would drop it or change the object's prototype)`,
          segments: at,
        },
      ];
    }
    const keyIssue =
      firstControl(key) >= 0
        ? [{ path: formatIssuePath(at), message: "the key contains a control character", segments: at }]
        : [];
    return [...keyIssue, ...valueIssues((value as Record<string, unknown>)[key], at)];
  });
}

function nodeAt(document: Document, path: readonly PropertyKey[]): Node | undefined {
  let node: unknown = document.contents;
  let found: Node | undefined = isNode(node) ? node : undefined;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isScalar(item.key) && String(item.key.value) === String(segment),
      );
      // A key whose value is empty (`routing:`) is located at the key.
      node = pair?.value ?? pair?.key;
    } else if (isSeq(node) && typeof segment === "number") node = node.items[segment];
    else break;
    if (!isNode(node)) break;
    found = node;
  }
  return found;
}

/** A problem found while walking the document, shaped as the parser's own errors. */
function located(message: string, position: { line: number; col: number } | undefined) {
  return { message, linePos: position ? ([position] as [{ line: number; col: number }]) : undefined };
}

function isNode(value: unknown): value is Node {
  return isScalar(value) || isMap(value) || isSeq(value);
}

function numberSources(root: unknown): Map<string, string> {
  const sources = new Map<string, string>();
  const visit = (node: unknown, segments: PropertyKey[]) => {
    if (isScalar(node)) {
      if (typeof node.value === "number" && typeof node.source === "string")
        sources.set(formatIssuePath(segments), node.source);
      return;
    }
    if (isMap(node)) {
      for (const pair of node.items)
        if (isScalar(pair.key)) visit(pair.value, [...segments, String(pair.key.value)]);
      return;
    }
    if (isSeq(node)) {
      for (const [index, item] of node.items.entries()) visit(item, [...segments, index]);
    }
  };
  visit(root, []);
  return sources;
}
