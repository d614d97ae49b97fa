import type {
  AttemptObservation,
  BatchObservation,
  RequestObservation,
  RoutedCallObserver,
} from "@rightsize/contracts";

/** Calls a hook, swallowing what it throws: an observer must never break a model call. */
function safely<T>(hook: () => T, fallback: T, onError?: (error: unknown) => void): T {
  try {
    return hook() ?? fallback;
  } catch (error) {
    try {
      onError?.(error);
    } catch {
      // The error reporter itself failed: nothing more can be done without risking the call.
    }
    return fallback;
  }
}

const noopBatch: BatchObservation = { submitted: () => {}, end: () => {} };
const noopAttempt: AttemptObservation = { firstChunk: () => {}, joinBatch: () => {}, end: () => {} };
const noopRequest: RequestObservation = { startAttempt: () => noopAttempt, end: () => {} };

function guardAttempt(attempt: AttemptObservation, onError?: (error: unknown) => void): AttemptObservation {
  return {
    firstChunk: () => safely(() => attempt.firstChunk(), undefined, onError),
    joinBatch: (batch) => safely(() => attempt.joinBatch(batch), undefined, onError),
    end: (info) => safely(() => attempt.end(info), undefined, onError),
  };
}

function guardBatch(batch: BatchObservation, onError?: (error: unknown) => void): BatchObservation {
  return {
    submitted: (info) => safely(() => batch.submitted(info), undefined, onError),
    end: (info) => safely(() => batch.end(info), undefined, onError),
  };
}

/**
 * Wraps an observer so that every hook (and every object a hook returns) is guarded: a throwing
 * or missing hook degrades to a no-op and the error goes to `onError`, never into the call.
 * Without an observer, returns a no-op one.
 */
export function guardObserver(options: {
  observer?: RoutedCallObserver | undefined;
  onError?: (error: unknown) => void;
}): RoutedCallObserver {
  const { observer, onError } = options;
  if (!observer) return { startRequest: () => noopRequest, startBatch: () => noopBatch };
  return {
    startRequest(info) {
      const request = safely(() => observer.startRequest(info), noopRequest, onError);
      return {
        startAttempt: (attemptInfo) =>
          guardAttempt(
            safely(() => request.startAttempt(attemptInfo), noopAttempt, onError),
            onError,
          ),
        end: (endInfo) => safely(() => request.end(endInfo), undefined, onError),
      };
    },
    startBatch(info) {
      return guardBatch(
        safely(() => observer.startBatch(info), noopBatch, onError),
        onError,
      );
    },
  };
}
