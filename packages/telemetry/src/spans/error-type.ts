/**
 * The `error.type` of a failed call: the provider's error type when the API reported one
 * (`rate_limit_error`, `overloaded_error`), else the exception class name
 * (`APIConnectionTimeoutError`), else `_OTHER`, as GenAI semconv v1.41.0 prescribes.
 */
export function errorTypeOf(error: unknown): string {
  if (error === null || typeof error !== "object") return "_OTHER";
  const record = error as { type?: unknown; error?: { error?: { type?: unknown } }; name?: unknown };
  if (typeof record.type === "string" && record.type.length > 0) return record.type;
  const bodyType = record.error?.error?.type;
  if (typeof bodyType === "string" && bodyType.length > 0) return bodyType;
  if (typeof record.name === "string" && record.name.length > 0 && record.name !== "Error")
    return record.name;
  return "_OTHER";
}

/** A short, printable message of any thrown value. */
export function errorMessageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === "string") return error;
  return "non-Error value thrown";
}
