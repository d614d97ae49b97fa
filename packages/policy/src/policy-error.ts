import { formatIssue, type Issue, RightsizeError } from "@rightsize/contracts";

/** Every way the policy package (loading, deciding, the routed client) can fail; `PolicyError.code` is one of these. */
export const PolicyErrorCode = {
  /** The source is not valid YAML or JSON. */
  syntax: "syntax",
  /** The document parsed but does not satisfy the policy schema (see `issues`). */
  invalid: "invalid",
  /** The document is valid but failed its trial before serving: a case failed, a decision faulted or ran past its time bound. */
  trialFailed: "trial_failed",
  /** The file could not be read. */
  io: "io",
  /** A Redis or file source failed while loading or watching. */
  source: "source",
  /** A built-in fact has the wrong type (decide() turns this into a fallback decision). */
  factType: "fact_type",
  /** The policy (or an exhausted budget) rejected the request before it was sent (`RoutedRequestRejected`). */
  rejected: "rejected",
  /** A batched request came back errored (after its retries), expired or canceled (`RoutedBatchRequestFailed`). */
  batchFailed: "batch_failed",
  /** The batch collector was closed before the request could be submitted (`RoutedClientClosed`). */
  closed: "closed",
  /** A response body the routed client could not read: not JSON, or an SSE event that is not (`RoutedResponseError`). */
  malformedResponse: "malformed_response",
  /** A streamed response ended before `message_stop`: the connection dropped (`RoutedResponseError`). */
  streamInterrupted: "stream_interrupted",
  /** The budget store did not answer (Redis down): new holds are refused, nothing is sent. */
  budgetUnavailable: "budget_unavailable",
  /** The client and options cannot work together (e.g. it would record every call twice). */
  misconfigured: "misconfigured",
  /** An option or argument is out of range (a budget limit, a feedback threshold, a reservation amount). */
  invalidOption: "invalid_option",
  /** A router file (rightsize router train) is corrupt, from a newer format, or does not fit this build. */
  invalidRouter: "invalid_router",
  /** No feedback override has that id, or it is not in the state the call needs. */
  unknownOverride: "unknown_override",
} as const;

export type PolicyErrorCode = (typeof PolicyErrorCode)[keyof typeof PolicyErrorCode];

/**
 * One problem found in a policy document, located by a path like `routing[2].when.all[0].operator`
 * and, when it came from a text source, by the line and column (1-based) where it was written. A
 * problem of the whole text (a syntax error, invalid UTF-8) has an empty path and a line.
 */
export type PolicyIssue = Issue & { line?: number; column?: number };

/** `path (line 3, column 5): message`; the location alone when there is no path; the message alone for the whole document. */
export function formatPolicyIssue(issue: PolicyIssue): string {
  if (issue.line === undefined) return formatIssue(issue);
  const where = `line ${issue.line}, column ${issue.column ?? 1}`;
  return `${issue.path ? `${issue.path} (${where})` : where}: ${issue.message}`;
}

/** What a PolicyError is made of; `message` defaults to the issues, one after another. */
export interface PolicyErrorOptions {
  code: PolicyErrorCode;
  message?: string;
  issues?: readonly PolicyIssue[];
  /** Where the policy came from (a file path, a Redis key); prefixed to the message. */
  origin?: string;
  cause?: unknown;
}

const marker = Symbol.for("rightsize.error.policy");

/**
 * The one error class of the policy package; `issues` lists every problem of a document with its
 * path. The routed client's failures a caller may catch one by one are subclasses
 * (`RoutedRequestRejected`, `RoutedBatchRequestFailed`, `RoutedClientClosed`); SDK errors
 * (APIError and kin) pass through unchanged.
 */
export class PolicyError extends RightsizeError<PolicyErrorCode> {
  override readonly name: string = "PolicyError";
  readonly [marker] = true;
  readonly issues: readonly PolicyIssue[];
  /** Where the policy came from (a file path, a Redis key), when known. */
  readonly origin: string | undefined;

  constructor(options: PolicyErrorOptions) {
    const issues = options.issues ?? [];
    const summary = options.message ?? issues.map(formatPolicyIssue).join("; ");
    super({
      code: options.code,
      message: options.origin ? `${options.origin}: ${summary}` : summary,
      cause: options.cause,
    });
    this.issues = issues;
    this.origin = options.origin;
  }

  /** True for a PolicyError (any subclass too) from any copy of this package. */
  static override isInstance(value: unknown): value is PolicyError {
    return RightsizeError.hasMarker(value, marker);
  }
}
