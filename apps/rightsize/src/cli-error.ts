/** A bad invocation (wrong flag values, missing inputs): exit code 2. */
export class CliUsageError extends Error {
  override readonly name = "CliUsageError";
}

/** One line (or a few) a user can act on; the cause chain is kept but not dumped. */
export function formatError(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (cause: ${error.cause.message})` : "";
    return `${error.message}${cause}`;
  }
  return String(error);
}
