import type { RouteDecision } from "@rightsize/contracts";
import { compilePolicy } from "../compile-policy.js";
import type { FeedbackLoop } from "../feedback/feedback-loop.js";
import type { TierOverride } from "../feedback/tier-override.js";
import type { ModelCatalog } from "../model-catalog.js";
import type { Policy } from "../policy-schema.js";

/**
 * Applies the feedback loop's active overrides to a route decision: the task type runs on the
 * overriding tier, and the escalation chain keeps only the tiers above it. The decision's
 * reasons say which override moved it and why; `override: "feedback"` says that one did.
 */
export function applyOverrides(options: {
  decision: RouteDecision;
  taskType: string | undefined;
  feedback: FeedbackLoop | undefined;
  policy: Policy;
  models: ModelCatalog | undefined;
}): { decision: RouteDecision; overrides: TierOverride[] } {
  const { decision, taskType, feedback } = options;
  if (!feedback || taskType === undefined || decision.shadow) return { decision, overrides: [] };
  const { tier, overrides } = feedback.resolveTier({ taskType, tier: decision.tier });
  if (tier === decision.tier) return { decision, overrides: [] };
  const compiled = compilePolicy({
    policy: options.policy,
    ...(options.models ? { models: options.models } : {}),
  });
  const target = compiled.tierByName.get(tier);
  if (!target) return { decision, overrides: [] }; // The policy no longer has that tier: nothing to apply.
  const chainIndex = decision.escalation.findIndex((step) => step.tier === tier);
  const maxTokens =
    chainIndex >= 0 ? (decision.escalation[chainIndex]?.maxTokens ?? decision.maxTokens) : decision.maxTokens;
  const escalation = decision.escalation.filter(
    (step) => (compiled.tierByName.get(step.tier)?.index ?? -1) > target.index,
  );
  const reasons = [
    ...decision.reasons,
    ...overrides.map(
      (override) =>
        `feedback override ${override.id} (${override.fromTier} → ${override.toTier}): ${override.reason}`,
    ),
  ];
  return {
    decision: {
      ...decision,
      tier,
      model: target.model.id,
      maxTokens,
      escalation,
      reasons,
      override: "feedback",
    },
    overrides,
  };
}
