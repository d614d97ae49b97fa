import type { Attributes } from "@opentelemetry/api";
import type { PolicyRef, RequestStartInfo } from "@rightsize/contracts";
import {
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_RS_COMPLEXITY,
  ATTR_RS_DECISION_FALLBACK,
  ATTR_RS_DECISION_KIND,
  ATTR_RS_DECISION_MODEL,
  ATTR_RS_DECISION_REASONS,
  ATTR_RS_DECISION_RULES,
  ATTR_RS_DECISION_SHADOW,
  ATTR_RS_DECISION_TIER,
  ATTR_RS_FEATURE,
  ATTR_RS_LATENCY_CLASS,
  ATTR_RS_MAX_TOKENS_CEILING,
  ATTR_RS_MODE,
  ATTR_RS_OVERRIDE,
  ATTR_RS_POLICY_NAME,
  ATTR_RS_POLICY_VERSION,
  ATTR_RS_REQUEST_ID,
  ATTR_RS_REQUESTED_MAX_TOKENS,
  ATTR_RS_REQUESTED_MODEL,
  ATTR_RS_TASK_TYPE,
  ATTR_RS_TENANT,
  ATTR_RS_TIER,
} from "@rightsize/contracts/semconv";

/**
 * The decision behind a routed request and the facts it looked at, as span attributes. Only
 * named, low-cardinality facts are recorded (task type, complexity, tenant, feature): custom
 * facts may hold anything, so they stay out.
 */
export function decisionAttributes(info: RequestStartInfo): Attributes {
  const { decision, facts } = info;
  const attributes: Attributes = {
    [ATTR_RS_REQUEST_ID]: info.requestId,
    [ATTR_RS_DECISION_KIND]: decision.kind,
    [ATTR_RS_REQUESTED_MODEL]: info.requested.model,
    [ATTR_RS_REQUESTED_MAX_TOKENS]: info.requested.maxTokens,
    [ATTR_RS_DECISION_RULES]: [...decision.matchedRules],
  };
  switch (decision.kind) {
    case "route":
      attributes[ATTR_RS_DECISION_REASONS] = [...decision.reasons];
      putPolicyAttributes(attributes, decision.policy);
      attributes[ATTR_RS_DECISION_TIER] = decision.tier;
      attributes[ATTR_RS_DECISION_MODEL] = decision.model;
      attributes[ATTR_RS_MAX_TOKENS_CEILING] = decision.maxTokens;
      attributes[ATTR_RS_MODE] = decision.mode;
      attributes[ATTR_RS_DECISION_SHADOW] = decision.shadow === true;
      attributes[ATTR_RS_DECISION_FALLBACK] = decision.fallback === true;
      // The report counts these per task: the tier came from an override, not from the rules.
      if (decision.override !== undefined) attributes[ATTR_RS_OVERRIDE] = true;
      break;
    case "reject":
      attributes[ATTR_RS_DECISION_REASONS] = [decision.reason];
      putPolicyAttributes(attributes, decision.policy);
      break;
  }
  putFactAttributes(attributes, facts);
  return attributes;
}

function putPolicyAttributes(attributes: Attributes, policy: PolicyRef): void {
  attributes[ATTR_RS_POLICY_NAME] = policy.name;
  attributes[ATTR_RS_POLICY_VERSION] = policy.version;
}

/** The facts a call may carry without routing (task type, complexity, tenant, feature, latency class). */
export interface CallFacts {
  taskType?: unknown;
  complexity?: unknown;
  tenant?: unknown;
  feature?: unknown;
  latencyClass?: unknown;
}

/**
 * Writes the named, low-cardinality facts as attributes; anything else a caller passes stays out
 * (custom facts may hold anything, including private text).
 */
export function putFactAttributes(attributes: Attributes, facts: CallFacts): void {
  if (typeof facts.taskType === "string") attributes[ATTR_RS_TASK_TYPE] = facts.taskType;
  if (typeof facts.complexity === "number" && Number.isFinite(facts.complexity)) {
    attributes[ATTR_RS_COMPLEXITY] = facts.complexity;
  }
  if (typeof facts.tenant === "string") attributes[ATTR_RS_TENANT] = facts.tenant;
  if (typeof facts.feature === "string") attributes[ATTR_RS_FEATURE] = facts.feature;
  if (facts.latencyClass === "realtime" || facts.latencyClass === "async") {
    attributes[ATTR_RS_LATENCY_CLASS] = facts.latencyClass;
  }
}

/**
 * Frozen metric dimension sets, shared by every request with the same values: the metrics store
 * finds a frozen set by identity (no key built or hashed per record). Bounded, since task types
 * and policy versions come from callers; beyond the bound sets are built per request.
 */
const sharedDimensions = new Map<string, Attributes>();
const MAX_SHARED_DIMENSIONS = 4096;

/** The low-cardinality subset used as metric attributes (a frozen, shared object). */
export function metricDimensions(options: {
  model: string;
  tier?: string | null;
  mode?: string;
  taskType?: string;
  policy?: { name: string; version: string };
}): Attributes {
  const tier = typeof options.tier === "string" ? options.tier : undefined;
  // \u0001 stands for "absent", so an absent value and an empty string stay distinct.
  const key = [
    options.model,
    tier,
    options.mode,
    options.taskType,
    options.policy?.name,
    options.policy?.version,
  ]
    .map((part) => part ?? "\u0001")
    .join("\u0000");
  const cached = sharedDimensions.get(key);
  if (cached !== undefined) return cached;
  const dimensions: Attributes = { [ATTR_GEN_AI_REQUEST_MODEL]: options.model };
  if (tier !== undefined) dimensions[ATTR_RS_TIER] = tier;
  if (options.mode !== undefined) dimensions[ATTR_RS_MODE] = options.mode;
  if (options.taskType !== undefined) dimensions[ATTR_RS_TASK_TYPE] = options.taskType;
  if (options.policy !== undefined) {
    dimensions[ATTR_RS_POLICY_NAME] = options.policy.name;
    dimensions[ATTR_RS_POLICY_VERSION] = options.policy.version;
  }
  if (sharedDimensions.size >= MAX_SHARED_DIMENSIONS) return dimensions;
  Object.freeze(dimensions);
  sharedDimensions.set(key, dimensions);
  return dimensions;
}
