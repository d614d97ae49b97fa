import type { OutgoingRequest } from "../transport.js";

/** Whether the SDK would retry a response with this status (and its `x-should-retry`). */
export function shouldRetry(response: Response): boolean {
  const header = response.headers.get("x-should-retry");
  if (header === "true") return true;
  if (header === "false") return false;
  return (
    response.status === 408 || response.status === 409 || response.status === 429 || response.status >= 500
  );
}

/** The SDK's backoff: `retry-after-ms`, `retry-after` (seconds or a date), else 0.5 s doubling to 8 s, jittered. */
export function retryDelayMs(options: { headers: Headers | undefined; retry: number }): number {
  const afterMs = Number.parseFloat(options.headers?.get("retry-after-ms") ?? "");
  if (afterMs > 0 && afterMs <= 2 ** 31 - 1) return afterMs;
  const after = options.headers?.get("retry-after");
  if (after) {
    const seconds = Number.parseFloat(after);
    const ms = Number.isNaN(seconds) ? Date.parse(after) - Date.now() : seconds * 1000;
    if (ms > 0 && ms <= 2 ** 31 - 1) return ms;
  }
  const seconds = Math.min(0.5 * 2 ** options.retry, 8);
  return seconds * (1 - Math.random() * 0.25) * 1000;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Sends one attempt the way the SDK would, with its retry rules: a connection error or a
 * retryable status (408, 409, 429, 5xx, or `x-should-retry: true`) is retried up to
 * `maxRetries` times with the SDK's backoff, numbered in `x-stainless-retry-count`. Resolves
 * with the last Response (any status); rejects with the last connection error, or at once when
 * the caller's signal aborts. The routed client runs these retries itself so that escalation
 * comes after them, as it would after the SDK's.
 */
export async function sendWithRetries(options: {
  send: (request: OutgoingRequest) => Promise<Response>;
  request: OutgoingRequest;
  maxRetries: number;
}): Promise<Response> {
  const { request, maxRetries } = options;
  for (let retry = 0; ; retry++) {
    const headers = new Headers(request.headers);
    headers.set("x-stainless-retry-count", String(retry));
    let response: Response;
    try {
      response = await options.send({ ...request, headers });
    } catch (error) {
      if (request.signal?.aborted || retry >= maxRetries) throw error;
      await sleep(retryDelayMs({ headers: undefined, retry }), request.signal);
      continue;
    }
    if (response.ok || retry >= maxRetries || !shouldRetry(response)) return response;
    await response.body?.cancel().catch(() => {});
    await sleep(retryDelayMs({ headers: response.headers, retry }), request.signal);
  }
}
