import { parsePolicy } from "../../parse-policy.js";
import type { Policy, PolicyInput } from "../../policy-schema.js";

const isTask = (taskType: string) => ({ all: [{ fact: "taskType", operator: "equal", value: taskType }] });

/** The policy of the routed-client tests: three tiers, a rule per routing feature, overridable. */
export function testPolicy(overrides: Partial<PolicyInput> = {}): Policy {
  const source: PolicyInput = {
    name: "routed-client-test",
    version: "1",
    tiers: { haiku: "claude-haiku-5-5", sonnet: "claude-sonnet-5-5", opus: "claude-opus-5-5" },
    defaultTier: "haiku",
    fallbackTier: "sonnet",
    routing: [
      {
        name: "code-on-opus",
        priority: 10,
        reason: "code generation needs the strongest tier",
        when: isTask("code_generation"),
        tier: "opus",
      },
      {
        name: "no-secrets",
        priority: 20,
        reason: "this feature is switched off",
        when: { all: [{ fact: "feature", operator: "equal", value: "forbidden" }] },
        reject: true,
      },
    ],
    ceilings: [
      {
        name: "short-labels",
        reason: "labels are a few tokens",
        when: isTask("classification"),
        maxTokens: 64,
      },
      {
        name: "tight-drafts",
        reason: "drafts are capped for the test",
        when: isTask("drafting"),
        maxTokens: 48,
      },
    ],
    batch: [
      {
        name: "async-to-batch",
        reason: "it can wait: 50% off",
        when: { all: [{ fact: "latencyClass", operator: "equal", value: "async" }] },
      },
    ],
    caching: { enabled: true, ttl: "5m", breakpoints: ["tools", "system"], minExpectedReuse: 2 },
    ...overrides,
  };
  const result = parsePolicy({ source });
  if (!result.ok) throw result.error;
  return result.policy;
}
