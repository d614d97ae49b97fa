import { issuesOf } from "@rightsize/contracts";
import { z } from "zod";
import { PolicyError, PolicyErrorCode } from "../policy-error.js";
import { ROUTER_DENSE_FEATURES } from "./router-features.js";

/** The `format` of a router file (`rightsize router train --out router.json`). */
export const ROUTER_FORMAT = "rightsize-router";
/**
 * The router file version this build reads and writes. 2: the features come from one bounded,
 * fused pass (`router-features.ts`); a version 1 file weighs features this build no longer
 * computes and is refused (retrain it).
 */
export const ROUTER_FORMAT_VERSION = 2;

/** One tier's logistic model: P(the tier passes) = sigmoid(bias + sum of weights[i] x feature[i]). */
const tierModelSchema = z
  .strictObject({
    name: z.string().min(1),
    bias: z.number(),
    /** Feature indices with a non-zero weight, ascending: hashed buckets, then the dense features. */
    indices: z.array(z.int().nonnegative()),
    weights: z.array(z.number()),
  })
  .refine((tier) => tier.indices.length === tier.weights.length, {
    message: "indices and weights must have the same length",
  });

export const routerFileSchema = z
  .strictObject({
    format: z.literal(ROUTER_FORMAT),
    version: z.literal(ROUTER_FORMAT_VERSION),
    /** Hashed feature buckets (a power of two). */
    buckets: z
      .int()
      .min(256)
      .max(1 << 20)
      .refine((value) => (value & (value - 1)) === 0, { message: "must be a power of two" }),
    /** The dense features after the buckets, by name: they must be the ones this build computes. */
    denseFeatures: z.array(z.string()),
    /** The tier whose failure the complexity score is, and the strong tier it is measured against. */
    weak: z.string().min(1),
    strong: z.string().min(1),
    /** Cheapest first. */
    tiers: z.array(tierModelSchema).min(2),
    /** How it was trained (outcomes, seed, regularization, cross-validated figures): information only. */
    training: z.record(z.string(), z.unknown()).optional(),
  })
  .superRefine((file, context) => {
    const names = file.tiers.map((tier) => tier.name);
    for (const [key, name] of [
      ["weak", file.weak],
      ["strong", file.strong],
    ] as const) {
      if (!names.includes(name))
        context.addIssue({
          code: "custom",
          path: [key],
          message: `"${name}" is not one of the tiers (${names.join(", ")})`,
        });
    }
    const dimension = file.buckets + file.denseFeatures.length;
    file.tiers.forEach((tier, tierIndex) => {
      const bad = tier.indices.findIndex(
        (index, at) => index >= dimension || (at > 0 && index <= tier.indices[at - 1]!),
      );
      if (bad >= 0)
        context.addIssue({
          code: "custom",
          path: ["tiers", tierIndex, "indices", bad],
          message: `must ascend and stay below ${dimension} (buckets + dense features)`,
        });
    });
  });

export type RouterFile = z.output<typeof routerFileSchema>;

const invalid = (origin: string | undefined, message: string, cause?: unknown) =>
  new PolicyError({ code: PolicyErrorCode.invalidRouter, message, ...(origin ? { origin } : {}), cause });

/**
 * Reads a router file's text: refused with a PolicyError (`invalid_router`) naming what is wrong
 * when it is not JSON, not a router file, from a newer format, malformed (with the path of each
 * problem), or trained on features this build does not compute.
 */
export function parseRouterFile(options: { text: string; origin?: string }): RouterFile {
  const { origin } = options;
  let value: unknown;
  try {
    value = JSON.parse(options.text);
  } catch (cause) {
    throw invalid(origin, `not a router file: the JSON does not parse (${(cause as Error).message})`, cause);
  }
  const head = (typeof value === "object" && value !== null ? value : {}) as {
    format?: unknown;
    version?: unknown;
  };
  if (head.format !== ROUTER_FORMAT)
    throw invalid(
      origin,
      `not a router file: "format" must be "${ROUTER_FORMAT}" (rightsize router train writes one)`,
    );
  if (typeof head.version === "number" && head.version > ROUTER_FORMAT_VERSION)
    throw invalid(
      origin,
      `router file format version ${head.version} is newer than this build reads (${ROUTER_FORMAT_VERSION}): upgrade @rightsize/policy, or retrain the router with this version`,
    );
  if (typeof head.version === "number" && head.version < ROUTER_FORMAT_VERSION)
    throw invalid(
      origin,
      `router file format version ${head.version} is older than this build reads (${ROUTER_FORMAT_VERSION}): its weights are for features this version no longer computes; retrain it with \`rightsize router train\``,
    );
  const parsed = routerFileSchema.safeParse(value);
  if (!parsed.success) {
    const issues = issuesOf(parsed.error);
    throw new PolicyError({
      code: PolicyErrorCode.invalidRouter,
      message: `corrupt router file: ${issues.map((issue) => `${issue.path || "(root)"}: ${issue.message}`).join("; ")}`,
      issues,
      ...(origin ? { origin } : {}),
    });
  }
  const expected = ROUTER_DENSE_FEATURES.join(",");
  if (parsed.data.denseFeatures.join(",") !== expected)
    throw invalid(
      origin,
      `the router was trained on other features (${parsed.data.denseFeatures.length} dense features, this build computes ${ROUTER_DENSE_FEATURES.length}): retrain it with this version`,
    );
  return parsed.data;
}
