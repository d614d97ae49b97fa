/**
 * @rightsize/policy: per-request routing for Claude. Policies as data (YAML or JSON, validated
 * with paths), `decide()`, the routed client (escalation, caching, batching, budgets, feedback).
 * The decision and fact types and the observer contract are in @rightsize/contracts; the few
 * re-exported here are what a service names when it calls `decide()`.
 * Test and benchmark helpers: `@rightsize/policy/testing`.
 */

// --- deciding ---
export type { Decision, RejectDecision, RequestFacts, RouteDecision } from "@rightsize/contracts";
// --- budgets ---
export type { BudgetStatus } from "./budget/budget-guard.js";
export type { BudgetAdmission, BudgetStore } from "./budget/budget-store.js";
export { createMemoryBudgetStore } from "./budget/memory-budget-store.js";
export type { RedisBudgetClient, RedisBudgetStoreOptions } from "./budget/redis-budget-store.js";
export { createRedisBudgetStore } from "./budget/redis-budget-store.js";
export type { PendingSettlement } from "./budget/settlement-queue.js";
export { MAX_BUDGET_USD } from "./budget-amount.js";
export type { PolicyVersionRequest } from "./check-policy-version.js";
export { checkPolicyVersion } from "./check-policy-version.js";
// --- what a request looks like: complexity, task type, prompt lint ---
export type { TaskClassification, TaskClassifier } from "./classifier/classify-task.js";
export { classifyTask, createTaskClassifier } from "./classifier/classify-task.js";
export { POLICY_TASK_ALIASES, TASK_KEYWORDS } from "./classifier/task-keywords.js";
// --- the routed client and the routing fetch ---
export type { MessageValidator, OutputSchema } from "./client/attempt-check.js";
export type { ClassifyFunction, ScoreFunction } from "./client/derive-facts.js";
export { estimateInputTokens, estimateTextTokens, TOKEN_RATES } from "./client/estimate-input-tokens.js";
export type { RoutedCallOptions } from "./client/routed-call.js";
export type {
  AnthropicClientLike,
  RoutedBetaMessagesApi,
  RoutedClient,
  RoutedClientControls,
  RoutedClientOptions,
  RoutedMessagesApi,
  RoutedRequestOptions,
} from "./client/routed-client.js";
export { createRoutedClient } from "./client/routed-client.js";
export type { BatchFailureKind } from "./client/routed-client-error.js";
// --- errors: one root (PolicyError), subclasses for what a caller catches one by one ---
export {
  RoutedBatchRequestFailed,
  RoutedClientClosed,
  RoutedRequestRejected,
  RoutedResponseError,
} from "./client/routed-client-error.js";
export type { PolicySource, RoutingOptions } from "./client/routed-client-options.js";
export type { RoutingFetch, RoutingFetchOptions } from "./client/routing-fetch.js";
export { createRoutingFetch, FACTS_HEADER, REQUEST_ID_HEADER } from "./client/routing-fetch.js";
export type { RoutingMetadata } from "./client/routing-metadata.js";
export { routingOf } from "./client/routing-metadata.js";
export type { ContextFitOptions, StreamBuffering } from "./client/routing-runtime.js";
export type { ShadowCandidate, ShadowEvaluator, ShadowSample } from "./client/shadow-evaluator.js";
export type { CompiledPolicy } from "./compile-policy.js";
export { compilePolicy } from "./compile-policy.js";
export type {
  ComplexityFeature,
  ComplexityFeatures,
  ComplexityModel,
} from "./complexity/complexity-model.js";
export { COMPLEXITY_FEATURES, DEFAULT_COMPLEXITY_MODEL } from "./complexity/complexity-model.js";
export type { ComplexityRouter, RouterInput } from "./complexity/complexity-router.js";
export {
  createComplexityRouter,
  loadRouterFile,
  loadRouterFileSync,
} from "./complexity/complexity-router.js";
export type { RouterScan } from "./complexity/router-features.js";
export {
  createRouterScan,
  promptTextOf,
  ROUTER_DENSE_FEATURES,
  ROUTER_GROUPS,
  ROUTER_HEAD_CHARS,
  ROUTER_TAIL_CHARS,
  scanRouterFeatures,
  withoutEmulatorHints,
} from "./complexity/router-features.js";
export type { RouterFile } from "./complexity/router-file.js";
export { parseRouterFile, ROUTER_FORMAT, ROUTER_FORMAT_VERSION } from "./complexity/router-file.js";
export type { ComplexityScore } from "./complexity/score-complexity.js";
export { scoreComplexity } from "./complexity/score-complexity.js";
export type { DecideOptions } from "./decide.js";
export { decide, matchRules } from "./decide.js";
export { decideWithEngine } from "./decide-with-engine.js";
// --- policies: parse, load, hot reload, expected-decision cases ---
export { defaultPolicy } from "./default-policy.js";
// --- feedback ---
export type {
  EscalateOptions,
  FeedbackInput,
  FeedbackLoop,
  FeedbackLoopOptions,
  FeedbackResult,
  Verdict,
} from "./feedback/feedback-loop.js";
export { createFeedbackLoop } from "./feedback/feedback-loop.js";
export type { FeedbackStore, QualityVerdict } from "./feedback/feedback-store.js";
export { createMemoryFeedbackStore } from "./feedback/feedback-store.js";
export type { RedisFeedbackClient, RedisFeedbackStoreOptions } from "./feedback/redis-feedback-store.js";
export { createRedisFeedbackStore } from "./feedback/redis-feedback-store.js";
export type { FeedbackEvent, TierOverride } from "./feedback/tier-override.js";
export type { PromptInput } from "./internal/prompt-text.js";
export type { PolicyRedisClient, PolicyRedisSubscriber, RedisPolicyWatcher } from "./load/redis-policy.js";
export { publishRedisPolicy, watchRedisPolicy } from "./load/redis-policy.js";
export type { PolicyFileWatcher } from "./load/watch-policy-file.js";
export { watchPolicyFile } from "./load/watch-policy-file.js";
export type { ModelCatalog } from "./model-catalog.js";
export { createModelCatalog } from "./model-catalog.js";
export type { ParsePolicyOptions, ParsePolicyResult, PolicyFormat } from "./parse-policy.js";
export { formatOfPath, loadPolicyFile, parsePolicy, validatePolicy } from "./parse-policy.js";
export type { CaseMismatch, PolicyCase, PolicyCaseResult } from "./policy-cases.js";
export { parsePolicyCases, runPolicyCases } from "./policy-cases.js";
export { MAX_POLICY_BYTES } from "./policy-document.js";
export type { PolicyErrorOptions, PolicyIssue } from "./policy-error.js";
export { formatPolicyIssue, PolicyError, PolicyErrorCode } from "./policy-error.js";
export type { PolicyHolder, PolicyUpdate, PolicyUpdateEvent } from "./policy-holder.js";
export { createPolicyEngine } from "./policy-holder.js";
export type { Policy, PolicyInput } from "./policy-schema.js";
export type { PromptLintFinding, PromptLintResult } from "./prompt-lint/lint-prompt.js";
export { lintPrompt } from "./prompt-lint/lint-prompt.js";
export type { BudgetState } from "./resolve-decision.js";
export type { PolicyTrialResult } from "./trial-policy.js";
export { MAX_TRIAL_DECISION_MS, trialPolicy } from "./trial-policy.js";
