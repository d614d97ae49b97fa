import { parsePolicy } from "./parse-policy.js";
import { PolicyError } from "./policy-error.js";
import type { Policy, PolicyInput } from "./policy-schema.js";
import type { Condition } from "./rules/condition.js";

const taskIn = (...taskTypes: string[]): Condition => ({
  all: [{ fact: "taskType", operator: "in", value: taskTypes }],
});
const taskIs = (taskType: string): Condition => ({
  all: [{ fact: "taskType", operator: "equal", value: taskType }],
});

/**
 * The support-pipeline policy as data: kept identical to `examples/support-pipeline.yaml`
 * (a test compares them) so the library never reads files to get its default.
 */
export const SUPPORT_PIPELINE_POLICY: PolicyInput = {
  name: "support-pipeline",
  version: "1.0.0",
  description: "Task-to-tier map of a customer-support pipeline (rightsize default policy)",
  mode: "enforce",
  tiers: { haiku: "claude-haiku-5-5", sonnet: "claude-sonnet-5-5", opus: "claude-opus-5-5" },
  defaultTier: "sonnet",
  fallbackTier: "sonnet",
  defaultMaxTokens: 4096,
  qualityTolerance: 0.02,
  routing: [
    {
      name: "routine-on-haiku",
      priority: 10,
      reason: "routine classification, extraction and detection hold quality on Haiku",
      when: taskIn("classification", "extraction", "detection"),
      tier: "haiku",
    },
    {
      name: "writing-on-sonnet",
      priority: 10,
      reason: "summarization, drafting and analysis need Sonnet's writing and reasoning",
      when: taskIn("summarization", "drafting", "analysis"),
      tier: "sonnet",
    },
    {
      name: "expert-on-opus",
      priority: 10,
      reason: "code generation, legal and architecture review are high-stakes expert work",
      when: taskIn("code-generation", "legal-review", "architecture-review"),
      tier: "opus",
      escalation: false,
    },
  ],
  ceilings: [
    ceiling({
      name: "short-labels",
      reason: "a label or a yes/no verdict fits in 256 tokens",
      when: taskIn("classification", "detection"),
      maxTokens: 256,
    }),
    ceiling({
      name: "extraction-json",
      reason: "extracted fields as JSON fit in 1,024 tokens",
      when: taskIs("extraction"),
      maxTokens: 1024,
    }),
    ceiling({
      name: "summary-length",
      reason: "a support summary fits in 1,024 tokens",
      when: taskIs("summarization"),
      maxTokens: 1024,
    }),
    ceiling({
      name: "reply-length",
      reason: "a drafted customer reply fits in 2,048 tokens",
      when: taskIs("drafting"),
      maxTokens: 2048,
    }),
    ceiling({
      name: "long-form",
      reason: "analyses, code and reviews need room",
      when: taskIn("analysis", "code-generation", "legal-review", "architecture-review"),
      maxTokens: 8192,
    }),
  ],
  batch: [
    {
      name: "async-to-batch",
      priority: 10,
      reason: "async work can wait for the Batch API at half price",
      when: { all: [{ fact: "latencyClass", operator: "equal", value: "async" }] },
    },
  ],
  caching: {
    enabled: true,
    ttl: "5m",
    minExpectedReuse: 2,
    breakpoints: ["tools", "system", "static-messages"],
  },
  escalation: { chain: ["haiku", "sonnet", "opus"] },
  budgets: { onExhaust: "downgrade", limits: [] },
};

function ceiling(rule: { name: string; reason: string; when: Condition; maxTokens: number }) {
  return { ...rule, priority: 10 };
}

let cached: Policy | undefined;

/**
 * The bundled default candidate policy (the support-pipeline task-to-tier map), validated
 * against the price book. The same object is returned on every call (it is frozen), so its
 * compiled form is reused by decide().
 */
export function defaultPolicy(): Policy {
  if (cached === undefined) {
    const result = parsePolicy({ source: SUPPORT_PIPELINE_POLICY, origin: "default policy" });
    if (!result.ok)
      throw new PolicyError({ code: "invalid", issues: result.error.issues, origin: "default policy" });
    cached = deepFreeze(result.policy);
  }
  return cached;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
