type Parse = (client: unknown, props: unknown) => unknown;

/** The SDK's APIPromise, structurally: parsed lazily, so we observe without forcing a parse. */
interface ApiPromiseLike {
  parseResponse?: Parse;
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
 * the parsed body (or a failed parse) where the SDK parses it. The caller gets the same
 * APIPromise object back, so `withResponse()`, `asResponse()` and laziness stay intact.
 *
 * The parse is observed by wrapping that one promise's own `parseResponse`: measured on the
 * plain-client hot path, the SDK's `_thenUnwrap` costs about 4 µs more per call (a second
 * APIPromise and a second pass that re-reads the request-id headers). `_thenUnwrap` remains
 * the fallback for an SDK whose APIPromise keeps its parser elsewhere. A non-SDK promise is
 * observed with `then`.
 */
export function observeApiResult(
  result: unknown,
  onData: (data: unknown) => unknown,
  onError: (error: unknown) => void,
): unknown {
  if (isApiPromise(result)) {
    result._responseProps().then(undefined, onError);
    const parse = result.parseResponse;
    if (typeof parse !== "function" || !Object.hasOwn(result, "parseResponse")) {
      return result._thenUnwrap(onData);
    }
    result.parseResponse = (client, props) =>
      Promise.resolve(parse.call(result, client, props)).then(onData, (error: unknown) => {
        onError(error);
        throw error;
      });
    return result;
  }
  return Promise.resolve(result).then(onData, (error: unknown) => {
    onError(error);
    throw error;
  });
}
