import { type PromptSegment, promptSegments } from "./prompt-segments.js";

export interface PromptLintFinding {
  rule: "variable-before-static" | "volatile-before-static" | "breakpoint-after-variable";
  path: string;
  message: string;
}

export interface PromptLintResult {
  requests: number;
  findings: PromptLintFinding[];
}

/** Values that change per request: dates, times, UUIDs, long ids, epoch timestamps. */
const VOLATILE = [
  { name: "an ISO date/time", pattern: /\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?/ },
  { name: "a UUID", pattern: /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/i },
  { name: "an epoch timestamp", pattern: /\b1[6-9]\d{8}(?:\d{3})?\b/ },
  { name: "a long hex id", pattern: /\b[0-9a-f]{24,}\b/i },
  { name: "a current-date phrase", pattern: /\b(?:today is|current (?:date|time)|the time is|as of now)\b/i },
];

/**
 * Flags prompts whose variable content precedes static content, which defeats prompt caching
 * (the cache matches a prefix: anything after the first change is re-billed at full price).
 * With two or more requests from the same call site the variable parts are found exactly (by
 * comparing them); with one, by volatile-looking values (dates, ids, timestamps).
 * `minStaticChars`: static content shorter than this after the variable part is not worth
 * a finding (about 1,024 tokens by default: below most models' minimum cacheable prefix).
 */
export function lintPrompt(options: {
  requests: readonly Record<string, unknown>[];
  minStaticChars?: number;
}): PromptLintResult {
  const minStatic = options.minStaticChars ?? 4096;
  const bodies = options.requests.map(promptSegments);
  const findings =
    bodies.length >= 2 ? compareRequests(bodies, minStatic) : volatileFindings(bodies[0] ?? [], minStatic);
  return { requests: bodies.length, findings };
}

function compareRequests(bodies: PromptSegment[][], minStatic: number): PromptLintFinding[] {
  const first = bodies[0]!;
  const findings: PromptLintFinding[] = [];
  const varies = (index: number) => bodies.some((body) => body[index]?.text !== first[index]?.text);
  const firstVarying = first.findIndex((_, index) => varies(index));
  if (firstVarying < 0) return findings;
  const segment = first[firstVarying]!;
  // Static content after the first variation: later identical segments, plus an identical tail
  // of the varying segment itself (e.g. a template whose variable sits in its first line).
  const staticAfter = first.slice(firstVarying + 1).filter((_, offset) => !varies(firstVarying + 1 + offset));
  const tail = commonSuffix(bodies.map((body) => body[firstVarying]?.text ?? ""));
  const staticChars = staticAfter.reduce((sum, later) => sum + later.text.length, 0) + tail;
  if (staticChars >= minStatic) {
    const where =
      staticAfter.length > 0 ? ` and in ${staticAfter.map((later) => later.path).join(", ")}` : "";
    findings.push({
      rule: "variable-before-static",
      path: segment.path,
      message:
        `${segment.path} differs between requests, but ${staticChars} characters of identical content follow it` +
        `${tail > 0 ? ` (${tail} at the end of ${segment.path})` : ""}${where}: move the variable part after the ` +
        "static content so the static prefix can be cached",
    });
  }
  const lateBreakpoint = first.slice(firstVarying).find((later) => later.breakpoint);
  if (lateBreakpoint !== undefined) findings.push(breakpointFinding(lateBreakpoint, segment.path));
  return findings;
}

function volatileFindings(segments: PromptSegment[], minStatic: number): PromptLintFinding[] {
  const findings: PromptLintFinding[] = [];
  for (let index = 0; index < segments.length; index++) {
    const segment = segments[index]!;
    for (const volatile of VOLATILE) {
      const match = volatile.pattern.exec(segment.text);
      if (match === null) continue;
      const after = segment.text.length - match.index - match[0].length;
      const laterStatic = segments.slice(index + 1).reduce((sum, later) => sum + later.text.length, 0);
      // Only the last message is expected to vary; content before it is the cacheable prefix.
      const isLastMessage = index === segments.length - 1;
      if (!isLastMessage && after + laterStatic >= minStatic) {
        findings.push({
          rule: "volatile-before-static",
          path: segment.path,
          message:
            `${segment.path} contains ${volatile.name} ("${match[0]}") followed by ${after + laterStatic} characters ` +
            "of prompt: if it changes per request, nothing after it can be cached; move it to the end",
        });
        const lateBreakpoint = segments.slice(index).find((later) => later.breakpoint);
        if (lateBreakpoint !== undefined) findings.push(breakpointFinding(lateBreakpoint, segment.path));
        return findings;
      }
    }
  }
  return findings;
}

function breakpointFinding(segment: PromptSegment, variablePath: string): PromptLintFinding {
  return {
    rule: "breakpoint-after-variable",
    path: segment.path,
    message: `the cache_control breakpoint on ${segment.path} comes after variable content (${variablePath}): it will write the cache on every request and rarely read it`,
  };
}

function commonSuffix(texts: string[]): number {
  const [first, ...rest] = texts;
  if (first === undefined) return 0;
  let length = 0;
  while (
    length < first.length &&
    rest.every(
      (text) => length < text.length && text[text.length - 1 - length] === first[first.length - 1 - length],
    )
  ) {
    length++;
  }
  return length;
}
