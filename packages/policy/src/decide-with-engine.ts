import type { Decision } from "@rightsize/contracts";
import type { Engine } from "json-rules-engine";
import { type CompiledPolicy, compilePolicy } from "./compile-policy.js";
import { type DecideOptions, fallbackDecision } from "./decide.js";
import { checkFactTypes } from "./decision-facts.js";
import { resolveDecision } from "./resolve-decision.js";
import { createRulesEngine, matchRulesWithEngine } from "./rules/engine-adapter.js";

const engines = new WeakMap<CompiledPolicy, Engine>();

/**
 * decide() evaluated by the real json-rules-engine instead of compiled predicates: async and
 * slower, meant as the reference for differential tests, benchmarks and audits. Same result
 * as decide() for every input (that is what the differential test checks).
 */
export async function decideWithEngine(options: DecideOptions): Promise<Decision> {
  const compiled = compilePolicy({
    policy: options.policy,
    ...(options.models ? { models: options.models } : {}),
  });
  let engine = engines.get(compiled);
  if (engine === undefined) {
    engine = createRulesEngine({ compiled });
    engines.set(compiled, engine);
  }
  try {
    checkFactTypes(options.facts);
    const matched = await matchRulesWithEngine({ engine, compiled, facts: options.facts });
    return resolveDecision({ compiled, facts: options.facts, matched, budget: options.budget });
  } catch (error) {
    return fallbackDecision({ compiled, facts: options.facts, error });
  }
}
