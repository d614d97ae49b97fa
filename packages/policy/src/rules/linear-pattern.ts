import { type AST, RegExpParser, RegExpSyntaxError } from "@eslint-community/regexpp";
import { RE2JS } from "re2js";

/**
 * `matches` patterns run in linear time. A pattern is written in JavaScript's syntax (what
 * json-rules-engine and every policy author know, with the `u` flag), parsed exactly by regexpp,
 * and translated to RE2 (re2js: a pure JavaScript port of RE2, which matches in time linear in the
 * input, whatever the pattern) with JavaScript's meaning kept: `.` excludes the four line
 * terminators, `\s` is JavaScript's whitespace, characters are code points. Constructs a linear
 * engine cannot run (backreferences, lookahead, lookbehind) and Unicode property escapes (whose
 * tables differ between engines) are refused when the policy loads, with the reason.
 */

/** The longest fact value `matches` reads: a longer one is a fault (the decision falls back), never a slow match. */
export const MAX_MATCH_INPUT = 4096;
/** The longest pattern a policy may hold. */
export const MAX_PATTERN_LENGTH = 1000;
// RE2's limit on a counted repetition ({n,m}).
const MAX_REPEAT = 1000;

/** A compiled pattern: `test` is RegExp.prototype.test's meaning, in linear time. */
export interface LinearPattern {
  source: string;
  test(input: string): boolean;
}

export type LinearPatternResult = { ok: true; pattern: LinearPattern } | { ok: false; message: string };

class Unsupported extends Error {}

const parser = new RegExpParser({ ecmaVersion: 2025 });
type Range = readonly [number, number];

// JavaScript's \s: WhiteSpace and LineTerminator (ECMA-262 22.2.2.9, Unicode Zs as of Unicode 16).
const WHITESPACE: readonly Range[] = [
  [0x09, 0x0d],
  [0x20, 0x20],
  [0xa0, 0xa0],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x2028, 0x2029],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
  [0xfeff, 0xfeff],
];
const DIGIT: readonly Range[] = [[0x30, 0x39]];
const WORD: readonly Range[] = [
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x5f, 0x5f],
  [0x61, 0x7a],
];
// What `.` matches without the `s` flag: everything but the line terminators.
const DOT: readonly Range[] = complement([
  [0x0a, 0x0a],
  [0x0d, 0x0d],
  [0x2028, 0x2029],
]);

/**
 * Compiles a `matches` pattern (JavaScript syntax, `u` flag) to a linear-time matcher, or says
 * why it cannot.
 * @example compileLinearPattern("^(eu|us)-[0-9]+$")
 */
export function compileLinearPattern(source: string): LinearPatternResult {
  if (source.length > MAX_PATTERN_LENGTH) {
    return {
      ok: false,
      message: `the pattern is ${source.length} characters: at most ${MAX_PATTERN_LENGTH}`,
    };
  }
  let ast: AST.Pattern;
  try {
    // Both must accept it: JavaScript (what the author tested) and the exact parser translated from.
    new RegExp(source, "u");
    ast = parser.parsePattern(source, 0, source.length, { unicode: true });
  } catch (error) {
    const reason =
      error instanceof RegExpSyntaxError || error instanceof SyntaxError ? error.message : String(error);
    return { ok: false, message: `invalid regular expression: ${reason}` };
  }
  let translated: string;
  try {
    translated = alternatives(ast.alternatives);
  } catch (error) {
    if (error instanceof Unsupported) return { ok: false, message: error.message };
    throw error;
  }
  try {
    const compiled = RE2JS.compile(translated);
    return {
      ok: true,
      pattern: {
        source,
        test(input) {
          if (input.length > MAX_MATCH_INPUT) {
            throw new RangeError(
              `matches reads at most ${MAX_MATCH_INPUT} characters; the fact has ${input.length}`,
            );
          }
          return compiled.test(input);
        },
      },
    };
  } catch (error) {
    return {
      ok: false,
      message: `the pattern is too large for linear matching: ${(error as Error).message}`,
    };
  }
}

function alternatives(list: readonly AST.Alternative[]): string {
  return list.map((alternative) => alternative.elements.map(element).join("")).join("|");
}

function element(node: AST.Element): string {
  switch (node.type) {
    case "Character":
      return codePoint(node.value);
    case "CharacterClass":
      return characterClass(node);
    case "CharacterSet":
      return characterSet(node);
    case "Group":
      if (node.modifiers)
        throw new Unsupported(`${node.raw}: inline flag groups are not supported in matches patterns`);
      return `(?:${alternatives(node.alternatives)})`;
    case "CapturingGroup":
      // Captures do not change what `test` answers.
      return `(?:${alternatives(node.alternatives)})`;
    case "Quantifier":
      return quantifier(node);
    case "Assertion":
      return assertion(node);
    case "Backreference":
      throw new Unsupported(
        `backreference ${node.raw} is not supported: matches patterns run in linear time (no backreferences, lookahead or lookbehind)`,
      );
    case "ExpressionCharacterClass":
      throw new Unsupported(`${node.raw} is not supported`);
    default: {
      const unreachable: never = node;
      throw new Unsupported(`${(unreachable as AST.Node).raw} is not supported`);
    }
  }
}

function quantifier(node: AST.Quantifier): string {
  const { min, max } = node;
  if (min > MAX_REPEAT || (Number.isFinite(max) && max > MAX_REPEAT)) {
    throw new Unsupported(`${node.raw}: repeat counts above ${MAX_REPEAT} are not supported`);
  }
  const operand = `(?:${element(node.element)})`;
  if (min === 0 && max === Number.POSITIVE_INFINITY) return `${operand}*`;
  if (min === 1 && max === Number.POSITIVE_INFINITY) return `${operand}+`;
  if (min === 0 && max === 1) return `${operand}?`;
  return Number.isFinite(max) ? `${operand}{${min},${max}}` : `${operand}{${min},}`;
}

function assertion(node: AST.Assertion): string {
  switch (node.kind) {
    // Without the m flag, ^ and $ are the ends of the input in both engines.
    case "start":
      return "^";
    case "end":
      return "$";
    // Both are ASCII word boundaries (JavaScript without the i flag, RE2 always).
    case "word":
      return node.negate ? "\\B" : "\\b";
    case "lookahead":
    case "lookbehind":
      throw new Unsupported(
        `${node.raw} is not supported: matches patterns run in linear time (no backreferences, lookahead or lookbehind)`,
      );
    default: {
      const unreachable: never = node;
      throw new Unsupported(`${(unreachable as AST.Node).raw} is not supported`);
    }
  }
}

function characterSet(node: AST.CharacterSet): string {
  if (node.kind === "any") return rangesClass(DOT, false);
  return rangesClass(setRanges(node), false);
}

function setRanges(node: AST.CharacterSet): readonly Range[] {
  switch (node.kind) {
    case "digit":
      return node.negate ? complement(DIGIT) : DIGIT;
    case "space":
      return node.negate ? complement(WHITESPACE) : WHITESPACE;
    case "word":
      return node.negate ? complement(WORD) : WORD;
    case "any":
      return DOT;
    case "property":
      throw new Unsupported(
        `${node.raw}: Unicode property escapes are not supported in matches patterns (list the characters or ranges)`,
      );
    default: {
      const unreachable: never = node;
      throw new Unsupported(`${(unreachable as AST.Node).raw} is not supported`);
    }
  }
}

function characterClass(node: AST.CharacterClass): string {
  const ranges: Range[] = [];
  for (const item of node.elements) {
    switch (item.type) {
      case "Character":
        ranges.push([item.value, item.value]);
        break;
      case "CharacterClassRange":
        ranges.push([item.min.value, item.max.value]);
        break;
      case "CharacterSet":
        ranges.push(...setRanges(item));
        break;
      default:
        throw new Unsupported(`${item.raw} is not supported in a character class`);
    }
  }
  return rangesClass(normalize(ranges), node.negate);
}

/** A class of code point ranges; an empty one (`[]`) matches nothing, as in JavaScript. */
function rangesClass(ranges: readonly Range[], negate: boolean): string {
  const effective = negate ? complement(normalize(ranges)) : normalize(ranges);
  if (effective.length === 0) return "[^\\x{0}-\\x{10FFFF}]";
  const body = effective
    .map(([low, high]) => (low === high ? codePoint(low) : `${codePoint(low)}-${codePoint(high)}`))
    .join("");
  return `[${body}]`;
}

function codePoint(value: number): string {
  return `\\x{${value.toString(16)}}`;
}

function normalize(ranges: readonly Range[]): Range[] {
  const sorted = [...ranges].sort((left, right) => left[0] - right[0]);
  const merged: [number, number][] = [];
  for (const [low, high] of sorted) {
    const last = merged[merged.length - 1];
    if (last && low <= last[1] + 1) last[1] = Math.max(last[1], high);
    else merged.push([low, high]);
  }
  return merged;
}

function complement(ranges: readonly Range[]): Range[] {
  const result: Range[] = [];
  let next = 0;
  for (const [low, high] of normalize(ranges)) {
    if (low > next) result.push([next, low - 1]);
    next = high + 1;
  }
  if (next <= 0x10ffff) result.push([next, 0x10ffff]);
  return result;
}
