import type { RejectDecision } from "../decision.js";

/** Error codes of the routed client (typed, stable: callers switch on them). */
export const ROUTED_CLIENT_ERROR_CODES = {
  /** The policy (or an exhausted budget) rejected the request before it was sent. */
  rejected: "rejected",
  /** A batched request came back errored (after its retries), expired or canceled. */
  batchFailed: "batch_failed",
  /** The batch collector was closed before the request could be submitted. */
  closed: "closed",
  /** The client and options cannot work together (e.g. it would record every call twice). */
  misconfigured: "misconfigured",
} as const;

export type RoutedClientErrorCode =
  (typeof ROUTED_CLIENT_ERROR_CODES)[keyof typeof ROUTED_CLIENT_ERROR_CODES];

/** Base class of the routed client's errors; SDK errors (APIError and kin) pass through unchanged. */
export class RoutedClientError extends Error {
  override readonly name: string = "RoutedClientError";
  readonly code: RoutedClientErrorCode;

  constructor(options: { code: RoutedClientErrorCode; message: string; cause?: unknown }) {
    super(options.message, { cause: options.cause });
    this.code = options.code;
  }

  /** True for a RoutedClientError from any copy of this package (instanceof fails across copies). */
  static isInstance(value: unknown): value is RoutedClientError {
    return (
      value instanceof Error &&
      "code" in value &&
      typeof value.code === "string" &&
      value.name.startsWith("Routed")
    );
  }
}

/**
 * The request was not sent because the decision was `reject` (a policy rule, no eligible model,
 * or a budget exhausted with `onExhaust: reject`). `decision` says which and why.
 *
 * @example
 * try { await client.messages.create(params, { rightsize: { facts } }) }
 * catch (error) { if (error instanceof RoutedRequestRejected && error.decision.code === "budget_exhausted") ... }
 */
export class RoutedRequestRejected extends RoutedClientError {
  override readonly name = "RoutedRequestRejected";
  readonly decision: RejectDecision;

  constructor(options: { decision: RejectDecision }) {
    super({
      code: "rejected",
      message: `request rejected (${options.decision.code}): ${options.decision.reason}`,
    });
    this.decision = options.decision;
  }
}

/** How a batched request ended without a message. */
export type BatchFailureKind = "errored" | "expired" | "canceled" | "submit_failed" | "lost";

/** A batched request came back without a message; it is reported to its caller, never dropped. */
export class RoutedBatchRequestFailed extends RoutedClientError {
  override readonly name = "RoutedBatchRequestFailed";
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
    super({ code: "batch_failed", message: options.message, cause: options.cause });
    this.kind = options.kind;
    this.customId = options.customId;
    this.batchIds = options.batchIds;
    this.apiError = options.apiError;
  }
}

/** The collector was closed; requests still waiting when it closed are flushed, later ones refused. */
export class RoutedClientClosed extends RoutedClientError {
  override readonly name = "RoutedClientClosed";

  constructor() {
    super({ code: "closed", message: "the routed client's batch collector is closed" });
  }
}
