/** Error types of the Anthropic API with their HTTP status (facts: anthropic.md, "Errors"). */
export const API_ERROR_STATUS = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  conflict_error: 409,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
} as const;

export type ApiErrorType = keyof typeof API_ERROR_STATUS;

/** An error the emulator answers with, before it is given a request id and serialized. */
export interface ApiErrorSpec {
  status: number;
  type: ApiErrorType;
  message: string;
}

/** Builds an error of the given type with the API's status code for it. */
export function apiError(type: ApiErrorType, message: string): ApiErrorSpec {
  return { status: API_ERROR_STATUS[type], type, message };
}

/** The body the API sends: `{"type":"error","error":{"type","message"},"request_id"}`. */
export function errorBody(error: ApiErrorSpec, requestId: string | null) {
  return {
    type: "error" as const,
    error: { type: error.type, message: error.message },
    request_id: requestId,
  };
}
