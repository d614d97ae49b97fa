import type { Message, MessageCreateParamsBase } from "@anthropic-ai/sdk/resources/messages";
import type {
  AnthropicUsage,
  AttemptObservation,
  Decision,
  DeliveryMode,
  RequestFacts,
  RequestObservation,
  TierName,
} from "@rightsize/contracts";
import type { BudgetReservation } from "../budget/budget-guard.js";
import type { TierOverride } from "../feedback/tier-override.js";
import type { MessageValidator, OutputSchema } from "./attempt-check.js";
import type { RoutingMetadata } from "./routing-metadata.js";
import type { RoutingRuntime } from "./routing-runtime.js";
import type { Transport } from "./transport.js";

/** The side option of a routed call: `client.messages.create(params, { rightsize: { ... } })`. */
export interface RoutedCallOptions {
  /** Facts for the decision; missing task type and complexity are derived from the prompt. */
  facts?: RequestFacts;
  /** Structured output: the response text must parse as JSON and pass this schema, else escalate. */
  schema?: OutputSchema;
  /** The caller's own check of a response: false or a reason string escalates. */
  validate?: MessageValidator;
  /** Do not enforce the decision for this call: it is reported, the request goes out as given. */
  shadow?: boolean;
  /** Your id for the request (feedback names it); a random one by default. */
  requestId?: string;
  /** How many leading messages are static across calls (the cache plan may end a breakpoint there). */
  staticMessages?: number;
}

/** One attempt of the plan: the decision's tier, then its escalation steps. */
export interface AttemptStep {
  tier: TierName | null;
  model: string;
  maxTokens: number;
}

/** How a routed request runs once decided: its attempts, delivery and whether it is enforced. */
export interface AttemptPlan {
  steps: AttemptStep[];
  mode: DeliveryMode;
  /** Shadow: the request goes out exactly as the caller asked; the decision is only reported. */
  shadow: boolean;
  /** Whether a streamed attempt is read whole before the caller sees it (so it can escalate). */
  bufferStream: boolean;
}

/** A Messages request as it arrived at an entrance (the SDK's middleware, or a fetch). */
export interface IncomingRequest {
  url: string;
  headers: Headers;
  signal: AbortSignal | undefined;
  params: MessageCreateParamsBase & Record<string, unknown>;
  streaming: boolean;
  /** The SDK retries one attempt this many times (status and connection errors) before it fails. */
  maxRetries: number;
  /** The caller's own bound on the whole request, if it gave one (batch waits honour it). */
  timeoutMs: number | undefined;
}

/** What one attempt came back with, once read. */
export type AttemptOutcome =
  | {
      kind: "message";
      message: Record<string, unknown> & { model: string };
      response: Response;
      body: Uint8Array;
    }
  | { kind: "stream"; response: Response }
  | {
      kind: "error";
      response: Response;
      status: number;
      errorType: string | undefined;
      errorMessage: string;
      /** Usage the attempt reported before failing (an error event inside a stream): billed. */
      partialUsage?: AnthropicUsage | undefined;
    }
  /** A thrown failure: a connection error after the retries, the caller's abort, a cut or malformed body. */
  | { kind: "failed"; error: unknown; partialUsage?: AnthropicUsage | undefined };

/** What the attempt loop does after an attempt. */
export type AttemptVerdict =
  | { kind: "final" }
  | { kind: "escalate"; reason: string }
  /** The prompt did not fit (a 400 "prompt is too long"): decide again with the measured count. */
  | { kind: "refit"; inputTokens: number; reason: string };

/** The attempt in progress. */
export interface AttemptState {
  /** 0-based position in the plan. */
  index: number;
  step: AttemptStep;
  params: MessageCreateParamsBase & Record<string, unknown>;
  reservation: BudgetReservation | undefined;
  observation: AttemptObservation | undefined;
  outcome: AttemptOutcome | undefined;
  verdict: AttemptVerdict | undefined;
  /**
   * Set when the attempt's result goes to the caller before it ends (a stream read live): it
   * resolves (never rejects) when the caller has read it to its end or it broke off. Steps that
   * act at the end chain onto it, in the pipeline's order.
   */
  deferred: Promise<StreamEnd> | undefined;
}

/** How a live stream ended: its assembled message, or the error its reader saw and the usage seen. */
export interface StreamEnd {
  message?: Message;
  error?: unknown;
  usage?: AnthropicUsage | undefined;
}

/**
 * Everything one routed request carries through the steps of the pipeline (`pipeline.ts`): the
 * request as it arrived, then what each step adds (facts, decision, plan, holds, the attempt in
 * progress), and at the end the Response to hand back.
 */
export interface RoutedCall {
  readonly runtime: RoutingRuntime;
  readonly transport: Transport;
  readonly incoming: IncomingRequest;
  readonly options: RoutedCallOptions;
  readonly requestId: string;
  facts: RequestFacts;
  decision: Decision | undefined;
  overrides: TierOverride[];
  plan: AttemptPlan | undefined;
  /** The first attempt's hold, taken before the request is observed (exhaustion can re-decide). */
  reservation: BudgetReservation | undefined;
  observation: RequestObservation | undefined;
  metadata: RoutingMetadata;
  attempt: AttemptState | undefined;
  /** The Response the entrance hands back. */
  response: Response | undefined;
  /** Resolves when the request has ended for the observer, budgets and metadata (streams end late). */
  settled: Promise<void>;
}
