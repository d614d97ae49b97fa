import type { Message } from "@anthropic-ai/sdk/resources/messages";
import type { BudgetReservation } from "../../budget/budget-guard.js";
import { actualRequestCost } from "../../budget/request-cost.js";
import type { Step } from "../compose-steps.js";
import { sendWithRetries } from "../http/send-with-retries.js";
import type { AttemptOutcome, RoutedCall } from "../routed-call.js";
import { RoutedResponseError } from "../routed-client-error.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A JSON Response standing in for a message that did not come over HTTP (a batch result). */
export function jsonResponse(value: unknown): { response: Response; body: Uint8Array } {
  const body = encoder.encode(JSON.stringify(value));
  return {
    response: new Response(body, { status: 200, headers: { "content-type": "application/json" } }),
    body,
  };
}

async function sendRealtime(call: RoutedCall): Promise<AttemptOutcome> {
  const { incoming, transport } = call;
  const attempt = call.attempt!;
  const headers = new Headers(incoming.headers);
  headers.delete("content-length");
  try {
    const response = await sendWithRetries({
      send: (request) => transport.send(request),
      request: {
        url: incoming.url,
        method: "POST",
        headers,
        body: JSON.stringify(attempt.params),
        signal: incoming.signal,
      },
      maxRetries: incoming.maxRetries,
    });
    if (!response.ok) return await errorOutcome(response);
    if (incoming.streaming) return { kind: "stream", response };
    return await messageOutcome(call, response);
  } catch (error) {
    return { kind: "failed", error };
  }
}

/** Reads a non-streamed answer whole; a cut or non-JSON body fails with a typed error. */
async function messageOutcome(call: RoutedCall, response: Response): Promise<AttemptOutcome> {
  const attempt = call.attempt!;
  const failure = (code: "malformed_response" | "stream_interrupted", detail: string, cause: unknown) =>
    new RoutedResponseError({
      code,
      requestId: call.requestId,
      model: attempt.step.model,
      attempt: attempt.index + 1,
      detail,
      cause,
    });
  let body: Uint8Array;
  try {
    body = new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    if (call.incoming.signal?.aborted) return { kind: "failed", error };
    return {
      kind: "failed",
      error: failure("stream_interrupted", `the response body ended early (${messageOf(error)})`, error),
    };
  }
  try {
    const message = JSON.parse(decoder.decode(body)) as Record<string, unknown> & { model: string };
    if (typeof message !== "object" || message === null || message.type !== "message")
      throw new SyntaxError(`not a message object (type ${String((message as { type?: unknown })?.type)})`);
    const copy = new Response(body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
    return { kind: "message", message, response: copy, body };
  } catch (error) {
    return {
      kind: "failed",
      error: failure("malformed_response", `the body is not a JSON message (${messageOf(error)})`, error),
    };
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Reads an error Response's body (the API's `{ type: "error", error: { type, message } }`). */
async function errorOutcome(response: Response): Promise<AttemptOutcome> {
  const text = await response.text().catch(() => "");
  let errorType: string | undefined;
  let errorMessage = text;
  try {
    const parsed = JSON.parse(text) as { error?: { type?: string; message?: string } };
    errorType = parsed.error?.type;
    errorMessage = parsed.error?.message ?? text;
  } catch {
    // Not JSON (a proxy's HTML page): the text is the message.
  }
  const copy = new Response(text, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  return { kind: "error", response: copy, status: response.status, errorType, errorMessage };
}

async function sendBatched(call: RoutedCall): Promise<AttemptOutcome> {
  const attempt = call.attempt!;
  const { stream: _stream, ...params } = attempt.params;
  let late: BudgetReservation | undefined;
  try {
    const message = await call.transport.collector().enqueue({
      params: params as never,
      ...(attempt.observation ? { attempt: attempt.observation } : {}),
      ...(call.incoming.signal ? { signal: call.incoming.signal } : {}),
      ...(call.incoming.timeoutMs !== undefined ? { timeoutMs: call.incoming.timeoutMs } : {}),
      onDetached: (submitted) => {
        // Submitted already: the batch still answers and bills it, so its hold waits for that.
        if (!submitted) return;
        late = attempt.reservation;
        attempt.reservation = undefined;
      },
      onLateResult: (result) => {
        const reservation = late;
        late = undefined;
        if (!reservation) return;
        if (result) void settleLate(call, reservation, result);
        else void call.runtime.settlements.release({ reservation });
      },
    });
    const { response, body } = jsonResponse(message);
    return { kind: "message", message: message as never, response, body };
  } catch (error) {
    return { kind: "failed", error };
  }
}

/** Settles the hold of a batched request whose caller stopped waiting, when its result arrives. */
async function settleLate(call: RoutedCall, reservation: BudgetReservation, message: Message): Promise<void> {
  let actual = reservation.amount;
  try {
    actual = actualRequestCost({ ...call.runtime.pricing, model: message.model, usage: message.usage });
  } catch {
    // Unpriced: the hold stands as the spend.
  }
  await call.runtime.settlements.settle({ reservation, actual });
}

/**
 * Attempt: sends the attempt's body, realtime (with the SDK's retry rules, see
 * sendWithRetries) or through the batch collector, and records what came back.
 */
export const sendAttempt: Step<RoutedCall> = async (call, next) => {
  const attempt = call.attempt!;
  attempt.outcome = call.plan?.mode === "batch" ? await sendBatched(call) : await sendRealtime(call);
  await next();
};
