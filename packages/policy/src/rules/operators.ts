/**
 * The condition operators a policy may use. The built-in ones mirror json-rules-engine 7's
 * default operators expression for expression (including its fact-type validators), so the
 * compiled predicates and the real engine agree on every input; `matches` is ours and is
 * registered on the engine by the adapter with the same semantics.
 */

import { compileLinearPattern, type LinearPattern } from "./linear-pattern.js";

/** What a condition's `value` must be for an operator (checked when the policy loads). */
export type OperatorValueKind = "scalar" | "array" | "number" | "regex";

export interface OperatorDefinition {
  valueKind: OperatorValueKind;
  /** json-rules-engine's fact validator: false makes the condition false without calling `test`. */
  acceptsFact(factValue: unknown): boolean;
  test(factValue: unknown, value: unknown): boolean;
  /** True for operators json-rules-engine does not ship (the adapter registers them). */
  custom: boolean;
  description: string;
}

// json-rules-engine's numberValidator, verbatim in meaning: strings like "12abc" pass.
function isNumberLike(factValue: unknown): boolean {
  return Number.parseFloat(factValue as string).toString() !== "NaN";
}
const anyFact = () => true;
type Indexable = { indexOf(item: unknown): number };
// Operators compare with JavaScript's own `<` and `===`, exactly as the engine does.
type Comparable = number;

const patternCache = new Map<string, LinearPattern>();
/**
 * Compiles (and caches) a `matches` pattern for linear-time matching (see linear-pattern.ts);
 * patterns are validated when the policy loads, so a refusal here is a bug.
 */
export function patternOf(source: string): LinearPattern {
  let pattern = patternCache.get(source);
  if (pattern === undefined) {
    const compiled = compileLinearPattern(source);
    if (!compiled.ok) throw new Error(`matches: ${compiled.message} (validate the policy first)`);
    pattern = compiled.pattern;
    if (patternCache.size > 1000) patternCache.clear();
    patternCache.set(source, pattern);
  }
  return pattern;
}

export const OPERATORS: Readonly<Record<string, OperatorDefinition>> = {
  equal: {
    valueKind: "scalar",
    acceptsFact: anyFact,
    test: (factValue, value) => factValue === value,
    custom: false,
    description: "fact === value",
  },
  notEqual: {
    valueKind: "scalar",
    acceptsFact: anyFact,
    test: (factValue, value) => factValue !== value,
    custom: false,
    description: "fact !== value",
  },
  in: {
    valueKind: "array",
    acceptsFact: anyFact,
    test: (factValue, value) => (value as Indexable).indexOf(factValue) > -1,
    custom: false,
    description: "fact is one of value (an array)",
  },
  notIn: {
    valueKind: "array",
    acceptsFact: anyFact,
    test: (factValue, value) => (value as Indexable).indexOf(factValue) === -1,
    custom: false,
    description: "fact is none of value (an array)",
  },
  contains: {
    valueKind: "scalar",
    acceptsFact: Array.isArray,
    test: (factValue, value) => (factValue as Indexable).indexOf(value) > -1,
    custom: false,
    description: "fact (an array) contains value",
  },
  doesNotContain: {
    valueKind: "scalar",
    acceptsFact: Array.isArray,
    test: (factValue, value) => (factValue as Indexable).indexOf(value) === -1,
    custom: false,
    description: "fact (an array) does not contain value",
  },
  lessThan: {
    valueKind: "number",
    acceptsFact: isNumberLike,
    test: (factValue, value) => (factValue as Comparable) < (value as Comparable),
    custom: false,
    description: "fact < value",
  },
  lessThanInclusive: {
    valueKind: "number",
    acceptsFact: isNumberLike,
    test: (factValue, value) => (factValue as Comparable) <= (value as Comparable),
    custom: false,
    description: "fact <= value",
  },
  greaterThan: {
    valueKind: "number",
    acceptsFact: isNumberLike,
    test: (factValue, value) => (factValue as Comparable) > (value as Comparable),
    custom: false,
    description: "fact > value",
  },
  greaterThanInclusive: {
    valueKind: "number",
    acceptsFact: isNumberLike,
    test: (factValue, value) => (factValue as Comparable) >= (value as Comparable),
    custom: false,
    description: "fact >= value",
  },
  matches: {
    valueKind: "regex",
    acceptsFact: (factValue) => typeof factValue === "string",
    test: (factValue, value) => patternOf(value as string).test(factValue as string),
    custom: true,
    description:
      "fact (a string, at most 4,096 characters) matches the regular expression value, in linear time",
  },
};

/** The operator names, for validation messages and suggestions. */
export const OPERATOR_NAMES: readonly string[] = Object.keys(OPERATORS);

/** Evaluates one operator the way json-rules-engine's Operator.evaluate does. */
export function evaluateOperator(
  definition: OperatorDefinition,
  factValue: unknown,
  value: unknown,
): boolean {
  return definition.acceptsFact(factValue) && definition.test(factValue, value);
}
