import { randomUUID } from "node:crypto";
import type Anthropic from "@anthropic-ai/sdk";
import type { Stream } from "@anthropic-ai/sdk/core/streaming";
import { MessageStream } from "@anthropic-ai/sdk/lib/MessageStream";
import type {
  MessageCreateParamsBase,
  MessageCreateParamsNonStreaming,
  MessageCreateParamsStreaming,
  RawMessageStreamEvent,
} from "@anthropic-ai/sdk/resources/messages";
import { INSTRUMENTED_MARKER, type RoutedCallObserver } from "@rightsize/contracts";
import { type BudgetGuard, createBudgetGuard } from "../budget/budget-guard.js";
import type { BudgetStore } from "../budget/budget-store.js";
import { budgetLimitsFromPolicy } from "../budget/policy-budget-limits.js";
import type { CostContext } from "../budget/request-cost.js";
import type { FeedbackLoop } from "../feedback/feedback-loop.js";
import type { ModelCatalog } from "../model-catalog.js";
import { PolicyError, PolicyErrorCode } from "../policy-error.js";
import type { Policy } from "../policy-schema.js";
import { BatchCollector, type BatchCollectorOptions } from "./batch-collector.js";
import { type ClientRuntime, type PolicySource, policyReader, serverOf } from "./client-runtime.js";
import type { ClassifyFunction, ScoreFunction } from "./derive-facts.js";
import { guardObserver } from "./guarded-observer.js";
import { prepareRequest, type RoutedCallOptions } from "./prepare-request.js";
import { openRoutedStream } from "./routed-stream.js";
import type { RoutedMessage, RoutingMetadata } from "./routing-metadata.js";
import { runAttempts } from "./run-attempts.js";

/** The SDK's request options plus the routed client's side option. */
export type RoutedRequestOptions = Anthropic.RequestOptions & { rightsize?: RoutedCallOptions };

export interface RoutedClientOptions {
  /** The official client (`new Anthropic({ ... })`); its retries, timeouts and base URL apply. */
  client: Anthropic;
  /** A policy, or a holder (hot reload) asked on every request. */
  policy: PolicySource;
  /** Telemetry hooks (every call guarded: a throwing observer never breaks a request). */
  observer?: RoutedCallObserver;
  /** Where observer errors go (default: ignored). */
  onObserverError?: (error: unknown) => void;
  /**
   * Budgets: a store (limits then come from the policy's `budgets` section, re-read when the
   * policy changes) or a ready guard.
   */
  budgets?: { store: BudgetStore; holdMs?: number } | { guard: BudgetGuard };
  /** The quality feedback loop whose overrides apply to decisions. */
  feedback?: FeedbackLoop;
  /** The model used when a shadow-mode caller names none, and reported as the baseline. */
  baselineModel?: string;
  /** Batch collection windows for batch-mode decisions. */
  batch?: Omit<BatchCollectorOptions, "client" | "observer">;
  /** Errors (after the SDK's own retries) that escalate: overloaded yes, rate limits and 5xx no. */
  escalateOn?: Partial<ClientRuntime["escalateOnErrors"]>;
  /** Contracted rates and residency for budget holds and spend. */
  pricing?: CostContext;
  /** Models the policy's tiers bind to (the price book by default). */
  models?: ModelCatalog;
  /** Task classifier and complexity scorer for requests without those facts. */
  classifyTask?: ClassifyFunction;
  scoreComplexity?: ScoreFunction;
  /** Input-token estimate when the facts carry none (default: an offline character heuristic). */
  estimateInputTokens?: (params: MessageCreateParamsBase) => number | Promise<number>;
}

/** The routed client: the SDK's `messages` shape, plus controls of its own under `rightsize`. */
export interface RoutedClient {
  messages: {
    create(params: MessageCreateParamsNonStreaming, options?: RoutedRequestOptions): Promise<RoutedMessage>;
    create(
      params: MessageCreateParamsStreaming,
      options?: RoutedRequestOptions,
    ): Promise<Stream<RawMessageStreamEvent>>;
    /** A MessageStream like the SDK's; `rightsize` on it resolves with the metadata at its end. */
    stream(
      params: MessageCreateParamsBase,
      options?: RoutedRequestOptions,
    ): MessageStream & { rightsize: Promise<RoutingMetadata | undefined> };
    batches: Anthropic["messages"]["batches"];
    countTokens: Anthropic["messages"]["countTokens"];
  };
  rightsize: {
    /** Submits the waiting batch-mode requests now. */
    flush(): Promise<void>;
    /** Refuses new batch requests, submits waiting ones, and waits for all batches to end. */
    close(): Promise<void>;
    /** The budget guard in use (for status queries), if any. */
    budgets: BudgetGuard | undefined;
    feedback: FeedbackLoop | undefined;
  };
}

function split(options: RoutedRequestOptions | undefined): {
  call: RoutedCallOptions | undefined;
  sdk: Anthropic.RequestOptions | undefined;
} {
  if (!options) return { call: undefined, sdk: undefined };
  const { rightsize, ...sdk } = options;
  return { call: rightsize, sdk };
}

function budgetGuardOf(options: RoutedClientOptions, policy: () => Policy): BudgetGuard | undefined {
  const budgets = options.budgets;
  if (!budgets) return undefined;
  if ("guard" in budgets) return budgets.guard;
  // Limits follow the current policy: rebuilt only when the policy object changes (hot reload).
  let cached: { policy: unknown; guard: BudgetGuard } | undefined;
  const current = () => {
    const active = policy();
    if (cached?.policy !== active) {
      const guard = createBudgetGuard({
        store: budgets.store,
        limits: budgetLimitsFromPolicy({ policy: active }),
        ...(budgets.holdMs ? { holdMs: budgets.holdMs } : {}),
      });
      cached = { policy: active, guard };
    }
    return cached.guard;
  };
  return {
    reserve: (request) => current().reserve(request),
    settle: (request) => current().settle(request),
    release: (request) => current().release(request),
    status: (request) => current().status(request),
  };
}

/**
 * Wraps the official Anthropic client so every request runs as the policy decides: tier and
 * model, max_tokens ceiling, cache breakpoints, batch or realtime, escalation along the chain
 * when an attempt fails a check, budget holds, feedback overrides. A service swaps one line.
 *
 * @example
 * const client = createRoutedClient({ client: new Anthropic(), policy: holder, observer });
 * const message = await client.messages.create(
 *   { model: "claude-sonnet-5-5", max_tokens: 1024, messages },
 *   { rightsize: { facts: { taskType: "classification", tenant: "acme" }, schema: Answer } },
 * );
 * message.rightsize.tiersTried; // ["haiku"]
 */
export function createRoutedClient(options: RoutedClientOptions): RoutedClient {
  const { client } = options;
  // @rightsize/telemetry marks clients it wraps with this registered symbol (from contracts:
  // policy does not depend on telemetry). Wrapped and observed, every attempt would become two
  // spans and its cost would be counted twice in every report.
  if (options.observer && (client as unknown as Record<symbol, unknown>)[INSTRUMENTED_MARKER] === true) {
    throw new PolicyError({
      code: PolicyErrorCode.misconfigured,
      message:
        "createRoutedClient: the client is already instrumented by @rightsize/telemetry (instrumentAnthropic) and an observer was given, so every attempt would be recorded twice; pass an uninstrumented Anthropic client, or drop the observer",
    });
  }
  const policy = policyReader(options.policy);
  const observer = guardObserver({
    observer: options.observer,
    ...(options.onObserverError ? { onError: options.onObserverError } : {}),
  });
  const collector = new BatchCollector({ client, observer, ...options.batch });
  const runtime: ClientRuntime = {
    client,
    policy,
    observer,
    guard: budgetGuardOf(options, policy),
    feedback: options.feedback,
    collector,
    classify: options.classifyTask,
    score: options.scoreComplexity,
    estimate: options.estimateInputTokens,
    pricing: options.pricing ?? {},
    models: options.models,
    baselineModel: options.baselineModel,
    escalateOnErrors: { overloaded: true, rateLimited: false, serverError: false, ...options.escalateOn },
    batchHoldMs: 25 * 3_600_000,
    server: serverOf(client),
    newRequestId: () => randomUUID(),
  };

  async function createStreaming(params: MessageCreateParamsBase, routed: RoutedRequestOptions | undefined) {
    const { call, sdk } = split(routed);
    const request = await prepareRequest({ runtime, params, call, streaming: true });
    const { data } = await openRoutedStream({ runtime, request, requestOptions: sdk, done: () => {} });
    return data;
  }

  async function create(params: MessageCreateParamsBase, routed?: RoutedRequestOptions): Promise<unknown> {
    if (params.stream) return await createStreaming(params, routed);
    const { call, sdk } = split(routed);
    const request = await prepareRequest({ runtime, params, call, streaming: false });
    return await runAttempts({ runtime, request, requestOptions: sdk });
  }

  function stream(params: MessageCreateParamsBase, routed?: RoutedRequestOptions) {
    const { call, sdk } = split(routed);
    let resolveMetadata: (metadata: RoutingMetadata | undefined) => void = () => {};
    const metadata = new Promise<RoutingMetadata | undefined>((resolve) => (resolveMetadata = resolve));
    // MessageStream drives our `create` exactly as it drives the SDK's: it calls
    // create(...).withResponse() and reads the returned event stream.
    const messagesProxy = {
      create: (streamParams: MessageCreateParamsBase, streamOptions?: Anthropic.RequestOptions) => ({
        withResponse: async () => {
          const request = await prepareRequest({
            runtime,
            params: { ...streamParams, stream: undefined },
            call,
            streaming: true,
          });
          return await openRoutedStream({
            runtime,
            request,
            requestOptions: { ...sdk, ...streamOptions },
            done: resolveMetadata,
          });
        },
      }),
    };
    const messageStream = MessageStream.createMessage(messagesProxy as never, params, sdk, {
      logger: client.logger ?? console,
      client,
    });
    // A rejection before any attempt (policy reject) still settles the metadata promise.
    messageStream.on("error", () => resolveMetadata(undefined));
    Object.defineProperty(messageStream, "rightsize", { value: metadata, enumerable: false });
    return messageStream as MessageStream & { rightsize: Promise<RoutingMetadata | undefined> };
  }

  return {
    messages: {
      create: create as RoutedClient["messages"]["create"],
      stream,
      batches: client.messages.batches,
      countTokens: client.messages.countTokens.bind(client.messages),
    },
    rightsize: {
      flush: () => collector.flush(),
      close: () => collector.close(),
      budgets: runtime.guard,
      feedback: options.feedback,
    },
  };
}
