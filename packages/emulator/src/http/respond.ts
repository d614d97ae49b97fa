import type { ServerResponse } from "node:http";
import { type ApiErrorSpec, errorBody } from "../api/api-error.js";

/** Writes a JSON response with a request id; `x-should-retry` mirrors what the API sends. */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const payload = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(payload),
    ...headers,
  });
  response.end(payload);
}

/** Writes an API error body (`{"type":"error","error":{...},"request_id"}`). */
export function sendError(
  response: ServerResponse,
  error: ApiErrorSpec,
  requestId: string,
  headers: Record<string, string> = {},
): void {
  const retryable =
    error.status === 408 || error.status === 409 || error.status === 429 || error.status >= 500;
  sendJson(response, error.status, errorBody(error, requestId), {
    "request-id": requestId,
    "x-should-retry": String(retryable),
    ...headers,
  });
}

/** Resolves after `ms` real milliseconds; 0 or less resolves at once without a timer. */
export function sleep(ms: number): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => setTimeout(resolve, ms));
}
