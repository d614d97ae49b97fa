import type { Condition, FactCondition } from "./condition.js";
import { isFactReference } from "./condition.js";
import { compileFactPath } from "./fact-path.js";
import { OPERATORS } from "./operators.js";

/** Facts as the compiled predicates read them: a plain object of constants. */
export type FactRecord = Readonly<Record<string, unknown>>;

/** A condition compiled to a plain synchronous function (no promises, no almanac). */
export type Predicate = (facts: FactRecord) => boolean;

/**
 * Compiles a validated condition tree to a predicate with json-rules-engine's meaning:
 * `all` is every, `any` is some, `not` negates, and a leaf applies the operator's fact
 * validator before its comparison. Evaluation has no side effects, so the engine's priority
 * ordering and short-circuiting cannot change the result and need not be reproduced.
 */
export function compileCondition(condition: Condition): Predicate {
  if ("all" in condition) {
    const children = condition.all.map(compileCondition);
    if (children.length === 0) return () => true;
    if (children.length === 1) return children[0]!;
    return (facts) => {
      for (const child of children) if (!child(facts)) return false;
      return true;
    };
  }
  if ("any" in condition) {
    const children = condition.any.map(compileCondition);
    if (children.length === 1) return children[0]!;
    return (facts) => {
      for (const child of children) if (child(facts)) return true;
      return false;
    };
  }
  if ("not" in condition) {
    const child = compileCondition(condition.not);
    return (facts) => !child(facts);
  }
  return compileLeaf(condition);
}

function compileLeaf(condition: FactCondition): Predicate {
  const operator = OPERATORS[condition.operator];
  if (operator === undefined) throw new Error(`unknown operator "${condition.operator}" (validate first)`);
  const { acceptsFact, test } = operator;
  const readFact = compileFactRead(condition.fact, condition.path);
  const value = condition.value;
  if (isFactReference(value)) {
    const readValue = compileFactRead(value.fact, value.path);
    return (facts) => {
      const factValue = readFact(facts);
      return acceptsFact(factValue) && test(factValue, readValue(facts));
    };
  }
  return (facts) => {
    const factValue = readFact(facts);
    return acceptsFact(factValue) && test(factValue, value);
  };
}

function compileFactRead(fact: string, path: string | undefined): (facts: FactRecord) => unknown {
  if (path === undefined || path === "") return (facts) => facts[fact];
  const resolve = compileFactPath(path);
  return (facts) => resolve(facts[fact]);
}
