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

// The classifier's taxonomy plus the shorter names teams use (see POLICY_TASK_ALIASES).
const ROUTINE_TASKS = [
  "classification",
  "extraction",
  "detection",
  "short-answer",
  "sentiment-analysis",
  "language-detection",
  "entity-extraction",
  "keyword-extraction",
  "format-conversion",
  "spam-detection",
  "pii-detection",
  "translation",
  "question-answering",
];
const WRITING_TASKS = [
  "summarization",
  "drafting",
  "analysis",
  "email-drafting",
  "content-editing",
  "creative-writing",
  "data-analysis",
  "research-synthesis",
  "code-explanation",
];
const EXPERT_TASKS = ["code-generation", "legal-review", "legal-analysis", "architecture-review"];
const HARD = { fact: "complexity", operator: "greaterThan", value: 0.8 } as const;

/**
 * The support-pipeline policy as data: kept identical to `examples/support-pipeline.yaml`
 * (a test compares them) so the library never reads files to get its default.
 */
export const SUPPORT_PIPELINE_POLICY: PolicyInput = {
  name: "support-pipeline",
  version: "1.1.0",
  description: "Task-to-tier map of a customer-support pipeline (rightsize default policy)",
  mode: "enforce",
  tiers: { haiku: "claude-haiku-5-5", sonnet: "claude-sonnet-5-5", opus: "claude-opus-5-5" },
  defaultTier: "haiku",
  fallbackTier: "sonnet",
  defaultMaxTokens: 4096,
  qualityTolerance: 0.02,
  routing: [
    {
      name: "routine-on-haiku",
      priority: 10,
      reason:
        "routine classification, extraction, detection, translation and short answers hold quality on Haiku",
      when: taskIn(...ROUTINE_TASKS),
      tier: "haiku",
    },
    {
      name: "writing-on-sonnet",
      priority: 10,
      reason: "summarization, drafting and analysis need Sonnet's writing and reasoning",
      when: taskIn(...WRITING_TASKS),
      tier: "sonnet",
    },
    {
      name: "expert-on-sonnet",
      priority: 10,
      reason:
        "code generation, legal and architecture review start on Sonnet and escalate to Opus when a check fails",
      when: taskIn(...EXPERT_TASKS),
      tier: "sonnet",
    },
    {
      name: "hard-prompts-on-sonnet",
      priority: 20,
      reason: "a prompt the complexity scorer rates above 0.8 starts a tier up",
      when: { all: [HARD] },
      tier: "sonnet",
    },
    {
      name: "hard-expert-on-opus",
      priority: 30,
      reason: "hard expert work (complexity above 0.8) goes straight to Opus",
      when: { all: [HARD, { fact: "taskType", operator: "in", value: EXPERT_TASKS }] },
      tier: "opus",
    },
  ],
  ceilings: [
    ceiling({
      name: "short-labels",
      reason: "a label or a yes/no verdict fits in 256 tokens",
      when: taskIn(
        "classification",
        "detection",
        "sentiment-analysis",
        "language-detection",
        "spam-detection",
      ),
      maxTokens: 256,
    }),
    ceiling({
      name: "extraction-json",
      reason: "extracted fields as JSON fit in 1,024 tokens",
      when: taskIn("extraction", "entity-extraction", "keyword-extraction"),
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
      when: taskIn("drafting", "email-drafting"),
      maxTokens: 2048,
    }),
    ceiling({
      name: "long-form",
      reason: "analyses, code and reviews need room",
      when: taskIn(
        "analysis",
        "data-analysis",
        "research-synthesis",
        "code-generation",
        "legal-review",
        "legal-analysis",
        "architecture-review",
      ),
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
