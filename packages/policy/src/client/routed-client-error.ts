import { type RejectDecision, RightsizeError } from "@rightsize/contracts";
import { PolicyError, PolicyErrorCode } from "../policy-error.js";

const rejectedMarker = Symbol.for("rightsize.error.policy.rejected");
const batchFailedMarker = Symbol.for("rightsize.error.policy.batch_failed");
const closedMarker = Symbol.for("rightsize.error.policy.closed");
const responseMarker = Symbol.for("rightsize.error.policy.response");

/**
 * The request was not sent because the decision was `reject` (a policy rule, no eligible model,
 * or a budget exhausted with `onExhaust: reject`). `decision` says which and why.
 *
 * @example
 * try { await client.messages.create(params, { rightsize: { facts } }) }
 * catch (error) { if (RoutedRequestRejected.isInstance(error) && error.decision.code === "budget_exhausted") ... }
 */
export class RoutedRequestRejected extends PolicyError {
  override readonly name = "RoutedRequestRejected";
  readonly [rejectedMarker] = true;
  readonly decision: RejectDecision;
  /** The routed client's id of the request (the caller's `rightsize.requestId` when given). */
  readonly requestId: string | undefined;

  constructor(options: { decision: RejectDecision; requestId?: string }) {
    super({
      code: PolicyErrorCode.rejected,
      message:
        `request ${options.requestId ?? ""} rejected (${options.decision.code}): ${options.decision.reason}`.replace(
          "request  rejected",
          "request rejected",
        ),
    });
    this.decision = options.decision;
    this.requestId = options.requestId;
  }

  static override isInstance(value: unknown): value is RoutedRequestRejected {
    return RightsizeError.hasMarker(value, rejectedMarker);
  }
}

/** How a batched request ended without a message. */
export type BatchFailureKind =
  | "errored"
  | "expired"
  | "canceled"
  | "submit_failed"
  | "lost"
  /** The caller's timeout (or the collector's longest wait) passed before the result came. */
  | "timed_out";

/** A batched request came back without a message; it is reported to its caller, never dropped. */
export class RoutedBatchRequestFailed extends PolicyError {
  override readonly name = "RoutedBatchRequestFailed";
  readonly [batchFailedMarker] = true;
  readonly kind: BatchFailureKind;
  readonly batchIds: readonly string[];
  readonly customId: string;
  /** The API's error object for `errored` results (`{ type, message }`). */
  readonly apiError: unknown;

  constructor(options: {
    kind: BatchFailureKind;
    customId: string;
    batchIds: readonly string[];
    message: string;
    apiError?: unknown;
    cause?: unknown;
  }) {
    super({ code: PolicyErrorCode.batchFailed, message: options.message, cause: options.cause });
    this.kind = options.kind;
    this.customId = options.customId;
    this.batchIds = options.batchIds;
    this.apiError = options.apiError;
  }

  static override isInstance(value: unknown): value is RoutedBatchRequestFailed {
    return RightsizeError.hasMarker(value, batchFailedMarker);
  }
}

/** The collector was closed; requests still waiting when it closed are flushed, later ones refused. */
export class RoutedClientClosed extends PolicyError {
  override readonly name = "RoutedClientClosed";
  readonly [closedMarker] = true;

  constructor() {
    super({ code: PolicyErrorCode.closed, message: "the routed client's batch collector is closed" });
  }

  static override isInstance(value: unknown): value is RoutedClientClosed {
    return RightsizeError.hasMarker(value, closedMarker);
  }
}

/**
 * A response the routed client could not read, named by request and model: a body that is not
 * JSON (`malformed_response`) or a stream cut before `message_stop` (`stream_interrupted`).
 * `cause` is what the runtime raised (a SyntaxError, undici's "terminated").
 */
export class RoutedResponseError extends PolicyError {
  override readonly name = "RoutedResponseError";
  readonly [responseMarker] = true;
  /** The routed client's id of the request (`routingOf(message).requestId`). */
  readonly requestId: string;
  /** The model the failed attempt ran on. */
  readonly model: string;
  /** 1-based attempt number. */
  readonly attempt: number;

  constructor(options: {
    code: typeof PolicyErrorCode.malformedResponse | typeof PolicyErrorCode.streamInterrupted;
    requestId: string;
    model: string;
    attempt: number;
    detail: string;
    cause?: unknown;
  }) {
    const what =
      options.code === PolicyErrorCode.malformedResponse ? "malformed response" : "stream interrupted";
    super({
      code: options.code,
      message: `${what} for request ${options.requestId} on ${options.model} (attempt ${options.attempt}): ${options.detail}`,
      cause: options.cause,
    });
    this.requestId = options.requestId;
    this.model = options.model;
    this.attempt = options.attempt;
  }

  static override isInstance(value: unknown): value is RoutedResponseError {
    return RightsizeError.hasMarker(value, responseMarker);
  }
}
