// Public API of @rightsize/policy: only what is named here is supported.

export type { TaskClassification, TaskClassifier } from "./classifier/classify-task.js";
export { classifyTask, createTaskClassifier } from "./classifier/classify-task.js";
export { TASK_KEYWORDS } from "./classifier/task-keywords.js";
export { compilePolicy } from "./compile-policy.js";
export type {
  ComplexityFeature,
  ComplexityFeatures,
  ComplexityModel,
} from "./complexity/complexity-model.js";
export { COMPLEXITY_FEATURES, DEFAULT_COMPLEXITY_MODEL } from "./complexity/complexity-model.js";
export type { ComplexityScore } from "./complexity/score-complexity.js";
export { scoreComplexity } from "./complexity/score-complexity.js";
export type { DecideOptions } from "./decide.js";
export { decide, matchRules } from "./decide.js";
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
export type {
  PolicyRedisClient,
  PolicyRedisSubscriber,
  RedisPolicyWatcher,
} from "./load/redis-policy.js";
export { publishRedisPolicy, watchRedisPolicy } from "./load/redis-policy.js";
export type { PolicyFileWatcher } from "./load/watch-policy-file.js";
export { watchPolicyFile } from "./load/watch-policy-file.js";
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
export type { CaseMismatch, PolicyCase, PolicyCaseResult } from "./policy-cases.js";
export { parsePolicyCases, runPolicyCases } from "./policy-cases.js";
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
export type { PromptLintFinding, PromptLintResult } from "./prompt-lint/lint-prompt.js";
export { lintPrompt } from "./prompt-lint/lint-prompt.js";
export type { BudgetState } from "./resolve-decision.js";
export type { Condition, FactCondition } from "./rules/condition.js";
export { KNOWN_FACTS } from "./rules/condition.js";

// --- routed client, budgets, feedback ---

export type {
  BudgetGuard,
  BudgetGuardLimit,
  BudgetGuardOptions,
  BudgetReservation,
  BudgetReserveResult,
  BudgetScope,
  BudgetStatus,
} from "./budget/budget-guard.js";
export { createBudgetGuard } from "./budget/budget-guard.js";
export type { BudgetPeriod } from "./budget/budget-period.js";
export { periodEndMs, periodLabel } from "./budget/budget-period.js";
export type {
  BudgetCounter,
  BudgetExhaustion,
  BudgetStore,
  ReserveOutcome,
  ReserveRequest,
  SettleOutcome,
  SettleRequest,
} from "./budget/budget-store.js";
export { createMemoryBudgetStore } from "./budget/memory-budget-store.js";
export { budgetLimitsFromPolicy, usdToPico } from "./budget/policy-budget-limits.js";
export type { RedisBudgetStoreOptions } from "./budget/redis-budget-store.js";
export { createRedisBudgetStore } from "./budget/redis-budget-store.js";
export type { CostContext } from "./budget/request-cost.js";
export { actualRequestCost, maxRequestCost } from "./budget/request-cost.js";
export type { CachePlanResult } from "./client/apply-cache-plan.js";
export { applyCachePlan, MAX_CACHE_BREAKPOINTS } from "./client/apply-cache-plan.js";
export type { CheckResult, MessageValidator, OutputSchema } from "./client/attempt-check.js";
export { checkAttempt, messageText } from "./client/attempt-check.js";
export type { BatchCollectorOptions } from "./client/batch-collector.js";
export { BatchCollector } from "./client/batch-collector.js";
export type { PolicySource } from "./client/client-runtime.js";
export type { ClassifyFunction, ScoreFunction } from "./client/derive-facts.js";
export { estimateInputTokens } from "./client/estimate-input-tokens.js";
export type { AttemptStep, RoutedCallOptions } from "./client/prepare-request.js";
export type { RoutedClient, RoutedClientOptions, RoutedRequestOptions } from "./client/routed-client.js";
export { createRoutedClient } from "./client/routed-client.js";
export type { BatchFailureKind, RoutedClientErrorCode } from "./client/routed-client-error.js";
export {
  ROUTED_CLIENT_ERROR_CODES,
  RoutedBatchRequestFailed,
  RoutedClientClosed,
  RoutedClientError,
  RoutedRequestRejected,
} from "./client/routed-client-error.js";
export type { RoutedMessage, RoutingMetadata } from "./client/routing-metadata.js";
export { routingOf } from "./client/routing-metadata.js";
export type {
  FeedbackInput,
  FeedbackLoopOptions,
  FeedbackResult,
  HelpShare,
  RequestRecord,
  Verdict,
} from "./feedback/feedback-loop.js";
export { createFeedbackLoop, FeedbackLoop } from "./feedback/feedback-loop.js";
export type { FeedbackEvent, TierOverride, TierOverrideStatus } from "./feedback/tier-override.js";
