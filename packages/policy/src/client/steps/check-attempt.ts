import type { Message } from "@anthropic-ai/sdk/resources/messages";
import { requestsJson, checkAttempt as runChecks } from "../attempt-check.js";
import type { Step } from "../compose-steps.js";
import { liveStream, readStreamWhole, type StreamOwner } from "../http/read-stream.js";
import type { AttemptOutcome, AttemptVerdict, RoutedCall, StreamEnd } from "../routed-call.js";

/** "prompt is too long: 210000 tokens > 200000 maximum" → 210000 (the API's 400 message). */
export function promptTooLongTokens(message: string): number | undefined {
  const match = /prompt is too long:\s*(\d+)\s*tokens/i.exec(message);
  return match ? Number(match[1]) : undefined;
}

/** Whether the plan has a step after the attempt in progress (a shadow plan never does). */
function canEscalate(call: RoutedCall): boolean {
  return !call.plan?.shadow && (call.attempt?.index ?? 0) < (call.plan?.steps.length ?? 0) - 1;
}

/** What an error Response means for the request: refit, escalate (after the retries), or final. */
export function errorVerdict(
  call: RoutedCall,
  outcome: Extract<AttemptOutcome, { kind: "error" }>,
): AttemptVerdict {
  const verdict = errorVerdictOf(call, outcome);
  return verdict.kind === "escalate" && !canEscalate(call) ? { kind: "final" } : verdict;
}

function errorVerdictOf(
  call: RoutedCall,
  outcome: Extract<AttemptOutcome, { kind: "error" }>,
): AttemptVerdict {
  const { escalateOnErrors } = call.runtime;
  const tooLong = outcome.status === 400 ? promptTooLongTokens(outcome.errorMessage) : undefined;
  if (tooLong !== undefined && !call.plan?.shadow)
    return {
      kind: "refit",
      inputTokens: tooLong,
      reason: `prompt is too long for ${call.attempt?.step.model} (${tooLong} tokens)`,
    };
  if (outcome.status === 529 || outcome.errorType === "overloaded_error")
    return escalateOnErrors.overloaded
      ? { kind: "escalate", reason: "overloaded (529) after the retries" }
      : { kind: "final" };
  if (outcome.status === 429)
    return escalateOnErrors.rateLimited
      ? { kind: "escalate", reason: "rate limited (429) after the retries" }
      : { kind: "final" };
  if (outcome.status >= 500)
    return escalateOnErrors.serverError
      ? { kind: "escalate", reason: `server error (${outcome.status}) after the retries` }
      : { kind: "final" };
  return { kind: "final" };
}

function ownerOf(call: RoutedCall): StreamOwner {
  const attempt = call.attempt!;
  return {
    requestId: call.requestId,
    model: attempt.step.model,
    attempt: attempt.index + 1,
    signal: call.incoming.signal,
  };
}

/** Runs the caller's checks on a message; records the result on the metadata. */
async function checkMessage(call: RoutedCall, message: Message): Promise<AttemptVerdict> {
  const result = await runChecks({
    message,
    schema: call.options.schema,
    validate: call.options.validate,
    jsonRequested: requestsJson(call.incoming.params),
  });
  call.metadata.checkPassed = result.ok;
  if (result.ok) delete call.metadata.checkFailure;
  else call.metadata.checkFailure = result.reason;
  // A shadow request is checked and reported, never escalated; the last step's answer stands.
  if (result.ok || !canEscalate(call)) return { kind: "final" };
  return { kind: "escalate", reason: result.reason };
}

async function checkBufferedStream(call: RoutedCall, response: Response): Promise<AttemptVerdict> {
  const attempt = call.attempt!;
  call.metadata.streamed = "buffered";
  try {
    const { bytes, accumulator } = await readStreamWhole(ownerOf(call), response);
    if (accumulator.error) {
      // An `error` event inside the stream (overloaded mid-answer): as the same error over HTTP.
      const status = accumulator.error.type === "overloaded_error" ? 529 : 500;
      const outcome = {
        kind: "error" as const,
        response: new Response(bytes, { status: 200, headers: response.headers }),
        status,
        errorType: accumulator.error.type,
        errorMessage: accumulator.error.message,
        partialUsage: accumulator.partial.usage,
      };
      attempt.outcome = outcome;
      const verdict = errorVerdict(call, outcome);
      return verdict.kind === "escalate" ? verdict : { kind: "final" };
    }
    const message = accumulator.message();
    const replay = new Response(bytes, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
    attempt.outcome = { kind: "message", message: message as never, response: replay, body: bytes };
    return await checkMessage(call, message);
  } catch (error) {
    attempt.outcome = {
      kind: "failed",
      error,
      partialUsage: (error as { partial?: { usage?: never } }).partial?.usage,
    };
    return { kind: "final" };
  }
}

function checkLiveStream(call: RoutedCall, response: Response): AttemptVerdict {
  const attempt = call.attempt!;
  call.metadata.streamed = "live";
  let resolveEnd: (end: StreamEnd) => void = () => {};
  const ended = new Promise<StreamEnd>((resolve) => (resolveEnd = resolve));
  const live = liveStream({
    owner: ownerOf(call),
    response,
    onFirstChunk: () => attempt.observation?.firstChunk(),
    onEnd: ({ accumulator, error }) =>
      resolveEnd(
        error !== undefined
          ? { error, usage: accumulator.partial.usage }
          : { message: accumulator.message() },
      ),
  });
  attempt.outcome = { kind: "stream", response: live };
  // Judged at its end: recorded on the metadata, too late to escalate.
  attempt.deferred = ended.then(async (end) => {
    if (end.message) await checkMessage(call, end.message).catch(() => undefined);
    else {
      call.metadata.checkPassed = false;
      call.metadata.checkFailure = `stream did not complete: ${end.error instanceof Error ? end.error.message : String(end.error)}`;
    }
    return end;
  });
  return { kind: "final" };
}

/**
 * Check: reads what the attempt returned and judges it. A message must be complete (not cut by
 * max_tokens, not a refusal), pass the caller's schema (or parse as JSON when the request asked
 * for JSON) and validator; a failure escalates. A stream is read whole first when the plan
 * buffers it (then judged the same way); otherwise it goes to the caller live and is judged at
 * its end, recorded honestly (`checkPassed` false with the reason) but not escalated. An error
 * status escalates as configured, or refits the request when the prompt was too long.
 */
export const checkAttempt: Step<RoutedCall> = async (call, next) => {
  const attempt = call.attempt!;
  const outcome = attempt.outcome!;
  switch (outcome.kind) {
    case "message":
      attempt.verdict = await checkMessage(call, outcome.message as unknown as Message);
      break;
    case "stream":
      attempt.verdict = call.plan?.bufferStream
        ? await checkBufferedStream(call, outcome.response)
        : checkLiveStream(call, outcome.response);
      break;
    case "error":
      attempt.verdict = errorVerdict(call, outcome);
      break;
    case "failed":
      attempt.verdict = { kind: "final" };
      break;
    default:
      attempt.verdict = { kind: "final" };
  }
  await next();
};
