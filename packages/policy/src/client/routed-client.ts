import type Anthropic from "@anthropic-ai/sdk";
import type { APIPromise } from "@anthropic-ai/sdk/core/api-promise";
import type { Stream } from "@anthropic-ai/sdk/core/streaming";
import type { BetaMessageStream } from "@anthropic-ai/sdk/lib/BetaMessageStream";
import type { MessageStream } from "@anthropic-ai/sdk/lib/MessageStream";
import type {
  MessageCreateParamsBase as BetaCreateParamsBase,
  MessageCreateParamsNonStreaming as BetaCreateParamsNonStreaming,
  MessageCreateParamsStreaming as BetaCreateParamsStreaming,
  BetaMessage,
  BetaRawMessageStreamEvent,
} from "@anthropic-ai/sdk/resources/beta/messages/messages";
import type {
  Message,
  MessageCreateParamsBase,
  MessageCreateParamsNonStreaming,
  MessageCreateParamsStreaming,
  RawMessageStreamEvent,
} from "@anthropic-ai/sdk/resources/messages";
import type { BatchCreateParams, MessageBatch } from "@anthropic-ai/sdk/resources/messages/batches";
import { INSTRUMENTED_MARKER } from "@rightsize/contracts";
import type { BudgetGuard } from "../budget/budget-guard.js";
import type { SettlementQueue } from "../budget/settlement-queue.js";
import type { FeedbackLoop } from "../feedback/feedback-loop.js";
import { PolicyError, PolicyErrorCode } from "../policy-error.js";
import { BatchCollector } from "./batch-collector.js";
import { buildRuntime } from "./build-runtime.js";
import type { RoutedCallOptions } from "./routed-call.js";
import { routedClientClassOf } from "./routed-client-class.js";
import type { RoutingOptions } from "./routed-client-options.js";
import { type Routing, routingMiddleware } from "./routing-middleware.js";
import { sdkBatchTransport } from "./sdk-batch-transport.js";

/** The SDK's request options plus the routed client's side option. */
export type RoutedRequestOptions = Anthropic.RequestOptions & { rightsize?: RoutedCallOptions };

/** `messages` of a routed client: the SDK's methods, also taking the `rightsize` side option. */
export interface RoutedMessagesApi {
  create(params: MessageCreateParamsNonStreaming, options?: RoutedRequestOptions): APIPromise<Message>;
  create(
    params: MessageCreateParamsStreaming,
    options?: RoutedRequestOptions,
  ): APIPromise<Stream<RawMessageStreamEvent>>;
  create(
    params: MessageCreateParamsBase,
    options?: RoutedRequestOptions,
  ): APIPromise<Stream<RawMessageStreamEvent> | Message>;
  stream(params: MessageCreateParamsBase, options?: RoutedRequestOptions): MessageStream;
  parse(
    params: MessageCreateParamsNonStreaming,
    options?: RoutedRequestOptions,
  ): ReturnType<Anthropic["messages"]["parse"]>;
  batches: { create(params: BatchCreateParams, options?: RoutedRequestOptions): APIPromise<MessageBatch> };
}

/** `beta.messages` of a routed client: the SDK's methods, also taking the `rightsize` side option. */
export interface RoutedBetaMessagesApi {
  create(params: BetaCreateParamsNonStreaming, options?: RoutedRequestOptions): APIPromise<BetaMessage>;
  create(
    params: BetaCreateParamsStreaming,
    options?: RoutedRequestOptions,
  ): APIPromise<Stream<BetaRawMessageStreamEvent>>;
  create(
    params: BetaCreateParamsBase,
    options?: RoutedRequestOptions,
  ): APIPromise<Stream<BetaRawMessageStreamEvent> | BetaMessage>;
  stream(params: BetaCreateParamsBase, options?: RoutedRequestOptions): BetaMessageStream;
}

/** The routed client's own controls, beside the SDK's resources. */
export interface RoutedClientControls {
  /** Submits the waiting batch-mode requests now. */
  flush(): Promise<void>;
  /**
   * Refuses new batch requests, submits waiting ones, waits for every batch (at most
   * `timeoutMs`; what is left then fails `timed_out`) and for settlements the store owes.
   */
  close(options?: { timeoutMs?: number }): Promise<void>;
  /** The budget guard in use (for status queries), if any. */
  budgets: BudgetGuard | undefined;
  /** Settlements waiting for a budget store that was down (retried in the background). */
  settlements: Pick<SettlementQueue, "pending" | "lost" | "flush">;
  feedback: FeedbackLoop | undefined;
}

/**
 * What createRoutedClient needs of a client, structurally: a CommonJS program's `Anthropic` (the
 * SDK's `.d.ts` class) and this package's (its `.d.mts` class) are distinct declarations, so a
 * nominal `extends Anthropic` would refuse the caller's own client there.
 */
export interface AnthropicClientLike {
  readonly baseURL: string;
  maxRetries: number;
  middleware: ReadonlyArray<unknown>;
  withOptions(options: never): unknown;
}

/**
 * A routed client: an instance of the client's own class (so `instanceof Anthropic` holds and it
 * is an `Anthropic` wherever one is expected), whose Messages requests run as the policy decides.
 * Every SDK method returns what the SDK returns (real APIPromise objects); `routingOf(result)`
 * gives what the routing did.
 */
export type RoutedClient<Client extends AnthropicClientLike = Anthropic> = Client & {
  messages: RoutedMessagesApi;
  beta: { messages: RoutedBetaMessagesApi };
  rightsize: RoutedClientControls;
};

export interface RoutedClientOptions<Client extends AnthropicClientLike = Anthropic> extends RoutingOptions {
  /** The official client (`new Anthropic({ ... })`); its retries, timeouts, base URL and middleware apply. */
  client: Client;
}

function misconfigured(message: string): PolicyError {
  return new PolicyError({ code: PolicyErrorCode.misconfigured, message: `createRoutedClient: ${message}` });
}

/**
 * Makes an official Anthropic client route: its Messages requests (create, streamed or not,
 * stream, parse, beta.messages, and the requests inside messages.batches.create) run on the
 * policy's tier and model with its ceiling, cache breakpoints, batch delivery, escalation along
 * the chain when an attempt fails a check, budget holds and feedback overrides. Everything else
 * is the SDK's, untouched. A service changes one line.
 *
 * @example
 * const client = createRoutedClient({ client: new Anthropic(), policy: holder, observer });
 * const message = await client.messages.create(
 *   { model: "claude-sonnet-5-5", max_tokens: 1024, messages },
 *   { rightsize: { facts: { taskType: "classification", tenant: "acme" }, schema: Answer } },
 * );
 * routingOf(message)?.tiersTried; // ["haiku"]
 */
export function createRoutedClient<Client extends AnthropicClientLike = Anthropic>(
  options: RoutedClientOptions<Client>,
): RoutedClient<Client> {
  const client = options?.client;
  if (!client || typeof (client as { withOptions?: unknown }).withOptions !== "function")
    throw misconfigured("the `client` option must be an Anthropic client (new Anthropic({ ... }))");
  // @rightsize/telemetry marks clients it wraps with this registered symbol (from contracts:
  // policy does not depend on telemetry). Wrapped and observed, every attempt would become two
  // spans and its cost would be counted twice in every report.
  if (options.observer && (client as unknown as Record<symbol, unknown>)[INSTRUMENTED_MARKER] === true) {
    throw misconfigured(
      "the client is already instrumented by @rightsize/telemetry (instrumentAnthropic) and an observer was given, so every attempt would be recorded twice; pass an uninstrumented Anthropic client, or drop the observer",
    );
  }
  const runtime = buildRuntime("createRoutedClient", options);
  let routed: RoutedClient<Client> | undefined;
  const collector = new BatchCollector({
    transport: sdkBatchTransport(() => routed as unknown as Anthropic),
    observer: runtime.observer,
    ...options.batch,
  });
  const routing: Routing = { runtime, collector };
  const middleware = [routingMiddleware(routing), ...(client.middleware as Anthropic["middleware"])];
  // withOptions builds `new this.constructor(options)`: with the routed subclass of the client's
  // own class standing in for the constructor, it makes a routed copy that shares the client's
  // credentials and settings, whatever the class (Anthropic, a subclass, another backend's client).
  const Routed = routedClientClassOf(client.constructor as never);
  Object.defineProperty(client, "constructor", { value: Routed, configurable: true, writable: true });
  try {
    routed = (client as unknown as Anthropic).withOptions({ middleware }) as unknown as RoutedClient<Client>;
  } finally {
    delete (client as { constructor?: unknown }).constructor;
  }
  return routed;
}
