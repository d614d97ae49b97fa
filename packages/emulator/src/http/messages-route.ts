import type { IncomingMessage } from "node:http";
import { type ApiErrorSpec, apiError } from "../api/api-error.js";
import type { MessagesRequest } from "../api/messages-request.js";
import {
  checkSystemMessages,
  validateCountTokensRequest,
  validateMessagesRequest,
} from "../api/request-validation.js";
import type { FaultKind } from "../faults/fault-config.js";
import type { FaultDecision } from "../faults/fault-injector.js";
import { takeEvalHint } from "../quality/eval-hint.js";
import type { Simulation } from "../simulation/message-simulator.js";
import { layoutPrompt } from "../tokenizer/prompt-layout.js";
import type { Exchange } from "./exchange.js";
import { sendError, sendJson, sleep } from "./respond.js";
import { formatEvent, streamEvents } from "./sse-events.js";

const FAULT_ERRORS: Partial<Record<FaultKind, ApiErrorSpec>> = {
  rate_limit: apiError(
    "rate_limit_error",
    "This request would exceed your organization's rate limit of 4,000 requests per minute. For details, refer to: https://docs.claude.com/en/api/rate-limits. You can see the response headers for current usage. Please reduce the prompt length or the maximum tokens requested, or try again later.",
  ),
  overloaded: apiError("overloaded_error", "Overloaded"),
  api_error: apiError("api_error", "Internal server error"),
  timeout: apiError("timeout_error", "Request timed out while waiting for the model to respond"),
};

/** A fault that breaks the answer's body after the status line (a cut stream, malformed JSON). */
type BodyFault = "stream_cut" | "malformed_json" | null;

/** The emulator's per-request headers (task metadata, forced faults). */
function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Workspace of a request: caches are per workspace. */
export function workspaceOf(request: IncomingMessage, body?: { workspace_id?: unknown }): string {
  const fromBody = typeof body?.workspace_id === "string" ? body.workspace_id : undefined;
  return header(request, "anthropic-workspace-id") ?? fromBody ?? "default";
}

/** Answers an injected error fault; returns true when the request has been answered (or dropped). */
function answerFault(exchange: Exchange, fault: FaultDecision): boolean {
  if (!fault) return false;
  const { runtime, response, requestId } = exchange;
  const error = FAULT_ERRORS[fault.kind];
  if (error) {
    runtime.stats.fault(fault.kind);
    runtime.stats.status(error.status);
    const headers: Record<string, string> =
      fault.kind === "rate_limit"
        ? {
            "retry-after": String(runtime.faults.retryAfterSeconds),
            ...runtime.rateLimits.headers(runtime.clock.now(), true),
          }
        : {};
    sendError(response, { error, requestId, headers });
    return true;
  }
  if (fault.kind === "connection_reset") {
    runtime.stats.fault(fault.kind);
    response.socket?.destroy();
    return true;
  }
  return false;
}

/** POST /v1/messages: non-streaming JSON or SSE, with faults and simulated latency. */
export async function handleMessages(exchange: Exchange, body: unknown): Promise<void> {
  const { runtime, request } = exchange;
  runtime.stats.requests.messages++;
  const fault =
    runtime.faults.fromHeaders({
      fault: header(request, "x-emulator-fault"),
      count: header(request, "x-emulator-fault-count"),
      attempt: header(request, "x-stainless-retry-count"),
    }) ?? runtime.faults.nextForMessages();
  if (answerFault(exchange, fault)) return;
  if (fault?.kind === "slow") {
    runtime.stats.fault("slow");
    await sleep(runtime.faults.slowMs);
  }

  const taken = takeEvalHint(body);
  if (!taken.ok) return fail(exchange, apiError("invalid_request_error", taken.message));
  const validated = validateMessagesRequest(taken.body);
  if (!validated.ok) return fail(exchange, validated.error);
  const params: MessagesRequest = validated.value;
  const simulated = runtime.simulator.simulate(params, {
    headerTaskType: header(request, "x-emulator-task-type"),
    headerDifficulty: header(request, "x-emulator-difficulty"),
    workspace: workspaceOf(request, params),
    serviceTier: "standard",
    evalHint: taken.hint,
  });
  if (!simulated.ok) return fail(exchange, simulated.error);
  const simulation = simulated.value;
  const faultKind = fault?.kind === "stream_cut" || fault?.kind === "malformed_json" ? fault.kind : null;
  if (faultKind) runtime.stats.fault(faultKind);
  if (params.stream) {
    runtime.stats.requests.streaming++;
    await streamMessage(exchange, simulation, faultKind);
  } else {
    await sendMessage(exchange, simulation, faultKind);
  }
}

function fail(exchange: Exchange, error: ApiErrorSpec): void {
  exchange.runtime.stats.status(error.status);
  sendError(exchange.response, { error, requestId: exchange.requestId });
}

async function sendMessage(exchange: Exchange, simulation: Simulation, fault: BodyFault): Promise<void> {
  const { runtime, response, requestId } = exchange;
  const scale = runtime.latencyScale;
  await sleep(simulation.timing.timeToFirstTokenMs * scale);
  // The cache entry becomes usable once the response has begun (here: generation started).
  simulation.cachePlan.commit(runtime.clock.now());
  await sleep((simulation.timing.totalMs - simulation.timing.timeToFirstTokenMs) * scale);
  if (response.destroyed) return;
  runtime.delivered(simulation);
  const payload = JSON.stringify(simulation.message);
  const headers = {
    "content-type": "application/json",
    "request-id": requestId,
    "x-emulator-correct": String(simulation.verdict.correct),
    ...runtime.rateLimits.headers(runtime.clock.now()),
  };
  runtime.stats.status(200);
  if (fault === "malformed_json") {
    const broken = payload.slice(0, Math.floor(payload.length / 2));
    response.writeHead(200, { ...headers, "content-length": Buffer.byteLength(broken) });
    response.end(broken);
    return;
  }
  response.writeHead(200, { ...headers, "content-length": Buffer.byteLength(payload) });
  if (fault === "stream_cut") {
    // Destroyed only once the half is flushed: at once, the client would see no bytes at all.
    response.write(payload.slice(0, Math.floor(payload.length / 2)), () => response.socket?.destroy());
    return;
  }
  response.end(payload);
}

async function streamMessage(exchange: Exchange, simulation: Simulation, fault: BodyFault): Promise<void> {
  const { runtime, response, requestId } = exchange;
  const scale = runtime.latencyScale;
  await sleep(simulation.timing.timeToFirstTokenMs * scale);
  if (response.destroyed) return simulation.cachePlan.abort();
  simulation.cachePlan.commit(runtime.clock.now());
  runtime.delivered(simulation);
  runtime.stats.status(200);
  response.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
    "request-id": requestId,
    ...runtime.rateLimits.headers(runtime.clock.now()),
  });
  const events = streamEvents(simulation.message);
  const cutAt = Math.max(2, Math.floor(events.length / 2));
  let batch = "";
  for (const [index, event] of events.entries()) {
    if (fault && index === cutAt) {
      // A malformed event, or simply nothing more: the connection drops mid-stream either way.
      const broken =
        fault === "malformed_json" ? `event: ${event.event}\ndata: {"type": "${event.event}", "ind\n\n` : "";
      // Destroyed once the events so far are flushed, so the client does read half the stream.
      response.write(batch + broken, () => response.socket?.destroy());
      return;
    }
    batch += formatEvent(event);
    const delayMs = event.tokens * simulation.timing.perTokenMs * scale;
    if (delayMs > 0) {
      response.write(batch);
      batch = "";
      await sleep(delayMs);
      if (response.destroyed) return;
    }
  }
  response.end(batch);
}

/** POST /v1/messages/count_tokens: the same tokenizer as messages and batches; ignores caching. */
export function handleCountTokens(exchange: Exchange, body: unknown) {
  const { runtime, response, requestId } = exchange;
  runtime.stats.requests.countTokens++;
  const validated = validateCountTokensRequest(body);
  if (!validated.ok) return fail(exchange, validated.error);
  const found = runtime.registry.lookup(validated.value.model, runtime.clock.now());
  if (found.kind !== "available")
    return fail(exchange, apiError("not_found_error", `model: ${validated.value.model}`));
  const systemMessages = checkSystemMessages(validated.value.messages, found.model.id);
  if (systemMessages) return fail(exchange, apiError("invalid_request_error", systemMessages));
  const layout = layoutPrompt(validated.value, found.model.tokenizer);
  runtime.stats.status(200);
  sendJson(response, {
    status: 200,
    body: { input_tokens: layout.totalTokens },
    headers: { "request-id": requestId },
  });
}
