import type { ModelCatalog } from "./model-catalog.js";
import { type ParsePolicyResult, parsePolicy } from "./parse-policy.js";
import type { PolicyCase } from "./policy-cases.js";
import type { PolicyFormat } from "./policy-document.js";
import { PolicyError } from "./policy-error.js";
import { trialPolicy } from "./trial-policy.js";

/** A new policy version to check before it may replace the serving one. */
export interface PolicyVersionRequest {
  source: string | Uint8Array | object;
  format?: PolicyFormat;
  origin?: string;
  /** The version's own expected-decision cases: every one must pass. */
  cases?: readonly PolicyCase[];
  models?: ModelCatalog;
  now?: Date;
}

/**
 * Everything a new version must pass before it serves: strict reading, the schema and references
 * (parsePolicy), then a trial (trialPolicy: its cases, generated fact vectors, a time bound per
 * decision). A version that parses but fails its trial is refused with code `trial_failed`.
 */
export function checkPolicyVersion(request: PolicyVersionRequest): ParsePolicyResult {
  const { cases, ...parse } = request;
  const parsed = parsePolicy(parse);
  if (!parsed.ok) return parsed;
  const trial = trialPolicy({
    policy: parsed.policy,
    ...(cases ? { cases } : {}),
    ...(request.models ? { models: request.models } : {}),
  });
  if (trial.ok) return parsed;
  return {
    ok: false,
    error: new PolicyError({ code: "trial_failed", issues: trial.issues, origin: request.origin }),
  };
}
