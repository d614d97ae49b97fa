// Public API of @rightsize/policy: only what is named here is supported.

export type { TaskClassification, TaskClassifier } from "./classifier/classify-task.js";
export { classifyTask, createTaskClassifier } from "./classifier/classify-task.js";
export { TASK_KEYWORDS } from "./classifier/task-keywords.js";
export type {
  ComplexityFeature,
  ComplexityFeatures,
  ComplexityModel,
} from "./complexity/complexity-model.js";
export { COMPLEXITY_FEATURES, DEFAULT_COMPLEXITY_MODEL } from "./complexity/complexity-model.js";
export type { ComplexityScore } from "./complexity/score-complexity.js";
export { scoreComplexity } from "./complexity/score-complexity.js";
export type { DecideOptions } from "./decide.js";
export { decide } from "./decide.js";
export { decideWithEngine } from "./decide-with-engine.js";
export type {
  CachePlan,
  Decision,
  DeliveryMode,
  EscalationStep,
  PolicyRef,
  RejectCode,
  RejectDecision,
  RequestFacts,
  RouteDecision,
  TierName,
} from "./decision.js";
export { defaultPolicy, SUPPORT_PIPELINE_POLICY } from "./default-policy.js";
export type { PromptInput } from "./internal/prompt-text.js";
export type { ModelCatalog } from "./model-catalog.js";
export { createModelCatalog, isRetired, priceBookCatalog } from "./model-catalog.js";
export type {
  AttemptEndInfo,
  AttemptObservation,
  AttemptStartInfo,
  BatchObservation,
  ObservedResponse,
  RequestEndInfo,
  RequestObservation,
  RequestStartInfo,
  RoutedCallObserver,
} from "./observer.js";
export type { ParsePolicyOptions, ParsePolicyResult, PolicyFormat } from "./parse-policy.js";
export { formatOfPath, loadPolicyFile, parsePolicy } from "./parse-policy.js";
export type { PolicyErrorCode, PolicyIssue } from "./policy-error.js";
export { formatIssue, POLICY_ERROR_CODES, PolicyError } from "./policy-error.js";
export type { PolicyHolder, PolicyUpdateEvent } from "./policy-holder.js";
export { createPolicyEngine } from "./policy-holder.js";
export type {
  BatchRule,
  BudgetLimit as PolicyBudgetLimit,
  CeilingRule,
  ExhaustAction,
  Policy,
  PolicyInput,
  RoutingRule,
  TierBinding,
} from "./policy-schema.js";
export { policySchema } from "./policy-schema.js";
export type { BudgetState } from "./resolve-decision.js";
export type { Condition, FactCondition } from "./rules/condition.js";
export { KNOWN_FACTS } from "./rules/condition.js";
