import type { Cohort } from "../cohort.js";
import { cohortFacts } from "./replay-cohort.js";

/** A fact the candidate policy tests that the input does not carry for some requests. */
export interface MissingFact {
  fact: string;
  /** Requests (weighted) whose cohort lacked the fact when the policy was replayed. */
  requests: number;
  share: number;
  assumed: string;
}

/**
 * The fact names a policy's conditions test (`{ fact: "complexity", ... }` anywhere in its
 * routing, ceiling, batch or cache rules), sorted.
 */
export function factsTested(policy: unknown): string[] {
  const found = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    if (node === null || typeof node !== "object") return;
    const record = node as Record<string, unknown>;
    if (typeof record.fact === "string" && "operator" in record) found.add(record.fact);
    for (const value of Object.values(record)) visit(value);
  };
  visit(policy);
  return [...found].sort();
}

/**
 * Which facts the policy tests that the replay could not give it, and for how many requests: a
 * rule testing an absent fact does not match (json-rules-engine treats it as undefined), so those
 * requests take whatever the other rules and the default tier decide — a what-if that can route
 * everything cheap without anything in the input saying so.
 */
export function missingFacts(options: { policy: unknown; cohorts: readonly Cohort[] }): MissingFact[] {
  const tested = factsTested(options.policy);
  const missing = new Map<string, number>();
  let total = 0;
  for (const cohort of options.cohorts) {
    if (cohort.escalatedAway) continue;
    total += cohort.requests;
    const facts = cohortFacts(cohort) as Record<string, unknown>;
    for (const fact of tested) {
      if (facts[fact] === undefined) missing.set(fact, (missing.get(fact) ?? 0) + cohort.requests);
    }
  }
  return [...missing.entries()].map(([fact, requests]) => ({
    fact,
    requests,
    share: total === 0 ? 0 : requests / total,
    assumed: `absent: every rule testing ${fact} did not match, so those requests took the other rules or the default tier`,
  }));
}
