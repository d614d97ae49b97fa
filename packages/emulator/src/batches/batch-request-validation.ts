import { type ApiErrorSpec, apiError } from "../api/api-error.js";
import type { MessagesRequest } from "../api/messages-request.js";
import { validateMessagesRequest } from "../api/request-validation.js";
import { type EvalHint, takeEvalHint } from "../quality/eval-hint.js";

/** Up to 100,000 requests per batch (facts: Message Batches API). */
export const MAX_BATCH_REQUESTS = 100_000;
const CUSTOM_ID = /^[a-zA-Z0-9_-]{1,64}$/;

export interface BatchRequest {
  custom_id: string;
  params: MessagesRequest;
  /** The eval harness's hint, taken out of `params` (quality/eval-hint.ts). */
  evalHint: EvalHint | null;
}

/**
 * Validates a batch create body. Structural problems fail the whole batch with a 400; model
 * problems (unknown model, prompt too long) surface later as per-request `errored` results.
 */
export function validateBatchCreate(
  body: unknown,
): { ok: true; value: BatchRequest[] } | { ok: false; error: ApiErrorSpec } {
  const invalid = (message: string) => ({
    ok: false as const,
    error: apiError("invalid_request_error", message),
  });
  if (typeof body !== "object" || body === null || Array.isArray(body))
    return invalid("Input should be a valid dictionary or object to extract fields from");
  const { requests, ...rest } = body as Record<string, unknown>;
  for (const key of Object.keys(rest)) {
    if (key !== "workspace_id" && key !== "user_profile_id")
      return invalid(`${key}: Extra inputs are not permitted`);
  }
  if (requests === undefined) return invalid("requests: Field required");
  if (!Array.isArray(requests)) return invalid("requests: Input should be a valid list");
  if (requests.length === 0)
    return invalid("requests: List should have at least 1 item after validation, not 0");
  if (requests.length > MAX_BATCH_REQUESTS)
    return invalid(
      `requests: List should have at most ${MAX_BATCH_REQUESTS} items after validation, not ${requests.length}`,
    );
  const seen = new Set<string>();
  const valid: BatchRequest[] = [];
  for (const [index, entry] of requests.entries()) {
    const path = `requests.${index}`;
    if (typeof entry !== "object" || entry === null)
      return invalid(`${path}: Input should be a valid dictionary`);
    const { custom_id: customId, params } = entry as Record<string, unknown>;
    if (customId === undefined) return invalid(`${path}.custom_id: Field required`);
    if (typeof customId !== "string" || !CUSTOM_ID.test(customId))
      return invalid(`${path}.custom_id: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'`);
    if (seen.has(customId))
      return invalid(
        `${path}.custom_id: duplicate custom_id '${customId}'; custom_ids must be unique within a batch`,
      );
    seen.add(customId);
    if (params === undefined) return invalid(`${path}.params: Field required`);
    if (typeof params === "object" && params !== null && (params as Record<string, unknown>).stream === true)
      return invalid(`${path}.params.stream: streaming is not supported in batches`);
    const taken = takeEvalHint(params);
    if (!taken.ok) return invalid(`${path}.params.${taken.message}`);
    const checked = validateMessagesRequest(taken.body);
    if (!checked.ok) return invalid(`${path}.params.${checked.error.message}`);
    valid.push({ custom_id: customId, params: checked.value, evalHint: taken.hint });
  }
  return { ok: true, value: valid };
}
