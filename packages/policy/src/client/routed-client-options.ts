import type { MessageCreateParamsBase } from "@anthropic-ai/sdk/resources/messages";
import type { RoutedCallObserver } from "@rightsize/contracts";
import type { BudgetGuard } from "../budget/budget-guard.js";
import type { BudgetAdmission, BudgetStore } from "../budget/budget-store.js";
import type { CostContext } from "../budget/request-cost.js";
import type { PendingSettlement } from "../budget/settlement-queue.js";
import type { ComplexityRouter } from "../complexity/complexity-router.js";
import type { FeedbackLoop } from "../feedback/feedback-loop.js";
import type { ModelCatalog } from "../model-catalog.js";
import type { Policy } from "../policy-schema.js";
import type { BatchCollectorOptions } from "./batch-collector.js";
import type { ClassifyFunction, ScoreFunction } from "./derive-facts.js";
import type { ContextFitOptions, StreamBuffering } from "./routing-runtime.js";
import type { ShadowEvaluator } from "./shadow-evaluator.js";

/** A fixed policy, or a holder whose `current()` returns the last good one (hot reload). */
export type PolicySource = Policy | { current(): Policy };

/** What the routed client and the routing fetch share: how requests are routed. */
export interface RoutingOptions {
  /** A policy, or a holder (hot reload) asked on every request. Required. */
  policy: PolicySource;
  /** Telemetry hooks (every call guarded: a throwing observer never breaks a request). */
  observer?: RoutedCallObserver;
  /** Where observer errors go (default: ignored). */
  onObserverError?: (error: unknown) => void;
  /**
   * Budgets: a store (limits then come from the policy's `budgets` section, re-read when the
   * policy changes) or a ready guard. `admission` and `timeoutMs` as in createBudgetGuard;
   * `onSettlementLost` hears of spend a store that stayed down for `settlementMaxAgeMs` never took.
   */
  budgets?:
    | {
        store: BudgetStore;
        holdMs?: number;
        admission?: BudgetAdmission;
        timeoutMs?: number;
        settlementMaxAgeMs?: number;
        onSettlementLost?: (settlement: PendingSettlement) => void;
      }
    | {
        guard: BudgetGuard;
        settlementMaxAgeMs?: number;
        onSettlementLost?: (settlement: PendingSettlement) => void;
      };
  /** The quality feedback loop whose overrides apply to decisions (its tiers must be the policy's). */
  feedback?: FeedbackLoop;
  /**
   * Continuous shadow eval: a sample of answered requests re-run on the next tier up through the
   * Message Batches API and graded against it (`createContinuousEval` from `@rightsize/evals`).
   * Runs after the caller's answer, never awaited: it cannot delay or fail a request.
   */
  shadowEval?: ShadowEvaluator;
  /** Where a throwing shadow evaluator's errors go (default: ignored). */
  onShadowEvalError?: (error: unknown) => void;
  /** The model used when a shadow-mode caller names none, and reported as the baseline. */
  baselineModel?: string;
  /** Batch collection windows for batch-mode decisions. */
  batch?: Omit<BatchCollectorOptions, "transport" | "observer">;
  /** Errors (after the attempt's retries) that escalate: overloaded yes, rate limits and 5xx no. */
  escalateOn?: Partial<{ overloaded: boolean; rateLimited: boolean; serverError: boolean }>;
  /** Stream buffering, overriding the policy's `escalation.bufferStreams`. */
  bufferStreams?: StreamBuffering;
  /** When to ask count_tokens instead of the offline estimate (default: near a context window). */
  contextFit?: Partial<ContextFitOptions>;
  /** Contracted rates and residency for budget holds and spend. */
  pricing?: CostContext;
  /** Models the policy's tiers bind to (the price book by default). */
  models?: ModelCatalog;
  /** Task classifier and complexity scorer for requests without those facts. */
  classifyTask?: ClassifyFunction;
  scoreComplexity?: ScoreFunction;
  /**
   * A trained router (a router file's path, or one from `loadRouterFile`) as the complexity
   * scorer: `complexity` = its probability that the cheap tier fails. Overrides the policy's
   * `router`; `scoreComplexity` overrides both.
   */
  router?: string | ComplexityRouter;
  /** Input-token estimate when the facts carry none (default: the per-script calibrated estimate). */
  estimateInputTokens?: (params: MessageCreateParamsBase) => number | Promise<number>;
}
