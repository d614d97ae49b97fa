import { z } from "zod";
import { budgetAmountSchema } from "./budget-amount.js";
import type { Condition } from "./rules/condition.js";
import { validateCondition } from "./rules/validate-condition.js";

const name = z.string().trim().min(1, "must not be empty");
const tierName = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, "must be a tier name (letters, digits, - and _)");

/** A json-rules-engine condition tree, validated node by node with paths. */
const conditionSchema = z
  .custom<Condition>(() => true)
  .superRefine((condition, context) => {
    validateCondition({
      condition,
      path: [],
      report: (path, message) => context.addIssue({ code: "custom", message, path: [...path] }),
    });
  });

/** A tier bound to a model id, or to the newest active model of a family at load time. */
const tierBindingSchema = z.union([
  z.string().min(1),
  z.strictObject({ model: z.string().min(1) }),
  z.strictObject({ family: z.enum(["haiku", "sonnet", "opus", "fable"]) }),
]);

const ruleBase = {
  name,
  /** Higher runs first and wins; ties keep file order. json-rules-engine requires >= 1. */
  priority: z.int().min(1).max(1_000_000).default(1),
  /** Why the rule exists: it becomes the decision's reason when the rule applies. */
  reason: z.string().trim().min(1, "every rule needs a reason"),
  /** Omitted means "always" (an empty `all`). */
  when: conditionSchema.default({ all: [] }),
  /** Computed and recorded, not enforced: a decision this rule shapes is a shadow decision. */
  shadow: z.boolean().default(false),
};

export const routingRuleSchema = z
  .strictObject({
    ...ruleBase,
    tier: tierName.optional(),
    /** Refuse the request (decision `reject`, code `policy_rejected`). */
    reject: z.literal(true).optional(),
    /** Name of an escalation chain in `escalation.chains`; default is `escalation.chain`. */
    escalation: z.union([name, z.literal(false)]).optional(),
  })
  .refine((rule) => (rule.tier === undefined) !== (rule.reject === undefined), {
    message: 'a routing rule needs exactly one of "tier" or "reject: true"',
  });

export const ceilingRuleSchema = z.strictObject({
  ...ruleBase,
  /** The max_tokens ceiling: a larger request is capped, a smaller one kept. */
  maxTokens: z.int().min(1).max(1_000_000),
});

export const batchRuleSchema = z.strictObject({ ...ruleBase });

const exhaustAction = z.enum(["downgrade", "batch", "reject"]);

export const budgetLimitSchema = z.strictObject({
  /** A label for reports and explanations. */
  name: name.optional(),
  scope: z.enum(["tenant", "feature", "apiKey"]),
  /** One tenant / feature / key id; omitted means every subject of the scope, each on its own. */
  subject: name.optional(),
  period: z.enum(["day", "month"]),
  /** USD per period, exact: more than $0, at most MAX_BUDGET_USD, at most 12 decimals (see budget-amount.ts). */
  usd: budgetAmountSchema,
  onExhaust: exhaustAction.optional(),
});

export const policySchema = z.strictObject({
  name,
  version: z.union([name, z.number().transform(String)]),
  description: z.string().optional(),
  /** `shadow`: every decision is computed and recorded; requests go out as the callers asked. */
  mode: z.enum(["enforce", "shadow"]).default("enforce"),
  /** Tiers from cheapest to most capable: order matters for downgrade, escalation and fit. */
  tiers: z
    .record(tierName, tierBindingSchema)
    .default({ haiku: { family: "haiku" }, sonnet: { family: "sonnet" }, opus: { family: "opus" } }),
  defaultTier: tierName,
  /** Used when the rules cannot be evaluated (a fault): must be a safe, capable tier. */
  fallbackTier: tierName,
  /** max_tokens when neither the caller nor a ceiling rule sets one. */
  defaultMaxTokens: z.int().min(1).max(1_000_000).default(4096),
  /** Largest acceptable quality drop against the baseline when evaluating a cheaper tier (0..1). */
  qualityTolerance: z.number().min(0).max(1).default(0.02),
  /**
   * A router file (`rightsize router train`) whose probability that its cheap tier fails is the
   * `complexity` fact, instead of the built-in scorer's (a path; the routed client loads it).
   */
  router: z.string().min(1).optional(),
  routing: z.array(routingRuleSchema).default([]),
  ceilings: z.array(ceilingRuleSchema).default([]),
  batch: z.array(batchRuleSchema).default([]),
  caching: z
    .strictObject({
      enabled: z.boolean().default(true),
      ttl: z.enum(["5m", "1h"]).default("5m"),
      /** Cache only when the caller expects at least this many uses of the prefix. */
      minExpectedReuse: z.int().min(1).default(2),
      breakpoints: z
        .array(z.enum(["tools", "system", "static-messages"]))
        .min(1)
        .max(3)
        .default(["tools", "system", "static-messages"]),
      /** Reuse assumed when the caller does not pass the `expectedReuse` fact. */
      assumedReuse: z.int().min(0).default(2),
      /** Minimum prefix assumed for models whose minimum Anthropic has not published. */
      unknownMinimumTokens: z.int().min(1).default(4096),
    })
    .prefault({}),
  escalation: z
    .strictObject({
      /** Default chain, cheapest first; omitted means all tiers in order. */
      chain: z.array(tierName).optional(),
      chains: z.record(name, z.array(tierName).min(1)).default({}),
      /**
       * Streamed requests: `checked` (default) reads an attempt whole before the caller sees it
       * only when the caller gave a schema or validator, so a failed check can escalate; `always`
       * buffers every stream with a chain to escalate along; `never` passes events through live
       * (a failed check is then recorded, not escalated).
       */
      bufferStreams: z.enum(["never", "checked", "always"]).default("checked"),
    })
    .prefault({}),
  budgets: z
    .strictObject({
      onExhaust: exhaustAction.default("downgrade"),
      limits: z.array(budgetLimitSchema).default([]),
    })
    .prefault({}),
  /**
   * Continuous shadow eval (the routed client's `shadowEval` option runs it): what a quality
   * regression does. A task type listed in `escalate` (or every one, `all`) is moved up one tier
   * by a feedback override when its pass rate's Wilson upper bound falls below its bar; the
   * others only raise the alert.
   */
  monitoring: z
    .strictObject({
      escalate: z.union([z.literal("all"), z.array(name)]).default([]),
    })
    .prefault({}),
});

/** A validated policy: plain data (JSON-serializable), defaults filled in. */
export type Policy = z.output<typeof policySchema>;
/** A policy document as written (before defaults). */
export type PolicyInput = z.input<typeof policySchema>;
export type RoutingRule = z.output<typeof routingRuleSchema>;
export type CeilingRule = z.output<typeof ceilingRuleSchema>;
export type BatchRule = z.output<typeof batchRuleSchema>;
export type BudgetLimit = z.output<typeof budgetLimitSchema>;
export type TierBinding = z.output<typeof tierBindingSchema>;
export type ExhaustAction = z.output<typeof exhaustAction>;
