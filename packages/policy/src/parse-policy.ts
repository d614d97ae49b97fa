import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import { didYouMean, formatIssuePath } from "@rightsize/contracts";
import { parse as parseYaml } from "yaml";
import type { z } from "zod";
import { type ModelCatalog, priceBookCatalog } from "./model-catalog.js";
import { PolicyError, type PolicyIssue } from "./policy-error.js";
import { checkPolicyReferences } from "./policy-references.js";
import { type Policy, policySchema } from "./policy-schema.js";
import { resolveTierModels } from "./tier-models.js";

export type PolicyFormat = "yaml" | "json";

export interface ParsePolicyOptions {
  /** YAML or JSON text, or an already parsed document. */
  source: string | object;
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
 * Validates a policy document: syntax, schema, references between tiers, chains and rules,
 * and the models the tiers bind to. Every problem is reported with its path.
 * @example
 * const result = parsePolicy({ source: await readFile("policy.yaml", "utf8"), origin: "policy.yaml" });
 * if (!result.ok) console.error(result.error.issues);
 */
export function parsePolicy(options: ParsePolicyOptions): ParsePolicyResult {
  const { origin } = options;
  let document: unknown = options.source;
  if (typeof options.source === "string") {
    try {
      document =
        options.format === "json"
          ? JSON.parse(options.source)
          : parseYaml(options.source, {
              uniqueKeys: true,
              maxAliasCount: 100,
              prettyErrors: true,
              logLevel: "error",
            });
    } catch (cause) {
      const message = `not valid ${options.format === "json" ? "JSON" : "YAML"}: ${(cause as Error).message}`;
      return { ok: false, error: new PolicyError({ code: "syntax", message, origin, cause }) };
    }
  }
  const parsed = policySchema.safeParse(document);
  if (!parsed.success) {
    const issues = parsed.error.issues.flatMap(issueOfZod);
    return { ok: false, error: new PolicyError({ code: "invalid", issues, origin }) };
  }
  const policy = parsed.data;
  const references = checkPolicyReferences(policy);
  const models = resolveTierModels({
    policy,
    catalog: options.models ?? priceBookCatalog,
    now: options.now ?? new Date(),
  });
  const issues = [...references.issues, ...models.issues];
  if (issues.length > 0) return { ok: false, error: new PolicyError({ code: "invalid", issues, origin }) };
  return { ok: true, policy, warnings: [...models.warnings, ...references.warnings] };
}

/**
 * Reads and validates a policy file (`.json` as JSON, anything else as YAML).
 * Throws PolicyError (code `io`, `syntax` or `invalid`) whose issues name the paths.
 */
export async function loadPolicyFile(
  path: string,
  options: { models?: ModelCatalog; now?: Date } = {},
): Promise<Policy> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    throw new PolicyError({
      code: "io",
      message: `cannot read: ${(cause as Error).message}`,
      origin: path,
      cause,
    });
  }
  const result = parsePolicy({ source: text, format: formatOfPath(path), origin: path, ...options });
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
