/** A cache breakpoint as the API accepts it (`ttl` defaults to 5m). */
export interface CacheControl {
  type: "ephemeral";
  ttl: "5m" | "1h";
}

/** Any content block of a request; the emulator reads the fields it needs by type. */
export interface RequestContentBlock {
  type: string;
  text?: string;
  cache_control?: CacheControl | null;
  [field: string]: unknown;
}

export interface RequestMessage {
  role: "user" | "assistant" | "system";
  content: string | RequestContentBlock[];
}

export interface RequestTool {
  name?: string;
  type?: string;
  description?: string;
  input_schema?: Record<string, unknown>;
  cache_control?: CacheControl | null;
  [field: string]: unknown;
}

export type ToolChoice =
  | { type: "auto" | "any"; disable_parallel_tool_use?: boolean }
  | { type: "tool"; name: string; disable_parallel_tool_use?: boolean }
  | { type: "none" };

export type ThinkingConfig =
  | { type: "enabled"; budget_tokens: number; display?: string | null }
  | { type: "disabled" | "adaptive" | "between_tools"; display?: string | null };

/** The body of POST /v1/messages after validation (and of a batch request's `params`). */
export interface MessagesRequest {
  model: string;
  max_tokens: number;
  messages: RequestMessage[];
  system?: string | RequestContentBlock[];
  tools?: RequestTool[];
  tool_choice?: ToolChoice;
  cache_control?: CacheControl | null;
  stream?: boolean;
  stop_sequences?: string[];
  thinking?: ThinkingConfig;
  output_config?: {
    effort?: string | null;
    format?: { type: "json_schema"; schema: Record<string, unknown> } | null;
  };
  service_tier?: "auto" | "standard_only";
  inference_geo?: string | null;
  speed?: "standard" | "fast" | null;
  metadata?: { user_id?: string | null };
  workspace_id?: string;
}

/** The body of POST /v1/messages/count_tokens: the same prompt fields, no max_tokens. */
export type CountTokensRequest = Omit<MessagesRequest, "max_tokens" | "stream" | "stop_sequences"> & {
  max_tokens?: number;
};
