import type { MessageCreateParamsBase } from "@anthropic-ai/sdk/resources/messages";
import type { RoutedCallObserver } from "@rightsize/contracts";
import type { BudgetGuard } from "../budget/budget-guard.js";
import type { CostContext } from "../budget/request-cost.js";
import type { SettlementQueue } from "../budget/settlement-queue.js";
import type { FeedbackLoop } from "../feedback/feedback-loop.js";
import type { ModelCatalog } from "../model-catalog.js";
import type { Policy } from "../policy-schema.js";
import type { ClassifyFunction, ScoreFunction } from "./derive-facts.js";
import type { ShadowEvaluator } from "./shadow-evaluator.js";

/** When a streamed attempt is read whole before the caller sees it, so that it can escalate. */
export type StreamBuffering = "never" | "checked" | "always";

/** When the routed client asks count_tokens instead of trusting its offline estimate. */
export interface ContextFitOptions {
  /** `near-limit` (default): when the estimate is past `nearLimit` of the chosen model's window. */
  countTokens: "never" | "near-limit" | "always";
  /** Share of the context window (0..1) past which an estimate is checked: 0.8 by default. */
  nearLimit: number;
}

/** @internal Everything a routed request needs from its client, resolved once at construction. */
export interface RoutingRuntime {
  policy: () => Policy;
  observer: RoutedCallObserver;
  guard: BudgetGuard | undefined;
  settlements: SettlementQueue;
  feedback: FeedbackLoop | undefined;
  /** The continuous shadow eval, if on, and where its throws go. */
  shadowEval: ShadowEvaluator | undefined;
  onShadowEvalError: (error: unknown) => void;
  classify: ClassifyFunction | undefined;
  score: ScoreFunction | undefined;
  estimate: ((params: MessageCreateParamsBase) => number | Promise<number>) | undefined;
  pricing: CostContext;
  models: ModelCatalog | undefined;
  baselineModel: string | undefined;
  /** Which errors (after the attempt's retries) move a request to the next tier. */
  escalateOnErrors: { overloaded: boolean; rateLimited: boolean; serverError: boolean };
  /** Overrides the policy's `escalation.bufferStreams` when set. */
  bufferStreams: StreamBuffering | undefined;
  contextFit: ContextFitOptions;
  /** Budget hold lifetime for batch requests (results may take up to 24 h). */
  batchHoldMs: number;
  newRequestId: () => string;
}
