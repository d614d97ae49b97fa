import { formatIssue } from "@rightsize/contracts";
import {
  type BudgetState,
  checkPolicyVersion,
  classifyTask,
  compilePolicy,
  type Decision,
  decide,
  formatOfPath,
  formatPolicyIssue,
  lintPrompt,
  matchRules,
  type Policy,
  PolicyError,
  type PolicyIssue,
  parsePolicy,
  parsePolicyCases,
  type RequestFacts,
  runPolicyCases,
  scoreComplexity,
} from "@rightsize/policy";
import type { Command } from "commander";
import { CliError, CliErrorCode, isUsageError, usageError } from "../cli-error.js";
import { readOptionBytes, readOptionText } from "../option-files.js";
import { formatTable, printJson } from "../output.js";

/**
 * Loads and validates a policy file (its bytes: invalid UTF-8 is refused, not replaced); `trial`
 * also tries it as a hot reload would (checkPolicyVersion). On failure prints the issues (or
 * JSON) and exits 1.
 */
function loadPolicy(
  path: string,
  json: boolean,
  options: { trial?: boolean } = {},
): { policy: Policy; warnings: readonly PolicyIssue[] } {
  const request = {
    source: readOptionBytes({ path, option: "policy file" }),
    format: formatOfPath(path),
    origin: path,
  };
  const result = options.trial ? checkPolicyVersion(request) : parsePolicy(request);
  if (result.ok) return result;
  if (json)
    printJson({ ok: false, file: path, error: { code: result.error.code, issues: result.error.issues } });
  const { issues } = result.error;
  const lines =
    issues.length > 0
      ? issues.map((issue) => `  ${formatPolicyIssue(issue)}`)
      : [`  ${result.error.message}`];
  throw new CliError({
    code: CliErrorCode.commandFailed,
    message: `${path}: invalid policy (${Math.max(issues.length, 1)} problem(s))\n${lines.join("\n")}`,
  });
}

function parseFacts(text: string | undefined): RequestFacts {
  if (text === undefined) return {};
  const source = text.startsWith("@") ? readOptionText({ path: text.slice(1), option: "--facts" }) : text;
  let facts: unknown;
  try {
    facts = JSON.parse(source);
  } catch (error) {
    throw usageError(`--facts: not valid JSON: ${(error as Error).message}`);
  }
  if (typeof facts !== "object" || facts === null || Array.isArray(facts)) {
    throw usageError("--facts: expected a JSON object of facts");
  }
  return facts as RequestFacts;
}

/** Registers `rightsize policy check|explain|test|lint-prompt`. */
export function registerPolicyCommand(program: Command): void {
  const policy = program.command("policy").description("Validate, explain and test routing policies");

  policy
    .command("check")
    .description("validate a policy file (schema, references, models); exit 1 with every problem's path")
    .argument("<file>", "policy file (.yaml, .yml or .json)")
    .option("--json", "print the result as JSON")
    .action((file: string, options: { json?: boolean }) => {
      const { policy: checked, warnings } = loadPolicy(file, options.json === true, { trial: true });
      const compiled = compilePolicy({ policy: checked });
      if (options.json) {
        printJson({
          ok: true,
          file,
          policy: { name: checked.name, version: checked.version, mode: checked.mode },
          tiers: compiled.tiers.map((tier) => ({
            tier: tier.name,
            model: tier.model.id,
            status: tier.model.status,
          })),
          rules: {
            routing: checked.routing.length,
            ceilings: checked.ceilings.length,
            batch: checked.batch.length,
          },
          warnings,
        });
        return;
      }
      const lines = [
        `${file}: ok — policy ${checked.name} ${checked.version} (${checked.mode})`,
        `tiers: ${compiled.tiers.map((tier) => `${tier.name} → ${tier.model.id}`).join(", ")}`,
        `rules: ${checked.routing.length} routing, ${checked.ceilings.length} ceiling, ${checked.batch.length} batch`,
        ...warnings.map((warning) => `warning: ${formatIssue(warning)}`),
      ];
      process.stdout.write(`${lines.join("\n")}\n`);
    });

  policy
    .command("explain")
    .description("print the decision for some facts and the rules that produced it")
    .argument("<file>", "policy file")
    .option("--facts <json>", "facts as JSON, or @file.json")
    .option(
      "--request <file>",
      "a Messages API request body: scores complexity and classifies the task when the facts do not say",
    )
    .option(
      "--budget-exhausted [scope]",
      "decide as if the budget of this scope (tenant, feature, apiKey) were exhausted",
    )
    .option("--json", "print the decision and rule evaluations as JSON")
    .action(
      (
        file: string,
        options: { facts?: string; request?: string; budgetExhausted?: string | boolean; json?: boolean },
      ) => {
        const { policy: loaded } = loadPolicy(file, options.json === true);
        const facts = { ...requestFacts(options.request), ...parseFacts(options.facts) };
        const budget: BudgetState | undefined =
          options.budgetExhausted === undefined
            ? undefined
            : {
                exhausted: true,
                ...(typeof options.budgetExhausted === "string" ? { scope: options.budgetExhausted } : {}),
              };
        const decision = decide({ policy: loaded, facts, ...(budget ? { budget } : {}) });
        const rules = ruleEvaluations(loaded, facts, decision);
        if (options.json) {
          printJson({
            policy: { name: loaded.name, version: loaded.version, mode: loaded.mode },
            facts,
            decision,
            rules,
          });
          return;
        }
        process.stdout.write(`${explainText({ policy: loaded, facts, decision, rules })}\n`);
      },
    );

  policy
    .command("test")
    .description("run expected-decision cases (CASES.yaml) against a policy; exit 1 on any failure")
    .argument("<file>", "policy file")
    .argument("<cases>", "cases file (YAML: cases: [{ name, facts, budget?, expect }])")
    .option("--json", "print the results as JSON")
    .action((file: string, casesFile: string, options: { json?: boolean }) => {
      const { policy: loaded } = loadPolicy(file, options.json === true);
      let cases: ReturnType<typeof parsePolicyCases>;
      try {
        cases = parsePolicyCases({
          source: readOptionText({ path: casesFile, option: "cases file" }),
          origin: casesFile,
        });
      } catch (error) {
        if (PolicyError.isInstance(error)) throw usageError(error.message);
        throw error;
      }
      const results = runPolicyCases({ policy: loaded, cases });
      const failed = results.filter((result) => !result.passed);
      if (options.json) {
        printJson({
          passed: results.length - failed.length,
          failed: failed.length,
          cases: results.map(({ name, passed, mismatches, decision }) => ({
            name,
            passed,
            mismatches,
            decision,
          })),
        });
      } else {
        const lines = results.flatMap((result) => [
          `${result.passed ? "✓" : "✗"} ${result.name}`,
          ...result.mismatches.map(
            (mismatch) =>
              `    ${mismatch.path}: expected ${JSON.stringify(mismatch.expected)}, got ${JSON.stringify(mismatch.actual)}`,
          ),
        ]);
        lines.push("", `${results.length - failed.length} passed, ${failed.length} failed`);
        process.stdout.write(`${lines.join("\n")}\n`);
      }
      if (failed.length > 0)
        throw new CliError({
          code: CliErrorCode.commandFailed,
          message: `${failed.length} of ${results.length} case(s) failed`,
        });
    });

  policy
    .command("lint-prompt")
    .description("flag prompts whose variable content precedes static content (defeats prompt caching)")
    .argument("<file>", "request body as JSON, a JSON array of bodies, or JSON lines (one body per line)")
    .option("--min-static-chars <n>", "ignore static tails shorter than this", (text) => {
      const value = Number(text);
      if (!Number.isInteger(value) || value < 0)
        throw usageError(`--min-static-chars: expected a whole number, got "${text}"`);
      return value;
    })
    .option("--json", "print findings as JSON")
    .action((file: string, options: { minStaticChars?: number; json?: boolean }) => {
      const requests = parseRequests(readOptionText({ path: file, option: "requests file" }), file);
      const result = lintPrompt({
        requests,
        ...(options.minStaticChars !== undefined ? { minStaticChars: options.minStaticChars } : {}),
      });
      if (options.json) printJson(result);
      else if (result.findings.length === 0)
        process.stdout.write(`${file}: ${result.requests} request(s), no findings\n`);
      else {
        const lines = result.findings.map(
          (finding) => `${finding.rule} at ${finding.path}: ${finding.message}`,
        );
        process.stdout.write(`${lines.join("\n")}\n`);
      }
      if (result.findings.length > 0)
        throw new CliError({
          code: CliErrorCode.commandFailed,
          message: `${result.findings.length} prompt finding(s) in ${file}`,
        });
    });
}

function requestFacts(path: string | undefined): RequestFacts {
  if (path === undefined) return {};
  const [body] = parseRequests(readOptionText({ path, option: "--request" }), path);
  const prompt = body as unknown as Parameters<typeof scoreComplexity>[0];
  if (!Array.isArray(prompt?.messages)) throw usageError(`--request: ${path} has no messages array`);
  const { score } = scoreComplexity(prompt);
  const { taskType } = classifyTask(prompt);
  return {
    complexity: Math.round(score * 1000) / 1000,
    ...(taskType !== "unknown" ? { taskType } : {}),
    ...(typeof body?.max_tokens === "number" ? { requestedMaxTokens: body.max_tokens } : {}),
  };
}

function parseRequests(text: string, path: string): Record<string, unknown>[] {
  const trimmed = text.trim();
  try {
    const parsed: unknown = JSON.parse(trimmed);
    const list = Array.isArray(parsed) ? parsed : [parsed];
    if (list.every((item) => typeof item === "object" && item !== null && !Array.isArray(item))) {
      return list as Record<string, unknown>[];
    }
    throw usageError(`${path}: expected request bodies (JSON objects)`);
  } catch (error) {
    if (isUsageError(error)) throw error;
    // Not a single JSON document: JSON lines.
    return trimmed
      .split(/\r?\n/)
      .filter(Boolean)
      .map((line, index) => {
        try {
          return JSON.parse(line) as Record<string, unknown>;
        } catch (lineError) {
          throw usageError(`${path}:${index + 1}: not valid JSON: ${(lineError as Error).message}`);
        }
      });
  }
}

interface RuleEvaluation {
  name: string;
  section: string;
  priority: number;
  matched: boolean;
  applied: boolean;
  shadow: boolean;
  reason: string;
}

function ruleEvaluations(policy: Policy, facts: RequestFacts, decision: Decision): RuleEvaluation[] {
  const compiled = compilePolicy({ policy });
  let matched: boolean[];
  try {
    matched = matchRules(compiled, facts);
  } catch {
    matched = compiled.rules.map(() => false);
  }
  const appliedSections = new Set<string>();
  return compiled.rules.map((rule, index) => {
    const isMatch = matched[index] === true && decision.matchedRules.includes(rule.name);
    const applied = isMatch && !appliedSections.has(rule.section);
    if (applied) appliedSections.add(rule.section);
    return {
      name: rule.name,
      section: rule.section,
      priority: rule.priority,
      matched: isMatch,
      applied,
      shadow: rule.shadow,
      reason: rule.reason,
    };
  });
}

function explainText(explanation: {
  policy: Policy;
  facts: RequestFacts;
  decision: Decision;
  rules: RuleEvaluation[];
}): string {
  const { policy, facts, decision, rules } = explanation;
  const lines = [
    `policy ${policy.name} ${policy.version} (${policy.mode})`,
    `facts: ${JSON.stringify(facts)}`,
    "",
  ];
  if (decision.kind === "reject") {
    lines.push(`decision: reject (${decision.code}): ${decision.reason}`);
  } else {
    lines.push(
      `decision: route → ${decision.tier} (${decision.model}), max_tokens ${decision.maxTokens}, ${decision.mode}`,
      `cache: ${decision.cache.enabled ? `on, ${decision.cache.ttl}, breakpoints after ${decision.cache.breakpoints.join(", ")}` : "off"} — ${decision.cache.reason}`,
      `escalation: ${decision.escalation.length === 0 ? "none" : decision.escalation.map((step) => `${step.tier} (${step.model})`).join(" → ")}`,
      `shadow: ${decision.shadow ? "yes (recorded, not enforced)" : "no"}   fallback: ${decision.fallback ? "yes" : "no"}`,
    );
  }
  lines.push("", "rules (highest priority first):");
  const rows = rules.map((rule) => [
    rule.name,
    rule.section,
    String(rule.priority),
    rule.matched ? "yes" : "no",
    rule.applied ? `applied${rule.shadow ? " (shadow)" : ""}` : rule.matched ? "outranked" : "",
  ]);
  lines.push(formatTable(["rule", "section", "priority", "matched", "effect"], rows));
  if (decision.kind === "route" && decision.reasons.length > 0) {
    lines.push("", "reasons:", ...decision.reasons.map((reason) => `  - ${reason}`));
  }
  return lines.join("\n");
}
