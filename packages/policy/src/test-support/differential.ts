import { type Decision, type RequestFacts, seededRandom } from "@rightsize/contracts";
import { expect } from "vitest";
import { type CompiledPolicy, compilePolicy } from "../compile-policy.js";
import { decide, fallbackDecision, matchRules } from "../decide.js";
import { checkFactTypes } from "../decision-facts.js";
import type { Policy } from "../policy-schema.js";
import { type BudgetState, resolveDecision } from "../resolve-decision.js";
import { type Condition, isFactReference } from "../rules/condition.js";
import { createRulesEngine, matchRulesWithEngine } from "../rules/engine-adapter.js";
import { randomFacts } from "./random-policy.js";

/**
 * Runs `vectors` seeded random fact vectors through the compiled predicates and through the
 * real json-rules-engine Engine holding the same rules, and fails on the first vector where
 * the matched rules differ. Every tenth vector also compares the whole decision: decide()
 * against the resolution of the engine's matches (what decideWithEngine() does), budget
 * exhaustion included.
 *
 * The engine's result is a pure function of the facts its rules reference, so vectors that
 * agree on those facts (compared exactly, as JSON) share one engine run: the engine costs
 * 150+ µs a run on a busy CI box and 100,000 runs would not fit the test's time budget.
 * `engineRuns` reports how many distinct engine evaluations actually happened.
 */
export async function compareWithEngine(options: { policy: Policy; vectors: number; seed: number }) {
  const { policy, vectors, seed } = options;
  const compiled = compilePolicy({ policy });
  // The engine's `matches` runs JavaScript's RegExp: the linear engine must agree with it.
  const engine = createRulesEngine({ compiled, regex: "javascript" });
  const random = seededRandom(seed);
  const referenced = referencedFacts(policy);
  const engineResults = new Map<string, boolean[] | string>();
  let matched = 0;
  let routes = 0;
  for (let index = 0; index < vectors; index++) {
    const facts = randomFacts(random);
    const fast = safeMatch(() => matchRules(compiled, facts));
    // 0 stands for an absent fact; a present one is wrapped, so the two never collide.
    const key = JSON.stringify(referenced.map((name) => (facts[name] === undefined ? 0 : [facts[name]])));
    let reference = engineResults.get(key);
    if (reference === undefined) {
      // Only the referenced facts go in: the others cannot change the result, and every
      // runtime fact costs the engine an object, a promise and a cache-key hash.
      const engineFacts = Object.fromEntries(referenced.map((name) => [name, facts[name]]));
      reference = await matchRulesWithEngine({ engine, compiled, facts: engineFacts }).catch(
        (error: unknown) => `fault: ${(error as Error).message}`,
      );
      engineResults.set(key, reference);
    }
    if (String(fast) !== String(reference)) {
      expect({ seed, index, facts, matched: fast }).toEqual({ seed, index, facts, matched: reference });
    }
    if (Array.isArray(fast)) matched += fast.filter(Boolean).length;
    if (index % 10 === 0) {
      const budget = random() < 0.3 ? { budget: { exhausted: true, scope: "tenant" } } : {};
      const decision = decide({ policy, facts, ...budget });
      expect(decision).toEqual(
        referenceDecision({ compiled, facts, matched: reference, budget: budget.budget }),
      );
      if (decision.kind === "route") routes++;
    }
  }
  return { matched, routes, engineRuns: engineResults.size };
}

/** The decision the engine's matches lead to, or the fallback when the engine faulted. */
function referenceDecision(options: {
  compiled: CompiledPolicy;
  facts: RequestFacts;
  /** The engine's matches, or `fault: <message>` when it faulted. */
  matched: boolean[] | string;
  budget: BudgetState | undefined;
}): Decision {
  const { compiled, facts, matched, budget } = options;
  try {
    checkFactTypes(facts);
    if (typeof matched === "string") throw new Error(matched.slice("fault: ".length));
    return resolveDecision({ compiled, facts, matched, budget });
  } catch (error) {
    return fallbackDecision({ compiled, facts, error });
  }
}

/** Every fact name a policy's conditions read (as the subject or as a `{ fact }` value). */
function referencedFacts(policy: Policy): string[] {
  const names = new Set<string>();
  const visit = (node: Condition) => {
    if ("all" in node) node.all.forEach(visit);
    else if ("any" in node) node.any.forEach(visit);
    else if ("not" in node) visit(node.not);
    else {
      names.add(node.fact);
      if (isFactReference(node.value)) names.add(node.value.fact);
    }
  };
  for (const rule of [...policy.routing, ...policy.ceilings, ...policy.batch]) visit(rule.when);
  return [...names].sort();
}

function safeMatch(run: () => boolean[]): boolean[] | string {
  try {
    return run();
  } catch (error) {
    return `fault: ${(error as Error).message}`;
  }
}
