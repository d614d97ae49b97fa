import { didYouMean } from "@rightsize/contracts";
import { compileLinearPattern } from "./linear-pattern.js";
import { OPERATOR_NAMES, OPERATORS, type OperatorValueKind } from "./operators.js";

/** Paths we resolve without a JSONPath library: `$.a`, `$.a.b`, `$.a[0]` (and chains of them). */
export const SIMPLE_PATH = /^\$(?:\.[A-Za-z_][A-Za-z0-9_]*|\[\d{1,6}\])+$/;
/** Fact names: identifiers that cannot collide with Object.prototype members. */
const FACT_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RESERVED_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));
const MAX_DEPTH = 24;
const BOOLEAN_KEYS = ["all", "any", "not"] as const;
const LEAF_KEYS = ["fact", "operator", "value", "path", "name"];

export type ConditionPath = readonly (string | number)[];
export type ConditionIssueReport = (path: ConditionPath, message: string) => void;

/**
 * Validates a condition tree and reports every problem with its path (relative to `path`).
 * The root must be a boolean node, as json-rules-engine requires.
 */
export function validateCondition(options: {
  condition: unknown;
  path: ConditionPath;
  report: ConditionIssueReport;
}): void {
  const { condition, path, report } = options;
  if (!isPlainObject(condition) || !BOOLEAN_KEYS.some((key) => key in condition)) {
    report(path, 'must be an object with one of "all", "any" or "not" at its root');
    return;
  }
  validateNode({ node: condition, path, depth: 0 }, report);
}

function validateNode(
  at: { node: unknown; path: ConditionPath; depth: number },
  report: ConditionIssueReport,
): void {
  const { node, path, depth } = at;
  if (depth > MAX_DEPTH) {
    report(path, `conditions nest deeper than ${MAX_DEPTH} levels`);
    return;
  }
  if (!isPlainObject(node)) {
    report(path, "must be a condition object");
    return;
  }
  if ("condition" in node) {
    report([...path, "condition"], "condition references are not supported");
    return;
  }
  if ("params" in node) {
    report([...path, "params"], "fact params are not supported (facts are constants)");
    return;
  }
  const booleanKeys = BOOLEAN_KEYS.filter((key) => key in node);
  if (booleanKeys.length > 1) {
    report(path, `has both "${booleanKeys.join('" and "')}"; use one`);
    return;
  }
  const booleanKey = booleanKeys[0];
  if (booleanKey !== undefined) {
    checkKeys({ node, allowed: [booleanKey, "name"], path }, report);
    const children = node[booleanKey];
    if (booleanKey === "not") {
      validateNode({ node: children, path: [...path, "not"], depth: depth + 1 }, report);
      return;
    }
    if (!Array.isArray(children)) {
      report([...path, booleanKey], "must be an array of conditions");
      return;
    }
    // json-rules-engine treats an empty `any` as true; refuse it rather than surprise anyone.
    if (booleanKey === "any" && children.length === 0) {
      report([...path, "any"], "needs at least one condition");
      return;
    }
    for (const [index, child] of children.entries()) {
      validateNode({ node: child, path: [...path, booleanKey, index], depth: depth + 1 }, report);
    }
    return;
  }
  validateLeaf(node, path, report);
}

function validateLeaf(
  node: Record<string, unknown>,
  path: ConditionPath,
  report: ConditionIssueReport,
): void {
  checkKeys({ node, allowed: LEAF_KEYS, path }, report);
  validateFactName(node.fact, [...path, "fact"], report);
  if (node.path !== undefined) validatePath(node.path, [...path, "path"], report);
  if (node.name !== undefined && typeof node.name !== "string") report([...path, "name"], "must be a string");
  const operator = node.operator;
  if (typeof operator !== "string") {
    report([...path, "operator"], "must be an operator name");
    return;
  }
  const definition = OPERATORS[operator];
  if (definition === undefined || !Object.hasOwn(OPERATORS, operator)) {
    report([...path, "operator"], `unknown operator "${operator}"${didYouMean(operator, OPERATOR_NAMES)}`);
    return;
  }
  if (!("value" in node)) {
    report([...path, "value"], "is required");
    return;
  }
  validateValue(
    { value: node.value, kind: definition.valueKind, operator, path: [...path, "value"] },
    report,
  );
}

function validateValue(
  at: { value: unknown; kind: OperatorValueKind; operator: string; path: ConditionPath },
  report: ConditionIssueReport,
) {
  const { value, kind, operator, path } = at;
  if (isPlainObject(value) && "fact" in value && kind !== "regex") {
    checkKeys({ node: value, allowed: ["fact", "path"], path }, report);
    validateFactName(value.fact, [...path, "fact"], report);
    if (value.path !== undefined) validatePath(value.path, [...path, "path"], report);
    return;
  }
  switch (kind) {
    case "scalar":
      if (!isScalar(value)) report(path, `${operator} compares with a string, number, boolean or null`);
      return;
    case "array":
      if (!Array.isArray(value) || !value.every(isScalar)) {
        report(path, `${operator} needs an array of strings, numbers, booleans or nulls`);
      }
      return;
    case "number":
      if (typeof value !== "number" || !Number.isFinite(value))
        report(path, `${operator} needs a finite number`);
      return;
    case "regex":
      if (typeof value !== "string") {
        report(path, "matches needs a regular expression string");
        return;
      }
      {
        const compiled = compileLinearPattern(value);
        if (!compiled.ok) report(path, compiled.message);
      }
      return;
    default: {
      const unreachable: never = kind;
      return unreachable;
    }
  }
}

function validateFactName(fact: unknown, path: ConditionPath, report: ConditionIssueReport): void {
  if (typeof fact !== "string" || !FACT_NAME.test(fact) || RESERVED_NAMES.has(fact)) {
    report(path, "must be a fact name (letters, digits, underscore; not an Object.prototype member)");
  }
}

function validatePath(value: unknown, path: ConditionPath, report: ConditionIssueReport): void {
  if (typeof value !== "string" || !SIMPLE_PATH.test(value)) {
    report(path, 'must be a simple JSONPath like "$.region" or "$.items[0].kind"');
    return;
  }
  for (const match of value.matchAll(/\.([A-Za-z_][A-Za-z0-9_]*)/g)) {
    if (RESERVED_NAMES.has(match[1]!)) report(path, `"${match[1]}" is an Object.prototype member`);
  }
}

function checkKeys(
  at: { node: Record<string, unknown>; allowed: readonly string[]; path: ConditionPath },
  report: ConditionIssueReport,
) {
  const { node, allowed, path } = at;
  for (const key of Object.keys(node)) {
    if (!allowed.includes(key)) report([...path, key], `unknown key${didYouMean(key, allowed)}`);
  }
}

function isScalar(value: unknown): boolean {
  if (typeof value === "number") return Number.isFinite(value);
  return value === null || typeof value === "string" || typeof value === "boolean";
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
