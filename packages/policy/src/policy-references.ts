import { closestMatch, didYouMean } from "@rightsize/contracts";
import type { PolicyIssue } from "./policy-error.js";
import type { Policy } from "./policy-schema.js";
import { type Condition, isFactReference, KNOWN_FACTS } from "./rules/condition.js";

/**
 * Cross-field checks zod cannot express: tiers, chains and rule names that refer to each other.
 * Returns errors, and warnings for likely typos in custom fact names.
 */
export function checkPolicyReferences(policy: Policy): { issues: PolicyIssue[]; warnings: PolicyIssue[] } {
  const issues: PolicyIssue[] = [];
  const warnings: PolicyIssue[] = [];
  const tiers = Object.keys(policy.tiers);
  const chains = Object.keys(policy.escalation.chains);
  const tierIssue = (path: string, tier: string) => {
    if (!tiers.includes(tier))
      issues.push({ path, message: `unknown tier "${tier}"${didYouMean(tier, tiers)}` });
  };
  if (tiers.length === 0) issues.push({ path: "tiers", message: "needs at least one tier" });
  tierIssue("defaultTier", policy.defaultTier);
  tierIssue("fallbackTier", policy.fallbackTier);
  checkChain({ chain: policy.escalation.chain ?? [], path: "escalation.chain" }, tierIssue, issues);
  for (const [chainName, chain] of Object.entries(policy.escalation.chains)) {
    checkChain({ chain, path: `escalation.chains.${chainName}` }, tierIssue, issues);
  }
  policy.routing.forEach((rule, index) => {
    if (rule.tier !== undefined) tierIssue(`routing[${index}].tier`, rule.tier);
    if (typeof rule.escalation === "string" && !chains.includes(rule.escalation)) {
      issues.push({
        path: `routing[${index}].escalation`,
        message: `unknown escalation chain "${rule.escalation}"${didYouMean(rule.escalation, chains)}`,
      });
    }
  });
  checkRuleNames(policy, issues);
  for (const [section, rules] of [
    ["routing", policy.routing],
    ["ceilings", policy.ceilings],
    ["batch", policy.batch],
  ] as const) {
    for (const [index, rule] of rules.entries())
      checkFactNames(rule.when, `${section}[${index}].when`, warnings);
  }
  return { issues, warnings };
}

function checkChain(
  at: { chain: readonly string[]; path: string },
  tierIssue: (path: string, tier: string) => void,
  issues: PolicyIssue[],
): void {
  const { chain, path } = at;
  chain.forEach((tier, index) => {
    tierIssue(`${path}[${index}]`, tier);
    if (chain.indexOf(tier) !== index)
      issues.push({ path: `${path}[${index}]`, message: `tier "${tier}" repeats` });
  });
}

function checkRuleNames(policy: Policy, issues: PolicyIssue[]): void {
  const seen = new Map<string, string>();
  const sections = { routing: policy.routing, ceilings: policy.ceilings, batch: policy.batch };
  for (const [section, rules] of Object.entries(sections)) {
    rules.forEach((rule, index) => {
      const path = `${section}[${index}].name`;
      const earlier = seen.get(rule.name);
      if (earlier !== undefined)
        issues.push({ path, message: `rule name "${rule.name}" is already used at ${earlier}` });
      else seen.set(rule.name, path);
    });
  }
}

/** Warns about custom facts one or two letters away from a known fact (`taskTyp`). */
function checkFactNames(condition: Condition, path: string, warnings: PolicyIssue[]): void {
  const visit = (node: Condition, nodePath: string) => {
    if ("all" in node) {
      for (const [index, child] of node.all.entries()) visit(child, `${nodePath}.all[${index}]`);
    } else if ("any" in node) {
      for (const [index, child] of node.any.entries()) visit(child, `${nodePath}.any[${index}]`);
    } else if ("not" in node) visit(node.not, `${nodePath}.not`);
    else {
      warnAboutFact(node.fact, `${nodePath}.fact`, warnings);
      if (isFactReference(node.value)) warnAboutFact(node.value.fact, `${nodePath}.value.fact`, warnings);
    }
  };
  visit(condition, path);
}

function warnAboutFact(fact: string, path: string, warnings: PolicyIssue[]): void {
  if (KNOWN_FACTS.includes(fact)) return;
  const close = closestMatch(fact, KNOWN_FACTS);
  const message =
    close === undefined
      ? `custom fact "${fact}": callers must pass it, or the condition sees undefined`
      : `custom fact "${fact}" (did you mean "${close}"?)`;
  warnings.push({ path, message });
}
