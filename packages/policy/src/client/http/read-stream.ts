import { PolicyErrorCode } from "../../policy-error.js";
import { RoutedResponseError } from "../routed-client-error.js";
import { MessageAccumulator, StreamProtocolError } from "./message-accumulator.js";
import { SseDecoder } from "./sse-decoder.js";

/** Who a stream belongs to, for the errors that name it. */
export interface StreamOwner {
  requestId: string;
  model: string;
  attempt: number;
  /** The caller's signal: an abort is the caller's, not a cut. */
  signal: AbortSignal | undefined;
}

/** Feeds decoded SSE events into the accumulator; a data line that is not JSON is a malformed response. */
function feed(
  owner: StreamOwner,
  accumulator: MessageAccumulator,
  events: ReturnType<SseDecoder["push"]>,
): void {
  for (const event of events) {
    if (event.data === "" || event.data === "[DONE]") continue;
    let value: Record<string, unknown>;
    try {
      value = JSON.parse(event.data) as Record<string, unknown>;
    } catch (error) {
      throw malformed(owner, `an SSE event is not JSON (${(error as Error).message})`, error);
    }
    try {
      accumulator.push(value);
    } catch (error) {
      if (error instanceof StreamProtocolError) throw malformed(owner, error.message, error);
      throw error;
    }
  }
}

function malformed(owner: StreamOwner, detail: string, cause: unknown): RoutedResponseError {
  return new RoutedResponseError({ code: PolicyErrorCode.malformedResponse, ...owner, detail, cause });
}

function interrupted(owner: StreamOwner, detail: string, cause?: unknown): RoutedResponseError {
  return new RoutedResponseError({ code: PolicyErrorCode.streamInterrupted, ...owner, detail, cause });
}

/** A read error as the caller should see it: the caller's own abort as is, anything else as a cut. */
function readFailure(owner: StreamOwner, error: unknown): unknown {
  if (owner.signal?.aborted || RoutedResponseError.isInstance(error)) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return interrupted(owner, `the event stream broke off before message_stop (${detail})`, error);
}

/**
 * Reads a streamed attempt whole (so that a failed check can still escalate: the caller has
 * seen nothing yet). Resolves with the bytes as received and the assembled message; rejects with
 * a RoutedResponseError naming the request and model when the stream is cut or not well formed.
 */
export async function readStreamWhole(
  owner: StreamOwner,
  response: Response,
): Promise<{ bytes: Uint8Array; accumulator: MessageAccumulator }> {
  const accumulator = new MessageAccumulator();
  const decoder = new SseDecoder();
  const chunks: Uint8Array[] = [];
  let length = 0;
  try {
    if (response.body) {
      for await (const chunk of response.body) {
        chunks.push(chunk);
        length += chunk.length;
        feed(owner, accumulator, decoder.push(chunk));
      }
    }
    feed(owner, accumulator, decoder.end());
  } catch (error) {
    throw Object.assign(readFailure(owner, error) as object, { partial: accumulator.partial });
  }
  if (!accumulator.complete && accumulator.error === undefined) {
    throw Object.assign(interrupted(owner, "the event stream ended without message_stop"), {
      partial: accumulator.partial,
    });
  }
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return { bytes, accumulator };
}

/**
 * Passes a streamed attempt to the caller as it arrives, assembling it on the side. `onEnd` runs
 * once: with the accumulator when the stream completed, or with the error when it was cut,
 * malformed or abandoned by the reader (then the caller's read fails with that same typed error).
 */
export function liveStream(options: {
  owner: StreamOwner;
  response: Response;
  onFirstChunk: () => void;
  onEnd: (result: { accumulator: MessageAccumulator; error?: unknown }) => void;
}): Response {
  const { owner, response } = options;
  const accumulator = new MessageAccumulator();
  const decoder = new SseDecoder();
  const reader = response.body?.getReader();
  let ended = false;
  let first = true;
  const end = (error?: unknown) => {
    if (ended) return;
    ended = true;
    options.onEnd(error === undefined ? { accumulator } : { accumulator, error });
  };
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const chunk = reader ? await reader.read() : { done: true as const, value: undefined };
        if (chunk.done) {
          feed(owner, accumulator, decoder.end());
          if (!accumulator.complete && accumulator.error === undefined)
            throw interrupted(owner, "the event stream ended without message_stop");
          controller.close();
          end();
          return;
        }
        feed(owner, accumulator, decoder.push(chunk.value));
        if (first && accumulator.started) {
          first = false;
          options.onFirstChunk();
        }
        controller.enqueue(chunk.value);
      } catch (error) {
        const failure = readFailure(owner, error);
        controller.error(failure);
        end(failure);
        await reader?.cancel(failure).catch(() => {});
      }
    },
    async cancel(reason) {
      end(reason ?? new Error("stream abandoned by its reader"));
      await reader?.cancel(reason).catch(() => {});
    },
  });
  return new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}
