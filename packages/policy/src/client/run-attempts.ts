import type Anthropic from "@anthropic-ai/sdk";
import { APIError } from "@anthropic-ai/sdk";
import type { Message, MessageCreateParamsNonStreaming } from "@anthropic-ai/sdk/resources/messages";
import type { AnthropicUsage, AttemptObservation } from "@rightsize/contracts";
import type { BudgetReservation } from "../budget/budget-guard.js";
import { actualRequestCost } from "../budget/request-cost.js";
import { checkAttempt } from "./attempt-check.js";
import { attemptParams } from "./attempt-params.js";
import type { ClientRuntime } from "./client-runtime.js";
import { holdFor, initialRouting, type PreparedRequest } from "./prepare-request.js";
import { attachRouting, type RoutedMessage, type RoutingMetadata } from "./routing-metadata.js";

/** @internal Why an error (after the SDK's own retries) moves the request to the next tier, if it does. */
export function escalatableError(runtime: ClientRuntime, error: unknown): string | undefined {
  if (!(error instanceof APIError) || error.status === undefined) return undefined;
  const type = (error.error as { error?: { type?: string } } | undefined)?.error?.type;
  if (error.status === 529 || type === "overloaded_error") {
    return runtime.escalateOnErrors.overloaded ? "overloaded (529) after the SDK's retries" : undefined;
  }
  if (error.status === 429)
    return runtime.escalateOnErrors.rateLimited ? "rate limited (429) after the SDK's retries" : undefined;
  if (error.status >= 500)
    return runtime.escalateOnErrors.serverError
      ? `server error (${error.status}) after the SDK's retries`
      : undefined;
  return undefined;
}

/** @internal Settles a hold to a response's actual cost (or the hold itself when it cannot be priced). */
export async function settleHold(options: {
  runtime: ClientRuntime;
  reservation: BudgetReservation | undefined;
  model: string;
  usage: AnthropicUsage | undefined;
}): Promise<number> {
  const { runtime, reservation } = options;
  let actual = reservation?.amount ?? 0;
  if (options.usage) {
    try {
      actual = actualRequestCost({ ...runtime.pricing, model: options.model, usage: options.usage });
    } catch {
      // Unpriced model: keep the hold as the spend (over- rather than under-counting a budget).
    }
  }
  if (reservation && runtime.guard) await runtime.guard.settle({ reservation, actual });
  return actual;
}

/** @internal Holds the budget for an escalated attempt; a string says why escalation must stop. */
async function holdNext(
  runtime: ClientRuntime,
  request: PreparedRequest,
  index: number,
): Promise<BudgetReservation | undefined | string> {
  if (!runtime.guard || request.unbudgeted) return undefined;
  const step = request.steps[index];
  const amount = step ? holdFor(runtime, request, step) : undefined;
  if (amount === undefined) return undefined;
  const holdMs = request.mode === "batch" ? runtime.batchHoldMs : undefined;
  const result = await runtime.guard.reserve({
    reservationId: `${request.requestId}:${index + 1}`,
    facts: request.facts,
    amount,
    ...(holdMs ? { holdMs } : {}),
  });
  if (result.kind === "reserved") return result.reservation;
  if (result.kind === "exhausted")
    return `budget ${result.scope} ${result.subject} (${result.period}) cannot hold tier ${step?.tier}`;
  return undefined;
}

/**
 * Runs a prepared request's attempts: the decision's tier first, then each escalation step while
 * an attempt fails a check (stop_reason max_tokens or refusal, the caller's schema or validator)
 * or an escalatable error. Every attempt is reported to the observer and budgeted on its own.
 * The last response is returned even if it failed its checks (`rightsize.checkPassed` says so);
 * an error on the last attempt is rethrown as the SDK raised it.
 */
export async function runAttempts(options: {
  runtime: ClientRuntime;
  request: PreparedRequest;
  requestOptions: Anthropic.RequestOptions | undefined;
}): Promise<RoutedMessage> {
  const { runtime, request } = options;
  const metadata = initialRouting(request);
  let reservation = request.reservation;
  let last: { message: Message; failure: string } | undefined;
  let lastError: unknown;
  for (let index = 0; index < request.steps.length; index++) {
    const step = request.steps[index]!;
    if (index > 0) {
      const held = await holdNext(runtime, request, index);
      if (typeof held === "string") {
        metadata.stoppedBecause = held;
        break;
      }
      reservation = held;
    }
    metadata.attempts++;
    metadata.tiersTried.push(step.tier);
    if (reservation && "held" in metadata.budget) metadata.budget.held += reservation.amount;
    const params = attemptParams({ request, step }) as MessageCreateParamsNonStreaming;
    const attempt = request.observation.startAttempt({
      attempt: index + 1,
      tier: step.tier,
      model: step.model,
      maxTokens: params.max_tokens,
      mode: request.mode,
      streaming: false,
      ...(index > 0 ? { escalationReason: metadata.escalationReasons.at(-1) } : {}),
      ...(runtime.server.address ? { serverAddress: runtime.server.address } : {}),
      ...(runtime.server.port ? { serverPort: runtime.server.port } : {}),
    });
    const isLast = index === request.steps.length - 1;
    let message: Message;
    try {
      message = await send(runtime, request, params, attempt, options.requestOptions);
    } catch (error) {
      if (reservation && runtime.guard) await runtime.guard.release({ reservation });
      const reason = isLast ? undefined : escalatableError(runtime, error);
      attempt.end({ error, ...(reason ? { escalatedBecause: reason } : {}) });
      if (reason) {
        metadata.escalationReasons.push(reason);
        lastError = error;
        last = undefined;
        continue;
      }
      finish(runtime, request, metadata, { error });
      throw error;
    }
    const spent = await settleHold({
      runtime,
      reservation,
      model: message.model || step.model,
      usage: message.usage,
    });
    if ("spent" in metadata.budget) metadata.budget.spent += spent;
    const check = request.shadow
      ? { ok: true as const }
      : await checkAttempt({ message, schema: request.call.schema, validate: request.call.validate });
    const response = {
      id: message.id,
      model: message.model,
      stop_reason: message.stop_reason,
      usage: message.usage,
    };
    if (!check.ok && !isLast) {
      attempt.end({ response, escalatedBecause: check.reason });
      metadata.escalationReasons.push(check.reason);
      last = { message, failure: check.reason };
      lastError = undefined;
      continue;
    }
    attempt.end({ response });
    metadata.checkPassed = check.ok;
    if (!check.ok) metadata.checkFailure = check.reason;
    finish(runtime, request, metadata, { message, tier: step.tier });
    return attachRouting(message, metadata);
  }
  // Escalation stopped early (budget) or the last attempt errored escalatably: return the last response.
  if (last) {
    metadata.checkFailure = last.failure;
    finish(runtime, request, metadata, { message: last.message, tier: metadata.tiersTried.at(-1) ?? null });
    return attachRouting(last.message, metadata);
  }
  // The last attempt sent failed with an escalatable error and the budget stopped the next one.
  finish(runtime, request, metadata, { error: lastError });
  throw lastError;
}

async function send(
  runtime: ClientRuntime,
  request: PreparedRequest,
  params: MessageCreateParamsNonStreaming,
  attempt: AttemptObservation,
  requestOptions: Anthropic.RequestOptions | undefined,
): Promise<Message> {
  if (request.mode === "batch" && runtime.collector)
    return await runtime.collector.enqueue({ params, attempt });
  return await runtime.client.messages.create(params, requestOptions);
}

/** @internal Ends the request for the observer and records it with the feedback loop. */
export function finish(
  runtime: ClientRuntime,
  request: PreparedRequest,
  metadata: RoutingMetadata,
  outcome: { message: Message; tier: string | null } | { error: unknown },
): void {
  const escalations = Math.max(0, metadata.attempts - 1);
  if ("error" in outcome) {
    request.observation.end({
      outcome: "error",
      attempts: metadata.attempts,
      escalations,
      finalTier: metadata.tiersTried.at(-1) ?? null,
      finalModel: request.steps[metadata.attempts - 1]?.model ?? null,
      error: outcome.error,
    });
    return;
  }
  request.observation.end({
    outcome: "ok",
    attempts: metadata.attempts,
    escalations,
    finalTier: outcome.tier,
    finalModel: outcome.message.model,
  });
  const taskType = request.facts.taskType;
  if (runtime.feedback && taskType !== undefined && outcome.tier !== null) {
    runtime.feedback.recordRequest({
      requestId: request.requestId,
      messageId: outcome.message.id,
      taskType,
      tier: outcome.tier,
      escalated: escalations > 0,
      overridden: request.overrides.length > 0,
    });
  }
}
