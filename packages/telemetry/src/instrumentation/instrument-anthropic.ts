import { context, type Span } from "@opentelemetry/api";
import { INSTRUMENTED_MARKER, type ObservedResponse } from "@rightsize/contracts";
import type { TelemetryCore } from "../internal/telemetry-core.js";
import { type AttemptOutcome, AttemptRecorder } from "../spans/attempt-recorder.js";
import { type CallFacts, putFactAttributes } from "../spans/decision-attributes.js";
import { BatchCalls } from "./batch-calls.js";
import { callAttributes, type ObservedParams, serverOf } from "./call-attributes.js";
import { outputMessages } from "./content.js";
import { observeApiResult } from "./observe-api-result.js";
import { adoptSdkCallSpans } from "./sdk-call-span.js";
import { type StreamWatcher, tapEventIterator } from "./stream-tap.js";

// biome-ignore lint/suspicious/noExplicitAny: the SDK's overloaded methods are replaced in place.
type AnyMethod = (...args: any[]) => any;

/** The shape of an `Anthropic` client the wrapper needs (structural: any SDK 1.x client fits). */
export interface AnthropicLike {
  baseURL?: string;
  messages: {
    create: AnyMethod;
    batches?: { create: AnyMethod; results: AnyMethod };
  };
}

/**
 * Instruments an ordinary `Anthropic` client in place (idempotent) and returns it:
 * `messages.create` (streaming or not) and therefore `messages.stream`, which calls it, become
 * `chat {model}` spans; `messages.batches.create` becomes a `rightsize.batch` span with one
 * attempt span per request, ended when `messages.batches.results` yields its result.
 */
export function instrumentAnthropicClient<Client extends AnthropicLike>(
  core: TelemetryCore,
  client: Client,
): Client {
  const marked = client as Client & { [INSTRUMENTED_MARKER]?: true };
  if (marked[INSTRUMENTED_MARKER] === true) return client;
  const server = serverOf(client.baseURL);
  const messages = client.messages;
  const originalCreate = messages.create;
  // Where the SDK traces its calls, its call span becomes the call's span: `create` starts it
  // synchronously, so the recorder waiting for it is the call being made right now.
  let waiting: AttemptRecorder | undefined;
  const adopting = core.health.guard(
    "adopt",
    () =>
      adoptSdkCallSpans(client, (span) => {
        const recorder = waiting;
        waiting = undefined;
        if (recorder === undefined) return;
        try {
          recorder.adopt(span);
        } catch (error) {
          core.health.fault("adopt.span", error);
        }
      }),
    false,
  );
  messages.create = function instrumentedCreate(params: ObservedParams, ...rest: unknown[]) {
    // A caller may tag a call with facts (`{ rightsize: { facts } }` beside the SDK's request
    // options) so the report can replay it by task type before anything is routed.
    const facts = takeFacts(rest);
    // Hooks run in try/catch rather than through `health.guard`: no closure per call.
    let recorder: AttemptRecorder;
    try {
      recorder = startCall(core, { params, server, facts, pending: adopting });
    } catch (error) {
      core.health.fault("create.start", error);
      return originalCreate.call(messages, params, ...rest);
    }
    let result: unknown;
    try {
      const span = recorder.span;
      // `messages.stream()` starts the SDK's call span itself and hands it to `create` in the
      // request options (`__span`), where the SDK takes it instead of starting another.
      const handed = adopting ? handedCallSpan(rest[0]) : undefined;
      if (handed !== undefined) {
        recorder.adopt(handed);
        result = originalCreate.call(messages, params, ...rest);
      } else if (span !== undefined) {
        result = context.with(span.context, () => originalCreate.call(messages, params, ...rest));
      } else {
        waiting = recorder;
        try {
          result = originalCreate.call(messages, params, ...rest);
        } finally {
          waiting = undefined;
        }
      }
    } catch (error) {
      core.health.guard("create.fail", () => recorder.finish({ error }), undefined);
      throw error;
    }
    try {
      return observeApiResult(
        result,
        (data) => {
          try {
            return onData(core, recorder, data);
          } catch (error) {
            core.health.fault("create.data", error);
            return data;
          }
        },
        (error) => core.health.guard("create.error", () => recorder.finish({ error }), undefined),
      );
    } catch (error) {
      core.health.fault("create.observe", error);
      return result;
    }
  };
  if (messages.batches !== undefined) new BatchCalls(core, messages.batches, server).install();
  Object.defineProperty(client, INSTRUMENTED_MARKER, { value: true });
  return client;
}

/** The SDK call span a caller (the SDK's own stream helper) passed down in the request options. */
function handedCallSpan(options: unknown): Span | undefined {
  const handed = (options as { __span?: { span?: Span } } | undefined)?.__span?.span;
  return typeof handed?.isRecording === "function" ? handed : undefined;
}

/** Removes the `rightsize` side option from the SDK's request options (in `rest[0]`), returning its facts. */
function takeFacts(rest: unknown[]): CallFacts | undefined {
  const options = rest[0];
  if (typeof options !== "object" || options === null || !("rightsize" in options)) return undefined;
  const { rightsize, ...sdkOptions } = options as { rightsize?: { facts?: CallFacts } };
  rest[0] = sdkOptions;
  return typeof rightsize?.facts === "object" && rightsize.facts !== null ? rightsize.facts : undefined;
}

function startCall(
  core: TelemetryCore,
  call: {
    params: ObservedParams;
    server: { address?: string; port?: number };
    facts: CallFacts | undefined;
    /** The SDK traces: wait for its call span instead of starting one. */
    pending: boolean;
  },
) {
  const { params, server, facts } = call;
  const model = typeof params.model === "string" ? params.model : "unknown";
  let attributes = callAttributes(params, core.captureContent);
  if (facts !== undefined) {
    attributes ??= {};
    putFactAttributes(attributes, facts);
  }
  return new AttemptRecorder({
    core,
    model,
    streaming: params.stream === true,
    maxTokens: typeof params.max_tokens === "number" ? params.max_tokens : undefined,
    serverAddress: server.address,
    serverPort: server.port,
    attributes,
    standalone: true,
    span: call.pending ? "pending" : "own",
    // A pending call's own span (no SDK span came) starts late, under the caller's span still.
    parent: call.pending ? context.active() : undefined,
  });
}

/**
 * A stream's reading reported to its attempt, each hook in its own try (no closure per chunk,
 * as `health.guard` would make).
 */
class RecorderWatcher implements StreamWatcher {
  readonly #core: TelemetryCore;
  readonly #recorder: AttemptRecorder;

  constructor(core: TelemetryCore, recorder: AttemptRecorder) {
    this.#core = core;
    this.#recorder = recorder;
  }

  firstChunk(): void {
    try {
      this.#recorder.firstChunk();
    } catch (error) {
      this.#core.health.fault("stream.firstChunk", error);
    }
  }

  chunk(): void {
    try {
      this.#recorder.chunk();
    } catch (error) {
      this.#core.health.fault("stream.chunk", error);
    }
  }

  finish(outcome: AttemptOutcome): void {
    try {
      this.#recorder.finish(outcome);
    } catch (error) {
      this.#core.health.fault("stream.finish", error);
    }
  }
}

/** A call's response arrived: a stream is tapped as it is read, a message ends the attempt now. */
function onData(core: TelemetryCore, recorder: AttemptRecorder, data: unknown): unknown {
  const iterable = data as { [Symbol.asyncIterator]?: () => AsyncIterator<unknown> };
  const iterate = iterable[Symbol.asyncIterator];
  if (recorder.streaming && typeof iterate === "function") {
    const original = iterate.bind(data);
    const watcher = new RecorderWatcher(core, recorder);
    // Own property on this stream instance: for-await, tee() and toReadableStream() all read it.
    iterable[Symbol.asyncIterator] = () => tapEventIterator(original(), watcher, core.captureContent);
    return data;
  }
  const message = data as ObservedResponse & { content?: unknown };
  recorder.finish({
    response: message,
    outputMessages: core.captureContent ? outputMessages(message.content, message.stop_reason) : undefined,
  });
  return data;
}
