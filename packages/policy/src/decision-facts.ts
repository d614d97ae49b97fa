import type { RequestFacts } from "@rightsize/contracts";
import { PolicyError, PolicyErrorCode } from "./policy-error.js";

/** A built-in fact of the wrong type: decide() turns it into a fallback decision. */
function factTypeError(message: string): PolicyError {
  return new PolicyError({ code: PolicyErrorCode.factType, message });
}

const COUNT_FACTS = ["estimatedInputTokens", "contextTokens", "stablePrefixTokens", "expectedReuse"] as const;
const STRING_FACTS = ["taskType", "qualityOverride", "tenant", "feature", "apiKeyId"] as const;
const BOOLEAN_FACTS = ["hasTools", "hasImages"] as const;

/**
 * Checks the built-in facts' types (custom facts are the rules' business). A wrong type is a
 * caller bug that must not silently steer routing or constraints, so it is a fault.
 */
export function checkFactTypes(facts: RequestFacts): void {
  if (typeof facts !== "object" || facts === null) throw factTypeError("facts must be an object");
  for (const name of COUNT_FACTS) {
    const value = facts[name];
    if (value !== undefined && !(typeof value === "number" && Number.isFinite(value) && value >= 0)) {
      throw factTypeError(`fact ${name} must be a non-negative number, got ${describe(value)}`);
    }
  }
  const requested = facts.requestedMaxTokens;
  if (requested !== undefined && !(Number.isInteger(requested) && (requested as number) >= 1)) {
    throw factTypeError(`fact requestedMaxTokens must be a positive integer, got ${describe(requested)}`);
  }
  const complexity = facts.complexity;
  if (complexity !== undefined && !(typeof complexity === "number" && complexity >= 0 && complexity <= 1)) {
    throw factTypeError(`fact complexity must be a number in [0, 1], got ${describe(complexity)}`);
  }
  for (const name of STRING_FACTS) {
    const value = facts[name];
    if (value !== undefined && typeof value !== "string") {
      throw factTypeError(`fact ${name} must be a string, got ${describe(value)}`);
    }
  }
  for (const name of BOOLEAN_FACTS) {
    const value = facts[name];
    if (value !== undefined && typeof value !== "boolean") {
      throw factTypeError(`fact ${name} must be a boolean, got ${describe(value)}`);
    }
  }
  checkEnum(facts.latencyClass, "latencyClass", ["realtime", "async"]);
  checkEnum(facts.stakes, "stakes", ["low", "normal", "high"]);
}

function checkEnum(value: unknown, name: string, allowed: readonly string[]): void {
  if (value !== undefined && !allowed.includes(value as string)) {
    throw factTypeError(`fact ${name} must be one of ${allowed.join(", ")}, got ${describe(value)}`);
  }
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  return Array.isArray(value) ? "an array" : `a ${typeof value}`;
}
