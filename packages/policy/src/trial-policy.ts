import type { Decision, RequestFacts } from "@rightsize/contracts";
import { budgetLimitsFromPolicy } from "./budget/policy-budget-limits.js";
import { compilePolicy } from "./compile-policy.js";
import { loadRouterFileSync } from "./complexity/complexity-router.js";
import { decide } from "./decide.js";
import type { ModelCatalog } from "./model-catalog.js";
import { type PolicyCase, runPolicyCases } from "./policy-cases.js";
import type { PolicyIssue } from "./policy-error.js";
import type { Policy } from "./policy-schema.js";
import { trialFacts } from "./trial-facts.js";

/** How long one decision may take before a policy is refused: decide() takes microseconds. */
export const MAX_TRIAL_DECISION_MS = 25;
/** How many generated fact vectors a trial runs (besides one per value the conditions name). */
export const TRIAL_VECTORS = 256;

/** What a trial found: nothing (the version may serve), or why it must not. */
export type PolicyTrialResult =
  | { ok: true; decisions: number; slowestMs: number }
  | { ok: false; issues: PolicyIssue[] };

/**
 * Tries a validated policy before it replaces a serving one: it must compile, its budgets must
 * convert, the router file it names (if any) must load, its own cases (if any) must pass, and no decision on generated fact vectors may fault
 * (fall back) or take longer than `maxDecisionMs`. A version that fails is refused with the
 * reasons; the serving one keeps serving.
 * @example
 * const trial = trialPolicy({ policy, cases: parsePolicyCases({ source: casesText }) });
 * if (!trial.ok) console.error(trial.issues);
 */
export function trialPolicy(options: {
  policy: Policy;
  cases?: readonly PolicyCase[];
  models?: ModelCatalog;
  vectors?: number;
  maxDecisionMs?: number;
}): PolicyTrialResult {
  const { policy } = options;
  const models = options.models ? { models: options.models } : {};
  const maxMs = options.maxDecisionMs ?? MAX_TRIAL_DECISION_MS;
  try {
    compilePolicy({ policy, ...models });
    budgetLimitsFromPolicy({ policy });
  } catch (error) {
    return { ok: false, issues: [{ path: "", message: `cannot be compiled: ${(error as Error).message}` }] };
  }
  const issues: PolicyIssue[] = [];
  // A router file the version names must load: the client would otherwise score with the
  // built-in scorer, on a scale the version's complexity thresholds were not written for.
  if (policy.router !== undefined) {
    try {
      loadRouterFileSync(policy.router);
    } catch (error) {
      issues.push({ path: "router", message: `cannot be loaded: ${(error as Error).message}` });
    }
  }
  if (options.cases && options.cases.length > 0) {
    const results = runPolicyCases({ policy, cases: options.cases, ...models });
    results.forEach((result, index) => {
      if (result.passed) return;
      const differences = result.mismatches
        .map(
          (mismatch) =>
            `${mismatch.path}: expected ${JSON.stringify(mismatch.expected)}, got ${JSON.stringify(mismatch.actual)}`,
        )
        .join("; ");
      issues.push({ path: `cases[${index}]`, message: `case "${result.name}" fails: ${differences}` });
    });
  }
  let decisions = 0;
  let slowestMs = 0;
  for (const facts of trialFacts({ policy, count: options.vectors ?? TRIAL_VECTORS })) {
    const timed = timedDecision({ policy, facts, models, maxMs });
    decisions++;
    slowestMs = Math.max(slowestMs, timed.ms);
    const problem = faultOf(timed.decision);
    if (problem) issues.push({ path: "", message: `${problem} on facts ${describeFacts(facts)}` });
    else if (timed.ms > maxMs) {
      issues.push({
        path: "",
        message: `one decision took ${timed.ms.toFixed(1)} ms (at most ${maxMs} ms) on facts ${describeFacts(facts)}`,
      });
    }
    if (issues.length >= 5) break; // enough to say why; the rest would repeat it
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, decisions, slowestMs };
}

/** A decision timed on its own; a slow one is retried twice and its fastest run kept (a GC pause is not the policy's). */
function timedDecision(options: {
  policy: Policy;
  facts: RequestFacts;
  models: { models?: ModelCatalog };
  maxMs: number;
}) {
  const { policy, facts, models } = options;
  let best = Number.POSITIVE_INFINITY;
  let decision: Decision | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    const started = performance.now();
    decision = decide({ policy, facts, ...models });
    best = Math.min(best, performance.now() - started);
    if (best <= options.maxMs) break;
  }
  return { decision: decision!, ms: best };
}

function faultOf(decision: Decision): string | undefined {
  if (decision.kind === "route" && decision.fallback) return `a decision faulted (${decision.reasons[0]})`;
  if (
    decision.kind === "reject" &&
    decision.code === "no_eligible_model" &&
    decision.reason.startsWith("policy cannot")
  )
    return `a decision failed (${decision.reason})`;
  return undefined;
}

function describeFacts(facts: RequestFacts): string {
  const text = JSON.stringify(facts, (_key, value) =>
    typeof value === "string" && value.length > 40
      ? `${value.slice(0, 20)}… (${value.length} characters)`
      : value,
  );
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
