/**
 * @rightsize/contracts: what rightsize's packages share, so that none of them copies another
 * (as @ai-sdk/provider holds the Vercel AI SDK's provider contract). Types, constants and a few
 * small pure helpers; no runtime dependencies. Span attribute names are in the `/semconv` entry.
 */

// --- tokens ---
export type { AnthropicUsage } from "./anthropic-usage.js";
export { anthropicUsageOf, mergeStreamUsage } from "./anthropic-usage.js";
// --- small shared helpers ---
export { closestMatch, closestNames, didYouMean, editDistance } from "./closest-match.js";
// --- decisions and the facts they look at ---
export type {
  CachePlan,
  Decision,
  DeliveryMode,
  EscalationStep,
  OverrideSource,
  PolicyRef,
  RejectCode,
  RejectDecision,
  RouteDecision,
  TierName,
} from "./decision.js";
export { ContractError, ContractErrorCode } from "./errors/contract-error.js";
export type { Issue, SchemaIssues } from "./errors/issue-path.js";
export { formatIssue, formatIssuePath, formatIssues, issuesOf } from "./errors/issue-path.js";
// --- errors: one base class, one code table per package ---
export type { RightsizeErrorOptions } from "./errors/rightsize-error.js";
export { RightsizeError } from "./errors/rightsize-error.js";
// --- exact money (integer pico-dollars) ---
export type { PicoUsd } from "./money.js";
export {
  divideRounded,
  formatUsd,
  formatUsdPerMillion,
  PICO_PER_USD,
  picoToDecimalUsd,
  picoToUsd,
  sumPico,
  usdToPico,
} from "./money.js";
// --- the observer contract between the routed client and telemetry ---
export type {
  AttemptEndInfo,
  AttemptObservation,
  AttemptStartInfo,
  BatchEndInfo,
  BatchObservation,
  BatchStartInfo,
  ObservedResponse,
  RequestEndInfo,
  RequestObservation,
  RequestStartInfo,
  RoutedCallObserver,
} from "./observer.js";
export { INSTRUMENTED_MARKER } from "./observer.js";
export type { RequestFacts } from "./request-facts.js";
export { seededRandom } from "./seeded-random.js";
export type { TokenCounts } from "./token-counts.js";
export { promptTokens, ZERO_TOKEN_COUNTS } from "./token-counts.js";
