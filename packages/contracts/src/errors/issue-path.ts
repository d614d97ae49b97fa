/** One problem found in a document, located by a path like `routing[2].when.all[0].operator`. */
export interface Issue {
  path: string;
  message: string;
}

/**
 * Renders a path of keys (zod's `issue.path`, or one built by hand) as `routing[2].when`;
 * `root` is prepended when given (`models[3].input` under `priceBook`: `priceBook.models[3].input`).
 */
export function formatIssuePath(path: readonly PropertyKey[], root = ""): string {
  let text = root;
  for (const segment of path) {
    if (typeof segment === "number") text += `[${segment}]`;
    else text += text ? `.${String(segment)}` : String(segment);
  }
  return text;
}

/** What a schema library reports for a failed parse (zod's `ZodError`, structurally: contracts depends on no schema library). */
export interface SchemaIssues {
  issues: ReadonlyArray<{ path: readonly PropertyKey[]; message: string }>;
}

/**
 * The issues of a failed parse with their paths rendered (`root` prepended when given).
 * @example formatIssues(issuesOf(parsed.error, { root: "rates" })) // "rates.discounts[0].percent: expected a number"
 */
export function issuesOf(error: SchemaIssues, options?: { root?: string }): Issue[] {
  return error.issues.map((issue) => ({
    path: formatIssuePath(issue.path, options?.root),
    message: issue.message,
  }));
}

/** `path: message`, or just the message for a document-level problem. */
export function formatIssue(issue: Issue): string {
  return issue.path ? `${issue.path}: ${issue.message}` : issue.message;
}

/**
 * Issues as one line, at most `limit` of them (default 5) and a count of the rest.
 * @example formatIssues([{ path: "a[0]", message: "expected a number" }]) // "a[0]: expected a number"
 */
export function formatIssues(issues: readonly Issue[], options?: { limit?: number }): string {
  const limit = options?.limit ?? 5;
  const shown = issues.slice(0, limit).map(formatIssue).join("; ");
  return issues.length > limit ? `${shown} (and ${issues.length - limit} more)` : shown;
}
