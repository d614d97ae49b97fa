import type { Decision, RequestFacts, RouteDecision } from "@rightsize/contracts";
import { describe, expect, it } from "vitest";
import { decide } from "./decide.js";
import { defaultPolicy } from "./default-policy.js";
import { parsePolicy } from "./parse-policy.js";
import type { Policy } from "./policy-schema.js";

function policyOf(source: string): Policy {
  const result = parsePolicy({ source });
  if (!result.ok) throw result.error;
  return result.policy;
}
function route(decision: Decision): RouteDecision {
  if (decision.kind !== "route") throw new Error(`expected a route, got ${JSON.stringify(decision)}`);
  return decision;
}
const support = defaultPolicy();
const decideSupport = (facts: RequestFacts, budget?: Parameters<typeof decide>[0]["budget"]) =>
  decide({ policy: support, facts, ...(budget ? { budget } : {}) });

describe("decide on the support-pipeline policy", () => {
  it.each([
    ["classification", "haiku", 256],
    ["extraction", "haiku", 1024],
    ["detection", "haiku", 256],
    ["summarization", "sonnet", 1024],
    ["drafting", "sonnet", 2048],
    ["analysis", "sonnet", 8192],
    ["code-generation", "sonnet", 8192],
    ["legal-review", "sonnet", 8192],
    ["architecture-review", "sonnet", 8192],
    ["unknown", "haiku", 4096],
  ])("routes %s to %s with max_tokens %i", (taskType, tier, maxTokens) => {
    const decision = route(decideSupport({ taskType }));
    expect({ tier: decision.tier, maxTokens: decision.maxTokens }).toEqual({ tier, maxTokens });
    expect(decision.model).toBe(`claude-${tier}-5-5`);
    expect(decision.policy).toEqual({ name: "support-pipeline", version: "1.1.0" });
  });

  it("caps a requested max_tokens above the ceiling and keeps one below it", () => {
    const capped = route(decideSupport({ taskType: "classification", requestedMaxTokens: 4000 }));
    expect(capped.maxTokens).toBe(256);
    expect(capped.reasons).toContain(
      "short-labels: requested max_tokens 4000 capped to 256 (a label or a yes/no verdict fits in 256 tokens)",
    );
    expect(route(decideSupport({ taskType: "classification", requestedMaxTokens: 64 })).maxTokens).toBe(64);
    expect(route(decideSupport({ taskType: "unknown", requestedMaxTokens: 9000 })).maxTokens).toBe(9000);
  });

  it("lists every matched rule, highest priority first, and the escalation chain above the tier", () => {
    const decision = route(decideSupport({ taskType: "extraction", latencyClass: "async" }));
    expect(decision.matchedRules).toEqual(["routine-on-haiku", "extraction-json", "async-to-batch"]);
    expect(decision.mode).toBe("batch");
    expect(decision.escalation.map((step) => step.tier)).toEqual(["sonnet", "opus"]);
    expect(route(decideSupport({ taskType: "legal-review" })).escalation.map((step) => step.tier)).toEqual([
      "opus",
    ]);
    expect(route(decideSupport({ taskType: "legal-review", complexity: 0.9 })).tier).toBe("opus");
  });

  it("plans caching from the stable prefix, the model's minimum and expected reuse", () => {
    const cached = route(decideSupport({ taskType: "drafting", stablePrefixTokens: 2000, hasTools: false }));
    expect(cached.cache).toMatchObject({
      enabled: true,
      ttl: "5m",
      breakpoints: ["system", "static-messages"],
    });
    const small = route(decideSupport({ taskType: "drafting", stablePrefixTokens: 300 }));
    expect(small.cache.enabled).toBe(false);
    expect(small.cache.reason).toMatch(/below claude-sonnet-5-5's published minimum of 512/);
    const once = route(decideSupport({ taskType: "drafting", stablePrefixTokens: 2000, expectedReuse: 1 }));
    expect(once.cache.reason).toBe("expected reuse 1 is below the policy's minimum of 2");
    expect(route(decideSupport({ taskType: "drafting" })).cache.enabled).toBe(false);
  });

  it("applies the caller's quality override and ignores one naming no tier", () => {
    const forced = route(decideSupport({ taskType: "classification", qualityOverride: "opus" }));
    expect(forced.tier).toBe("opus");
    expect(forced.override).toBe("caller");
    const ignored = route(decideSupport({ taskType: "classification", qualityOverride: "gold" }));
    expect(ignored.tier).toBe("haiku");
    expect(ignored.override).toBeUndefined();
    expect(route(decideSupport({ taskType: "classification" })).override).toBeUndefined();
    expect(ignored.reasons[0]).toBe('quality override "gold" ignored: not a tier of this policy');
  });
});

describe("budgets", () => {
  it("downgrades a tier by default and drops escalation", () => {
    const decision = route(decideSupport({ taskType: "drafting" }, { exhausted: true, scope: "tenant" }));
    expect(decision.tier).toBe("haiku");
    expect(decision.escalation).toEqual([]);
    expect(decision.reasons.at(-1)).toBe("budget exhausted (tenant limit): downgraded to haiku");
  });

  it("switches to batch or rejects as the policy (or the exhausted limit) says", () => {
    const policy = policyOf(`name: b
version: "1"
defaultTier: sonnet
fallbackTier: sonnet
budgets:
  onExhaust: batch
  limits:
    - { scope: tenant, period: day, usd: 10 }
    - { scope: tenant, subject: acme, period: month, usd: "5000.50", onExhaust: reject }
`);
    const batched = route(
      decide({ policy, facts: {}, budget: { exhausted: true, scope: "tenant", period: "day" } }),
    );
    expect(batched.mode).toBe("batch");
    const rejected = decide({
      policy,
      facts: {},
      budget: { exhausted: true, scope: "tenant", subject: "acme", period: "month" },
    });
    expect(rejected).toMatchObject({
      kind: "reject",
      code: "budget_exhausted",
      reason: "budget exhausted (tenant acme month limit)",
    });
  });
});

describe("hard constraints", () => {
  const small = policyOf(`name: fit
version: "1"
tiers: { small: claude-haiku-4-5, large: claude-sonnet-5-5 }
defaultTier: small
fallbackTier: large
`);

  it("moves to a tier whose model holds the request, and rejects when none does", () => {
    const moved = route(decide({ policy: small, facts: { estimatedInputTokens: 300_000 } }));
    expect(moved.tier).toBe("large");
    expect(moved.reasons.at(-1)).toBe(
      "claude-haiku-4-5-20251001 cannot hold 300000 input + 4096 output tokens: moved to large",
    );
    expect(route(decide({ policy: small, facts: { requestedMaxTokens: 100_000 } })).tier).toBe("large");
    expect(decide({ policy: small, facts: { estimatedInputTokens: 2_000_000 } })).toMatchObject({
      kind: "reject",
      code: "no_eligible_model",
    });
  });

  it("leaves tiers that cannot hold the request out of the escalation chain", () => {
    const chain = policyOf(`name: chain
version: "1"
tiers: { a: claude-haiku-5-5, b: claude-haiku-4-5, c: claude-opus-5-5 }
defaultTier: a
fallbackTier: c
`);
    const decision = route(decide({ policy: chain, facts: { estimatedInputTokens: 500_000 } }));
    expect(decision.escalation.map((step) => step.tier)).toEqual(["c"]);
  });
});

describe("shadow mode and rejection rules", () => {
  it("marks decisions shaped by a shadow rule, or by a shadow policy, as shadow", () => {
    const policy = policyOf(`name: s
version: "1"
defaultTier: sonnet
fallbackTier: sonnet
routing:
  - { name: trial, reason: trying haiku, tier: haiku, shadow: true, when: { all: [{ fact: taskType, operator: equal, value: a }] } }
  - { name: blocked, reason: tenant is blocked, reject: true, when: { all: [{ fact: tenant, operator: equal, value: evil }] }, priority: 9 }
`);
    expect(route(decide({ policy, facts: { taskType: "a" } }))).toMatchObject({
      tier: "haiku",
      shadow: true,
    });
    expect(route(decide({ policy, facts: { taskType: "b" } })).shadow).toBe(false);
    expect(decide({ policy, facts: { tenant: "evil" } })).toMatchObject({
      kind: "reject",
      code: "policy_rejected",
    });
    const shadowPolicy = { ...policy, mode: "shadow" as const };
    expect(route(decide({ policy: shadowPolicy, facts: { taskType: "b" } })).shadow).toBe(true);
  });
});

describe("faults", () => {
  it("routes to the fallback tier, never throws, on a throwing fact", () => {
    const facts = {
      get taskType(): string {
        throw new Error("fact source down");
      },
    };
    const decision = route(decideSupport(facts as RequestFacts));
    expect(decision).toMatchObject({ tier: "sonnet", fallback: true, mode: "realtime", matchedRules: [] });
    expect(decision.reasons[0]).toBe(
      "rule evaluation failed (fact source down): routed to the fallback tier sonnet",
    );
  });

  it("treats a wrongly typed built-in fact as a fault with the reason", () => {
    const decision = route(decideSupport({ taskType: "classification", complexity: "high" as never }));
    expect(decision.fallback).toBe(true);
    expect(decision.reasons[0]).toMatch(/fact complexity must be a number in \[0, 1\], got "high"/);
    expect(route(decideSupport(undefined as never)).fallback).toBe(true);
  });
});
