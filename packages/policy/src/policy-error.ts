/** Error codes of the policy package (typed, stable: callers switch on them). */
export const POLICY_ERROR_CODES = {
  /** The source is not valid YAML or JSON. */
  syntax: "syntax",
  /** The document parsed but does not satisfy the policy schema (see `issues`). */
  invalid: "invalid",
  /** The file could not be read. */
  io: "io",
  /** A Redis or file source failed while loading or watching. */
  source: "source",
} as const;

export type PolicyErrorCode = (typeof POLICY_ERROR_CODES)[keyof typeof POLICY_ERROR_CODES];

/** One problem found in a policy document, located by a path like `routing[2].when.all[0].operator`. */
export interface PolicyIssue {
  path: string;
  message: string;
}

/** The one error class of the policy package; `issues` lists every problem with its path. */
export class PolicyError extends Error {
  override readonly name = "PolicyError";
  readonly code: PolicyErrorCode;
  readonly issues: readonly PolicyIssue[];
  /** Where the policy came from (a file path, a Redis key), when known. */
  readonly origin: string | undefined;

  constructor(options: {
    code: PolicyErrorCode;
    message?: string;
    issues?: readonly PolicyIssue[];
    origin?: string;
    cause?: unknown;
  }) {
    const issues = options.issues ?? [];
    const summary = options.message ?? issues.map(formatIssue).join("; ");
    super(options.origin ? `${options.origin}: ${summary}` : summary, { cause: options.cause });
    this.code = options.code;
    this.issues = issues;
    this.origin = options.origin;
  }

  /** True for a PolicyError from any copy of this package (instanceof fails across copies). */
  static isInstance(value: unknown): value is PolicyError {
    return value instanceof Error && value.name === "PolicyError" && "issues" in value && "code" in value;
  }
}

/** `path: message`, or just the message for a document-level problem. */
export function formatIssue(issue: PolicyIssue): string {
  return issue.path ? `${issue.path}: ${issue.message}` : issue.message;
}

/** Renders a zod-style path (`["routing", 2, "when"]`) as `routing[2].when`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = "";
  for (const segment of path) {
    if (typeof segment === "number") text += `[${segment}]`;
    else text += text ? `.${String(segment)}` : String(segment);
  }
  return text;
}
