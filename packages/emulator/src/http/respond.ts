import type { ServerResponse } from "node:http";
import { type ApiErrorSpec, errorBody } from "../api/api-error.js";

/** One JSON reply: status, body, extra headers. */
export interface JsonReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** Writes a JSON response with its headers. */
export function sendJson(response: ServerResponse, reply: JsonReply): void {
  const { status, body, headers } = reply;
  const payload = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(payload),
    ...headers,
  });
  response.end(payload);
}

/** One API error reply: the error, its request id, extra headers. */
export interface ErrorReply {
  error: ApiErrorSpec;
  requestId: string;
  headers?: Record<string, string>;
}

/** Writes an API error body (`{"type":"error","error":{...},"request_id"}`); `x-should-retry` mirrors what the API sends. */
export function sendError(response: ServerResponse, reply: ErrorReply): void {
  const { error, requestId, headers } = reply;
  const retryable =
    error.status === 408 || error.status === 409 || error.status === 429 || error.status >= 500;
  sendJson(response, {
    status: error.status,
    body: errorBody(error, requestId),
    headers: {
      "request-id": requestId,
      "x-should-retry": String(retryable),
      ...headers,
    },
  });
}

/** Resolves after `ms` real milliseconds; 0 or less resolves at once without a timer. */
export function sleep(ms: number): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => setTimeout(resolve, ms));
}
