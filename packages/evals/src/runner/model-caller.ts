import Anthropic from "@anthropic-ai/sdk";
import { cost } from "@rightsize/pricing";
import type { PaidCall, PaidCalls } from "./paid-calls.js";

/** One call the eval needs: an answer of a candidate, or a judge's verdict on one. */
export interface CallRequest {
  id: string;
  key: string;
  role: PaidCall["role"];
  params: Anthropic.MessageCreateParamsNonStreaming;
  paramsHash: string;
}

/** A paid call stored, or why there is no answer (after the SDK's retries). */
export type CallResult = { ok: true; call: PaidCall } | { ok: false; error: string };

/** Realtime (one Messages call each) or Message Batches: the runner does not care which. */
export interface ModelCaller {
  call(request: CallRequest): Promise<CallResult>;
}

/**
 * The SDK refuses a non-streaming call that may run past 10 minutes (max_tokens above ~21K):
 * such calls stream and the runner keeps the final message, as the SDK's docs advise.
 */
const STREAM_ABOVE_MAX_TOKENS = 16_000;

/** Realtime calls through the official SDK (its retries and timeouts apply), stored as they arrive. */
export function realtimeCaller(options: { client: Anthropic; store: PaidCalls }): ModelCaller {
  return {
    async call(request) {
      const started = performance.now();
      let message: Anthropic.Message;
      try {
        message =
          request.params.max_tokens > STREAM_ABOVE_MAX_TOKENS
            ? await options.client.messages.stream(request.params).finalMessage()
            : await options.client.messages.create(request.params);
      } catch (error) {
        return { ok: false, error: describeApiError(error) };
      }
      const latencyMs = Math.round((performance.now() - started) * 10) / 10;
      const call = paidCall({ request, message, latencyMs });
      await options.store.add(call);
      return { ok: true, call };
    },
  };
}

/** A PaidCall of an answer that came back, priced at list by the price book. */
export function paidCall(options: {
  request: Omit<CallRequest, "params">;
  message: Anthropic.Message;
  latencyMs?: number;
  batchId?: string;
}): PaidCall {
  const { request, message } = options;
  return {
    id: request.id,
    key: request.key,
    role: request.role,
    paramsHash: request.paramsHash,
    message,
    costPico: listCost(message),
    ...(options.latencyMs === undefined ? {} : { latencyMs: options.latencyMs }),
    ...(options.batchId === undefined ? {} : { batchId: options.batchId }),
  };
}

/** The answer's list cost in pico-dollars (batch results are half price through their usage), or null if unpriceable. */
function listCost(message: Anthropic.Message): string | null {
  try {
    return String(cost({ model: message.model, usage: message.usage, at: new Date() }).list);
  } catch {
    return null;
  }
}

/** `api 400 invalid_request_error: max_tokens: ...` for API errors; the message otherwise. */
export function describeApiError(error: unknown): string {
  if (error instanceof Anthropic.APIError) {
    const body = error.error as { error?: { type?: string; message?: string } } | undefined;
    const detail = body?.error?.message ?? error.message;
    return `api ${error.status ?? "error"}${body?.error?.type ? ` ${body.error.type}` : ""}: ${detail}`;
  }
  return error instanceof Error ? error.message : String(error);
}
