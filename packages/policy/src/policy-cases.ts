import { type Decision, formatIssuePath } from "@rightsize/contracts";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { decide } from "./decide.js";
import type { ModelCatalog } from "./model-catalog.js";
import { PolicyError } from "./policy-error.js";
import type { Policy } from "./policy-schema.js";

const casesSchema = z.strictObject({
  cases: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        facts: z.record(z.string(), z.unknown()).default({}),
        budget: z
          .strictObject({
            exhausted: z.boolean(),
            scope: z.string().optional(),
            subject: z.string().optional(),
            period: z.string().optional(),
          })
          .optional(),
        /** A partial decision: only the fields given are compared (arrays exactly). */
        expect: z.record(z.string(), z.unknown()),
      }),
    )
    .min(1),
});

export type PolicyCase = z.output<typeof casesSchema>["cases"][number];

/** One difference between the expected and the actual decision. */
export interface CaseMismatch {
  path: string;
  expected: unknown;
  actual: unknown;
}

export interface PolicyCaseResult {
  name: string;
  passed: boolean;
  mismatches: CaseMismatch[];
  decision: Decision;
}

/** Parses a CASES.yaml document; throws PolicyError with paths on a malformed one. */
export function parsePolicyCases(options: { source: string; origin?: string }): PolicyCase[] {
  let document: unknown;
  try {
    document = parseYaml(options.source);
  } catch (cause) {
    throw new PolicyError({
      code: "syntax",
      message: `not valid YAML: ${(cause as Error).message}`,
      origin: options.origin,
      cause,
    });
  }
  const parsed = casesSchema.safeParse(document);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({
      path: formatIssuePath(issue.path),
      message: issue.message,
    }));
    throw new PolicyError({ code: "invalid", issues, origin: options.origin });
  }
  return parsed.data.cases;
}

/**
 * Runs expected-decision cases against a policy: unit tests for policies. Each case's
 * `expect` is a partial decision (`{ kind: route, tier: haiku, maxTokens: 256 }`).
 */
export function runPolicyCases(options: {
  policy: Policy;
  cases: readonly PolicyCase[];
  models?: ModelCatalog;
}): PolicyCaseResult[] {
  return options.cases.map((testCase) => {
    const decision = decide({
      policy: options.policy,
      facts: testCase.facts,
      ...(testCase.budget ? { budget: testCase.budget } : {}),
      ...(options.models ? { models: options.models } : {}),
    });
    const mismatches: CaseMismatch[] = [];
    compare({ expected: testCase.expect, actual: decision, path: "" }, mismatches);
    return { name: testCase.name, passed: mismatches.length === 0, mismatches, decision };
  });
}

/** Compares what a case expects with what the decision has at `path`, recording every difference. */
function compare(at: { expected: unknown; actual: unknown; path: string }, mismatches: CaseMismatch[]): void {
  const { expected, actual, path } = at;
  if (isRecord(expected) && isRecord(actual)) {
    for (const [key, value] of Object.entries(expected)) {
      compare({ expected: value, actual: actual[key], path: path ? `${path}.${key}` : key }, mismatches);
    }
    return;
  }
  if (Array.isArray(expected) && Array.isArray(actual) && expected.length === actual.length) {
    expected.forEach((item, index) => {
      compare({ expected: item, actual: actual[index], path: `${path}[${index}]` }, mismatches);
    });
    return;
  }
  if (JSON.stringify(expected) !== JSON.stringify(actual)) mismatches.push({ path, expected, actual });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
