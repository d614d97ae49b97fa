import { Engine } from "json-rules-engine";
import type { CompiledPolicy } from "../compile-policy.js";
import { MAX_MATCH_INPUT } from "./linear-pattern.js";
import { OPERATORS } from "./operators.js";

/**
 * Builds a real json-rules-engine Engine holding every rule of the policy (event type = rule
 * name), with our custom operators registered and undefined facts allowed (a request without
 * a fact simply does not match conditions on it). This is the reference the compiled
 * predicates are tested and benchmarked against, and the engine a host may run for audits.
 */
export function createRulesEngine(options: {
  compiled: CompiledPolicy;
  /**
   * How `matches` runs: `linear` (the default; what decide() runs) or `javascript`, JavaScript's
   * own backtracking RegExp with the `u` flag: the reference the differential test checks the
   * linear engine against. Never `javascript` on untrusted patterns: it is what ReDoS exploits.
   */
  regex?: "linear" | "javascript";
}): Engine {
  const engine = new Engine([], { allowUndefinedFacts: true });
  for (const [name, definition] of Object.entries(OPERATORS)) {
    if (definition.custom) {
      const test = name === "matches" && options.regex === "javascript" ? javascriptMatches : definition.test;
      engine.addOperator(name, (factValue: unknown, value: unknown) =>
        definition.acceptsFact(factValue) ? test(factValue, value) : false,
      );
    }
  }
  const { policy } = options.compiled;
  for (const rule of [...policy.routing, ...policy.ceilings, ...policy.batch]) {
    engine.addRule({
      name: rule.name,
      priority: rule.priority,
      // The engine's own condition types are narrower than JSON; ours are validated to fit them.
      conditions: rule.when as never,
      event: { type: rule.name },
    });
  }
  return engine;
}

const javascriptPatterns = new Map<string, RegExp>();
function javascriptMatches(factValue: unknown, value: unknown): boolean {
  const input = factValue as string;
  // The same bound as the linear engine, so both fault on the same inputs.
  if (input.length > MAX_MATCH_INPUT) {
    throw new RangeError(`matches reads at most ${MAX_MATCH_INPUT} characters; the fact has ${input.length}`);
  }
  let pattern = javascriptPatterns.get(value as string);
  if (pattern === undefined) {
    pattern = new RegExp(value as string, "u");
    javascriptPatterns.set(value as string, pattern);
  }
  return pattern.test(input);
}

/**
 * Runs the engine on the facts and returns `matched[i]` for `compiled.rules[i]`, the same
 * shape decide() computes with compiled predicates.
 */
export async function matchRulesWithEngine(options: {
  engine: Engine;
  compiled: CompiledPolicy;
  facts: Record<string, unknown>;
}): Promise<boolean[]> {
  const result = await options.engine.run(options.facts);
  const names = new Set(result.results.map((ruleResult) => String(ruleResult.name)));
  return options.compiled.rules.map((rule) => names.has(rule.name));
}
