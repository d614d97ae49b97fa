import type Anthropic from "@anthropic-ai/sdk";
import { Stream } from "@anthropic-ai/sdk/core/streaming";
import type {
  Message,
  MessageCreateParamsBase,
  RawMessageStreamEvent,
} from "@anthropic-ai/sdk/resources/messages";
import { type AnthropicUsage, type AttemptObservation, mergeStreamUsage } from "@rightsize/contracts";
import type { BudgetReservation } from "../budget/budget-guard.js";
import { attemptParams } from "./attempt-params.js";
import type { ClientRuntime } from "./client-runtime.js";
import { holdFor, initialRouting, type PreparedRequest } from "./prepare-request.js";
import type { RoutingMetadata } from "./routing-metadata.js";
import { escalatableError, finish, settleHold } from "./run-attempts.js";

/** What a streamed attempt assembled from its events: enough to settle, report and record. */
interface StreamTally {
  id: string;
  model: string;
  stopReason: Message["stop_reason"];
  usage: AnthropicUsage | undefined;
}

function track(tally: StreamTally, event: RawMessageStreamEvent): void {
  if (event.type === "message_start") {
    tally.id = event.message.id;
    tally.model = event.message.model;
    tally.usage = mergeStreamUsage(undefined, event.message.usage);
  } else if (event.type === "message_delta") {
    tally.stopReason = event.delta.stop_reason;
    // message_delta usage is cumulative; absent or null fields keep message_start's values.
    tally.usage = mergeStreamUsage(tally.usage, event.usage);
  }
}

/**
 * Wraps a raw event stream so the end of the attempt (complete, failed, or abandoned by the
 * reader) settles the budget and reports to the observer exactly once.
 */
function observeStream(options: {
  runtime: ClientRuntime;
  request: PreparedRequest;
  metadata: RoutingMetadata;
  data: Stream<RawMessageStreamEvent>;
  attempt: AttemptObservation;
  reservation: BudgetReservation | undefined;
  tier: string | null;
  model: string;
  done: (metadata: RoutingMetadata) => void;
}): Stream<RawMessageStreamEvent> {
  const { runtime, request, metadata, data, attempt } = options;
  const tally: StreamTally = { id: "", model: options.model, stopReason: null, usage: undefined };
  async function* events(): AsyncGenerator<RawMessageStreamEvent> {
    let failure: unknown;
    let first = true;
    try {
      for await (const event of data) {
        if (first && event.type !== "message_start") {
          first = false;
          attempt.firstChunk();
        }
        track(tally, event);
        yield event;
      }
    } catch (error) {
      failure = error;
      throw error;
    } finally {
      // Tokens streamed before a failure or abandonment are billed: settle what was seen.
      const spent = await settleHold({
        runtime,
        reservation: options.reservation,
        model: tally.model,
        usage: tally.usage,
      }).catch(() => 0);
      if ("spent" in metadata.budget) metadata.budget.spent += spent;
      const response = tally.usage
        ? { id: tally.id, model: tally.model, stop_reason: tally.stopReason, usage: tally.usage }
        : undefined;
      attempt.end({
        ...(response ? { response } : {}),
        ...(failure !== undefined ? { error: failure } : {}),
      });
      if (failure !== undefined) finish(runtime, request, metadata, { error: failure });
      else {
        metadata.checkPassed = tally.stopReason !== "max_tokens" && tally.stopReason !== "refusal";
        if (!metadata.checkPassed)
          metadata.checkFailure = `stop_reason ${tally.stopReason} (streams are not escalated)`;
        const message = { id: tally.id, model: tally.model } as Message;
        finish(runtime, request, metadata, { message, tier: options.tier });
      }
      options.done(metadata);
    }
  }
  return new Stream(() => events(), data.controller);
}

/**
 * Opens a routed stream: decides and budgets, then connects on the decision's tier. A connection
 * that fails with an escalatable error (e.g. 529 after the SDK's retries) moves to the next tier,
 * since nothing reached the reader yet; once events flow the attempt is final (content already
 * delivered cannot be taken back, so checks on the content do not escalate a stream).
 */
export async function openRoutedStream(options: {
  runtime: ClientRuntime;
  request: PreparedRequest;
  requestOptions: Anthropic.RequestOptions | undefined;
  done: (metadata: RoutingMetadata) => void;
}): Promise<{
  response: Response;
  data: Stream<RawMessageStreamEvent>;
  request_id: string | null | undefined;
}> {
  const { runtime, request } = options;
  const metadata = initialRouting(request);
  let reservation = request.reservation;
  for (let index = 0; ; index++) {
    const step = request.steps[index]!;
    if (index > 0 && runtime.guard && !request.unbudgeted) {
      const amount = holdFor(runtime, request, step);
      const held =
        amount === undefined
          ? undefined
          : await runtime.guard.reserve({
              reservationId: `${request.requestId}:${index + 1}`,
              facts: request.facts,
              amount,
            });
      reservation = held?.kind === "reserved" ? held.reservation : undefined;
    }
    metadata.attempts++;
    metadata.tiersTried.push(step.tier);
    if (reservation && "held" in metadata.budget) metadata.budget.held += reservation.amount;
    const params = { ...attemptParams({ request, step }), stream: true } as MessageCreateParamsBase & {
      stream: true;
    };
    const attempt = request.observation.startAttempt({
      attempt: index + 1,
      tier: step.tier,
      model: step.model,
      maxTokens: params.max_tokens,
      mode: "realtime",
      streaming: true,
      ...(index > 0 ? { escalationReason: metadata.escalationReasons.at(-1) } : {}),
      ...(runtime.server.address ? { serverAddress: runtime.server.address } : {}),
      ...(runtime.server.port ? { serverPort: runtime.server.port } : {}),
    });
    try {
      const { response, data, request_id } = await runtime.client.messages
        .create(params, options.requestOptions)
        .withResponse();
      const observed = observeStream({
        runtime,
        request,
        metadata,
        data,
        attempt,
        reservation,
        tier: step.tier,
        model: step.model,
        done: options.done,
      });
      return { response, data: observed, request_id };
    } catch (error) {
      if (reservation && runtime.guard) await runtime.guard.release({ reservation });
      const reason = index < request.steps.length - 1 ? escalatableError(runtime, error) : undefined;
      attempt.end({ error, ...(reason ? { escalatedBecause: reason } : {}) });
      if (!reason) {
        finish(runtime, request, metadata, { error });
        options.done(metadata);
        throw error;
      }
      metadata.escalationReasons.push(reason);
    }
  }
}
