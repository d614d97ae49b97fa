/** The SDK's APIPromise, structurally: parsed lazily, so we observe without forcing a parse. */
interface ApiPromiseLike {
  _thenUnwrap(transform: (data: unknown) => unknown): unknown;
  _responseProps(): Promise<unknown>;
}

function isApiPromise(value: unknown): value is ApiPromiseLike {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as ApiPromiseLike)._thenUnwrap === "function" &&
    typeof (value as ApiPromiseLike)._responseProps === "function"
  );
}

/**
 * Observes a call's result without changing it: HTTP failures through the response promise,
 * the parsed body through `_thenUnwrap` (which keeps `withResponse()` and `asResponse()` intact).
 * A non-SDK promise is observed with `then`.
 */
export function observeApiResult(
  result: unknown,
  onData: (data: unknown) => unknown,
  onError: (error: unknown) => void,
): unknown {
  if (isApiPromise(result)) {
    result._responseProps().then(undefined, onError);
    return result._thenUnwrap(onData);
  }
  return Promise.resolve(result).then(onData, (error: unknown) => {
    onError(error);
    throw error;
  });
}
