/**
 * Rule conditions: json-rules-engine's condition language (all / any / not over
 * `{ fact, operator, value, path }`), restricted to what a routing decision needs: facts are
 * constants of the request, so `params` and named condition references are not accepted.
 */

/** A value to compare against: a literal, or another fact (json-rules-engine's `{ fact }` form). */
export type ConditionValue = unknown;

/** A leaf: compares one fact (optionally a path inside it) with a value. */
export interface FactCondition {
  fact: string;
  operator: string;
  value: ConditionValue;
  /** JSONPath into an object-valued fact, limited to `$.name`, `$.name.name`, `$.name[0]`. */
  path?: string;
  name?: string;
}

export interface AllCondition {
  all: Condition[];
  name?: string;
}
export interface AnyCondition {
  any: Condition[];
  name?: string;
}
export interface NotCondition {
  not: Condition;
  name?: string;
}

export type BooleanCondition = AllCondition | AnyCondition | NotCondition;
export type Condition = BooleanCondition | FactCondition;

/** A fact reference used as a condition's value. */
export interface FactReference {
  fact: string;
  path?: string;
}

export function isFactReference(value: unknown): value is FactReference {
  return typeof value === "object" && value !== null && !Array.isArray(value) && "fact" in value;
}

/** The facts a policy can count on; others are custom facts, allowed but checked for typos. */
export const KNOWN_FACTS: readonly string[] = [
  "taskType",
  "complexity",
  "estimatedInputTokens",
  "requestedMaxTokens",
  "latencyClass",
  "stakes",
  "qualityOverride",
  "tenant",
  "feature",
  "apiKeyId",
  "hasTools",
  "hasImages",
  "contextTokens",
  "stablePrefixTokens",
  "expectedReuse",
];
