import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import { didYouMean, formatIssuePath } from "@rightsize/contracts";
import type { z } from "zod";
import { type ModelCatalog, priceBookCatalog } from "./model-catalog.js";
import { type PolicyFormat, plainValueIssues, readPolicyDocument } from "./policy-document.js";
import { PolicyError, type PolicyIssue } from "./policy-error.js";
import { checkPolicyReferences } from "./policy-references.js";
import { type Policy, policySchema } from "./policy-schema.js";
import { resolveTierModels } from "./tier-models.js";

export type { PolicyFormat } from "./policy-document.js";

export interface ParsePolicyOptions {
  /**
   * YAML or JSON: text, the file's bytes (decoded as UTF-8, strictly), or an already parsed
   * (hand-built) document.
   */
  source: string | Uint8Array | object;
  /** How to read a text source; YAML (a superset of JSON) by default. */
  format?: PolicyFormat;
  /** Where the source came from (file path, Redis key): prefixes error messages. */
  origin?: string;
  /** Models the tiers bind to; the price book by default. */
  models?: ModelCatalog;
  /** Date for lifecycle checks (retired, deprecated); now by default. */
  now?: Date;
}

/** An accepted policy with its warnings (deprecated models, likely fact-name typos), or the error. */
export type ParsePolicyResult =
  | { ok: true; policy: Policy; warnings: readonly PolicyIssue[] }
  | { ok: false; error: PolicyError };

/**
 * Validates a policy document: encoding and syntax (strictly: see readPolicyDocument), schema,
 * references between tiers, chains and rules, and the models the tiers bind to. Every problem is
 * reported with its path (and, for text, its line and column).
 * @example
 * const result = parsePolicy({ source: await readFile("policy.yaml"), origin: "policy.yaml" });
 * if (!result.ok) console.error(result.error.issues);
 */
export function parsePolicy(options: ParsePolicyOptions): ParsePolicyResult {
  const { origin } = options;
  const { source } = options;
  let document: unknown;
  let numberSources: ReadonlyMap<string, string> = new Map();
  let locate: (path: readonly PropertyKey[]) => { line: number; column: number } | undefined = () =>
    undefined;
  if (typeof source === "string" || source instanceof Uint8Array) {
    const read = readPolicyDocument({ source, format: options.format ?? "yaml" });
    if (!read.ok) {
      return { ok: false, error: new PolicyError({ code: read.code, issues: read.issues, origin }) };
    }
    ({ value: document, numberSources, locate } = read.document);
  } else {
    const issues = plainValueIssues(source);
    if (issues.length > 0) return { ok: false, error: new PolicyError({ code: "invalid", issues, origin }) };
    document = source;
  }
  const located = (issue: PolicyIssue) => ({ ...issue, ...locate(segmentsOf(issue.path)) });
  const written = numbersAsWritten(document, numberSources).map(located);
  const parsed = policySchema.safeParse(document);
  if (!parsed.success || written.length > 0) {
    const schemaIssues = parsed.success ? [] : parsed.error.issues.flatMap(issueOfZod).map(located);
    // A version written as a number is reported once, by what it reads as.
    const issues = [
      ...written,
      ...schemaIssues.filter((issue) => !(written.length > 0 && issue.path === "version")),
    ];
    return { ok: false, error: new PolicyError({ code: "invalid", issues, origin }) };
  }
  const policy = parsed.data;
  const references = checkPolicyReferences(policy);
  const models = resolveTierModels({
    policy,
    catalog: options.models ?? priceBookCatalog,
    now: options.now ?? new Date(),
  });
  const issues = [...references.issues, ...models.issues].map(located);
  if (issues.length > 0) return { ok: false, error: new PolicyError({ code: "invalid", issues, origin }) };
  markValidated(policy);
  return { ok: true, policy, warnings: [...models.warnings, ...references.warnings] };
}

/**
 * Validates a policy object (a hand-built one, or one from any parser) and returns the validated
 * policy with defaults filled in, or the error whose issues name every problem's path. What
 * `compilePolicy`, `createPolicyEngine` and the routed client call on a policy they did not get
 * from `parsePolicy`.
 * @example
 * const result = validatePolicy({ policy: { name: "p", version: "1", defaultTier: "haiku" } });
 * if (!result.ok) console.error(result.error.message); // fallbackTier: expected string, received undefined
 */
export function validatePolicy(options: {
  policy: unknown;
  models?: ModelCatalog;
  now?: Date;
  origin?: string;
}): ParsePolicyResult {
  const { policy } = options;
  if (
    typeof policy !== "object" ||
    policy === null ||
    Array.isArray(policy) ||
    policy instanceof Uint8Array
  ) {
    const message = `a policy must be an object (from parsePolicy or loadPolicyFile), got ${policy === null ? "null" : Array.isArray(policy) ? "an array" : typeof policy}`;
    return {
      ok: false,
      error: new PolicyError({ code: "invalid", issues: [{ path: "", message }], origin: options.origin }),
    };
  }
  if (isValidatedPolicy(policy)) return { ok: true, policy, warnings: [] };
  return parsePolicy({ ...options, source: policy });
}

// Policies parsePolicy produced: compilePolicy and the holder validate any other object first.
const validated = new WeakSet<object>();
/** @internal Records a policy as validated: parsePolicy's own results, and copies of them from the version worker. */
export function markValidated(policy: Policy): void {
  validated.add(policy);
}
/** True for a policy object parsePolicy returned (not a copy, not a hand-built one). */
export function isValidatedPolicy(value: object): value is Policy {
  return validated.has(value);
}

/**
 * Numbers whose meaning depends on how they were written: `version` must read as written
 * (`1.10` is the number 1.1: quote it), and a budget's `usd` is read from its source text, so
 * `0.1000000000000000001` is refused for its decimals instead of rounded by the parser.
 */
function numbersAsWritten(document: unknown, sources: ReadonlyMap<string, string>): PolicyIssue[] {
  if (typeof document !== "object" || document === null) return [];
  const record = document as Record<string, unknown>;
  const issues: PolicyIssue[] = [];
  const version = sources.get("version");
  if (typeof record.version === "number" && version !== undefined && version !== String(record.version)) {
    issues.push({
      path: "version",
      message: `${version} reads as the number ${record.version}: quote it to keep it as written (version: "${version}")`,
    });
  }
  const limits = (record.budgets as { limits?: unknown } | undefined)?.limits;
  if (Array.isArray(limits)) {
    limits.forEach((limit, index) => {
      const usd = sources.get(`budgets.limits[${index}].usd`);
      if (usd !== undefined && typeof limit === "object" && limit !== null && typeof limit.usd === "number") {
        (limit as { usd: unknown }).usd = usd;
      }
    });
  }
  return issues;
}

/** `routing[2].when.all[0]` back to its segments (for locating a path in the source). */
function segmentsOf(path: string): PropertyKey[] {
  const segments: PropertyKey[] = [];
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    segments.push(match[2] !== undefined ? Number(match[2]) : match[1]!);
  }
  return segments;
}

/**
 * Reads and validates a policy file (`.json` as JSON, anything else as YAML).
 * Throws PolicyError (code `io`, `syntax` or `invalid`) whose issues name the paths.
 */
export async function loadPolicyFile(
  path: string,
  options: { models?: ModelCatalog; now?: Date } = {},
): Promise<Policy> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (cause) {
    throw new PolicyError({
      code: "io",
      message: `cannot read: ${(cause as Error).message}`,
      origin: path,
      cause,
    });
  }
  const result = parsePolicy({ source: bytes, format: formatOfPath(path), origin: path, ...options });
  if (!result.ok) throw result.error;
  return result.policy;
}

// Every key the schema knows, for "did you mean" on unknown keys (zod reports only the key).
const KNOWN_KEYS = collectKeys(policySchema);

function issueOfZod(issue: z.core.$ZodIssue): PolicyIssue[] {
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => ({
      path: formatIssuePath([...issue.path, key]),
      message: `unknown key${didYouMean(key, KNOWN_KEYS)}`,
    }));
  }
  return [{ path: formatIssuePath(issue.path), message: issue.message }];
}

function collectKeys(schema: z.core.$ZodType, keys = new Set<string>(), depth = 0): Set<string> {
  const definition = schema._zod.def as unknown as Record<string, unknown>;
  if (depth > 8) return keys;
  if (definition.type === "object") {
    for (const [key, child] of Object.entries(definition.shape as Record<string, z.core.$ZodType>)) {
      keys.add(key);
      collectKeys(child, keys, depth + 1);
    }
  }
  for (const field of ["innerType", "element", "valueType", "in", "out"]) {
    const child = definition[field];
    if (child && typeof child === "object" && "_zod" in child)
      collectKeys(child as z.core.$ZodType, keys, depth + 1);
  }
  for (const option of (definition.options as z.core.$ZodType[] | undefined) ?? [])
    collectKeys(option, keys, depth + 1);
  return keys;
}

/** `json` for a `.json` file, `yaml` otherwise. */
export function formatOfPath(path: string): PolicyFormat {
  return extname(path).toLowerCase() === ".json" ? "json" : "yaml";
}
