import { WEB_SEARCH_TOOL_TYPES } from "../answers/web-search.js";
import { type ApiErrorSpec, apiError } from "./api-error.js";
import type { CacheControl, CountTokensRequest, MessagesRequest } from "./messages-request.js";

/** Validation outcome: the typed request, or the 400 body the API would send. */
export type Validated<T> = { ok: true; value: T } | { ok: false; error: ApiErrorSpec };

// Top-level fields the SDK (v1.12 MessageCreateParamsBase) can send, plus the sampling
// parameters older clients still send. Anything else is rejected, as the API does.
const MESSAGE_FIELDS = new Set([
  "model",
  "max_tokens",
  "messages",
  "cache_control",
  "container",
  "diagnostics",
  "inference_geo",
  "metadata",
  "output_config",
  "service_tier",
  "speed",
  "stop_sequences",
  "stream",
  "system",
  "thinking",
  "tool_choice",
  "tools",
  "user_profile_id",
  "workspace_id",
  "temperature",
  "top_p",
  "top_k",
]);
const COUNT_FIELDS = new Set([
  "model",
  "messages",
  "cache_control",
  "system",
  "thinking",
  "tool_choice",
  "tools",
  "output_config",
  "speed",
  "workspace_id",
  "user_profile_id",
  "diagnostics",
  "container",
]);

/**
 * Control flow only, never an error of the package: validation throws it from deep inside and
 * `run` turns it into an `invalid_request_error` value at once (every exported validator goes
 * through `run`), so it never escapes this file.
 */
class Invalid extends Error {}
const fail = (message: string): never => {
  throw new Invalid(message);
};

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Validates a Messages API body like the API does; messages name the failing path. */
export function validateMessagesRequest(body: unknown): Validated<MessagesRequest> {
  return run(
    () =>
      validateCommon(body, { fields: MESSAGE_FIELDS, requireMaxTokens: true }) as unknown as MessagesRequest,
  );
}

/** Validates a count_tokens body (no max_tokens, no stream). */
export function validateCountTokensRequest(body: unknown): Validated<CountTokensRequest> {
  return run(
    () =>
      validateCommon(body, {
        fields: COUNT_FIELDS,
        requireMaxTokens: false,
      }) as unknown as CountTokensRequest,
  );
}

function run<T>(validate: () => T): Validated<T> {
  try {
    return { ok: true, value: validate() };
  } catch (error) {
    if (error instanceof Invalid)
      return { ok: false, error: apiError("invalid_request_error", error.message) };
    throw error;
  }
}

function validateCommon(body: unknown, options: { fields: Set<string>; requireMaxTokens: boolean }): Json {
  if (!isObject(body)) fail("Input should be a valid dictionary or object to extract fields from");
  const request = body as Json;
  for (const key of Object.keys(request)) {
    if (!options.fields.has(key)) fail(`${key}: Extra inputs are not permitted`);
  }
  if (request.model === undefined) fail("model: Field required");
  if (typeof request.model !== "string") fail("model: Input should be a valid string");
  if (options.requireMaxTokens || request.max_tokens !== undefined) validateMaxTokens(request.max_tokens);
  validateMessages(request.messages);
  if (request.system !== undefined) validateSystem(request.system);
  if (request.tools !== undefined) validateTools(request.tools);
  if (request.tool_choice !== undefined) validateToolChoice(request.tool_choice, request.tools);
  if (request.cache_control !== undefined && request.cache_control !== null)
    request.cache_control = cacheControl(request.cache_control, "cache_control");
  if (request.stream !== undefined && typeof request.stream !== "boolean")
    fail("stream: Input should be a valid boolean");
  if (request.stop_sequences !== undefined) {
    const sequences = request.stop_sequences;
    if (!Array.isArray(sequences) || sequences.some((sequence) => typeof sequence !== "string"))
      fail("stop_sequences: Input should be a valid list of strings");
  }
  validateMetadata(request.metadata);
  validateSampling(request);
  validateThinking(request);
  validateOutputConfig(request.output_config);
  oneOf(request.service_tier, "service_tier", ["auto", "standard_only"]);
  oneOf(request.speed, "speed", ["standard", "fast", null]);
  return request;
}

function validateMaxTokens(value: unknown): void {
  if (value === undefined) fail("max_tokens: Field required");
  if (typeof value !== "number" || !Number.isInteger(value))
    fail("max_tokens: Input should be a valid integer");
  if ((value as number) < 1) fail("max_tokens: Input should be greater than or equal to 1");
}

function validateMessages(value: unknown): void {
  if (value === undefined) fail("messages: Field required");
  if (!Array.isArray(value)) fail("messages: Input should be a valid list");
  const messages = value as unknown[];
  if (messages.length === 0) fail("messages: at least one message is required");
  messages.forEach((message, index) => {
    const path = `messages.${index}`;
    if (!isObject(message))
      fail(`${path}: Input should be a valid dictionary or object to extract fields from`);
    const { role, content } = message as Json;
    if (role === undefined) fail(`${path}.role: Field required`);
    if (role !== "user" && role !== "assistant" && role !== "system")
      fail(`${path}.role: Input should be 'user', 'assistant' or 'system'`);
    if (content === undefined) fail(`${path}.content: Field required`);
    // A system message may follow the conversation on the models that take one (checked with
    // the model, see checkSystemMessages); it never opens it.
    if (role === "system" && index === 0)
      fail("messages.0: use the top-level 'system' parameter for the initial system prompt");
    const isLast = index === messages.length - 1;
    if (typeof content === "string") {
      if (content.length === 0 && !(isLast && role === "assistant"))
        fail(
          `${path}: all messages must have non-empty content except for the optional final assistant message`,
        );
      return;
    }
    if (!Array.isArray(content)) fail(`${path}.content: Input should be a valid string or list`);
    if ((content as unknown[]).length === 0 && !(isLast && role === "assistant"))
      fail(
        `${path}: all messages must have non-empty content except for the optional final assistant message`,
      );
    for (const [blockIndex, block] of (content as unknown[]).entries()) {
      validateBlock(block, `${path}.content.${blockIndex}`);
    }
  });
}

function validateBlock(block: unknown, path: string): void {
  if (!isObject(block)) fail(`${path}: Input should be a valid dictionary or object to extract fields from`);
  const typed = block as Json;
  if (typeof typed.type !== "string") fail(`${path}.type: Field required`);
  if (typed.type === "text") {
    if (typeof typed.text !== "string") fail(`${path}.text: Field required`);
    if ((typed.text as string).length === 0) fail("messages: text content blocks must be non-empty");
  }
  if (typed.cache_control !== undefined && typed.cache_control !== null)
    typed.cache_control = cacheControl(typed.cache_control, `${path}.cache_control`);
}

function validateSystem(value: unknown): void {
  if (typeof value === "string") return;
  if (!Array.isArray(value)) fail("system: Input should be a valid string or list");
  (value as unknown[]).forEach((block, index) => {
    const path = `system.${index}`;
    validateBlock(block, path);
    if ((block as Json).type !== "text") fail(`${path}.type: Input should be 'text'`);
  });
}

function validateTools(value: unknown): void {
  if (!Array.isArray(value)) fail("tools: Input should be a valid list");
  (value as unknown[]).forEach((tool, index) => {
    const path = `tools.${index}`;
    if (!isObject(tool)) fail(`${path}: Input should be a valid dictionary or object to extract fields from`);
    const typed = tool as Json;
    if (typed.type === undefined || typed.type === "custom") {
      if (typeof typed.name !== "string") fail(`${path}.custom.name: Field required`);
      if (!/^[a-zA-Z0-9_-]{1,128}$/.test(typed.name as string))
        fail(`${path}.custom.name: String should match pattern '^[a-zA-Z0-9_-]{1,128}$'`);
      if (!isObject(typed.input_schema)) fail(`${path}.custom.input_schema: Field required`);
    } else if (WEB_SEARCH_TOOL_TYPES.has(String(typed.type))) {
      validateWebSearchTool(typed, `${path}.${String(typed.type)}`);
    }
    if (typed.cache_control !== undefined && typed.cache_control !== null)
      typed.cache_control = cacheControl(typed.cache_control, `${path}.cache_control`);
  });
}

const WEB_SEARCH_FIELDS = new Set([
  "type",
  "name",
  "allowed_callers",
  "allowed_domains",
  "blocked_domains",
  "cache_control",
  "defer_loading",
  "max_uses",
  "strict",
  "user_location",
  "response_inclusion",
]);

function validateWebSearchTool(tool: Json, path: string): void {
  for (const key of Object.keys(tool)) {
    if (!WEB_SEARCH_FIELDS.has(key)) fail(`${path}.${key}: Extra inputs are not permitted`);
  }
  if (tool.name !== "web_search") fail(`${path}.name: Input should be 'web_search'`);
  const maxUses = tool.max_uses;
  if (maxUses !== undefined && maxUses !== null) {
    if (typeof maxUses !== "number" || !Number.isInteger(maxUses))
      fail(`${path}.max_uses: Input should be a valid integer`);
    if ((maxUses as number) < 1) fail(`${path}.max_uses: Input should be greater than or equal to 1`);
  }
  for (const field of ["allowed_domains", "blocked_domains"] as const) {
    const domains = tool[field];
    if (domains === undefined || domains === null) continue;
    if (!Array.isArray(domains) || domains.some((domain) => typeof domain !== "string"))
      fail(`${path}.${field}: Input should be a valid list of strings`);
  }
  if (Array.isArray(tool.allowed_domains) && Array.isArray(tool.blocked_domains))
    fail(`${path}: allowed_domains and blocked_domains cannot be used together`);
}

function validateToolChoice(value: unknown, tools: unknown): void {
  if (!isObject(value))
    fail("tool_choice: Input should be a valid dictionary or object to extract fields from");
  const choice = value as Json;
  oneOf(choice.type, "tool_choice.type", ["auto", "any", "tool", "none"]);
  if (choice.type !== "tool") return;
  if (typeof choice.name !== "string") fail("tool_choice.tool.name: Field required");
  const names = Array.isArray(tools) ? tools.map((tool) => (isObject(tool) ? tool.name : undefined)) : [];
  if (!names.includes(choice.name)) fail(`tool_choice: tool '${String(choice.name)}' not found in 'tools'`);
}

function cacheControl(value: unknown, path: string): CacheControl {
  if (!isObject(value)) fail(`${path}: Input should be a valid dictionary or object to extract fields from`);
  const control = value as Json;
  if (control.type !== "ephemeral") fail(`${path}.type: Input should be 'ephemeral'`);
  if (control.ttl !== undefined && control.ttl !== "5m" && control.ttl !== "1h")
    fail(`${path}.ttl: Input should be '5m' or '1h'`);
  return { type: "ephemeral", ttl: control.ttl === "1h" ? "1h" : "5m" };
}

// The API's limit on metadata.user_id (an opaque id: a uuid or a hash).
const MAX_USER_ID_LENGTH = 256;

function validateMetadata(value: unknown): void {
  if (value === undefined || value === null) return;
  if (!isObject(value)) fail("metadata: Input should be a valid dictionary or object to extract fields from");
  const metadata = value as Json;
  for (const key of Object.keys(metadata)) {
    if (key !== "user_id") fail(`metadata.${key}: Extra inputs are not permitted`);
  }
  const userId = metadata.user_id;
  if (userId === undefined || userId === null) return;
  if (typeof userId !== "string") fail("metadata.user_id: Input should be a valid string");
  if ((userId as string).length > MAX_USER_ID_LENGTH)
    fail(`metadata.user_id: String should have at most ${MAX_USER_ID_LENGTH} characters`);
}

/** Models that accept a mid-conversation `role: "system"` message (Claude Opus 4.8, from 2026-05-28). */
const SYSTEM_MESSAGE_MODELS = new Set(["claude-opus-4-8"]);

/**
 * Mid-conversation system messages, checked once the model is known: only the models that take
 * them, and only where the API places them (right after a user turn; last, or before an assistant
 * turn). Returns the API's 400 message, or null.
 */
export function checkSystemMessages(messages: readonly { role: string }[], modelId: string): string | null {
  const index = messages.findIndex((message) => message.role === "system");
  if (index < 0) return null;
  if (!SYSTEM_MESSAGE_MODELS.has(modelId)) {
    return 'messages: Unexpected role "system". The Messages API accepts a top-level `system` parameter, not "system" as an input message role.';
  }
  for (const [position, message] of messages.entries()) {
    if (message.role !== "system") continue;
    const previous = messages[position - 1]?.role;
    const next = messages[position + 1]?.role;
    if (previous !== "user" || (next !== undefined && next !== "assistant")) {
      return `messages.${position}: a system message must immediately follow a user message and be the last message or be followed by an assistant message`;
    }
  }
  return null;
}

function validateSampling(request: Json): void {
  for (const field of ["temperature", "top_p"] as const) {
    const value = request[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== "number") fail(`${field}: Input should be a valid number`);
    if ((value as number) < 0) fail(`${field}: Input should be greater than or equal to 0`);
    if ((value as number) > 1) fail(`${field}: Input should be less than or equal to 1`);
  }
  const topK = request.top_k;
  if (
    topK !== undefined &&
    topK !== null &&
    (typeof topK !== "number" || !Number.isInteger(topK) || topK < 0)
  )
    fail("top_k: Input should be a valid integer greater than or equal to 0");
}

function validateThinking(request: Json): void {
  const thinking = request.thinking;
  if (thinking === undefined) return;
  if (!isObject(thinking))
    fail("thinking: Input should be a valid dictionary or object to extract fields from");
  const config = thinking as Json;
  oneOf(config.type, "thinking.type", ["enabled", "disabled", "adaptive", "between_tools"]);
  if (config.type !== "enabled") return;
  const budget = config.budget_tokens;
  if (typeof budget !== "number" || !Number.isInteger(budget))
    fail("thinking.enabled.budget_tokens: Field required");
  if ((budget as number) < 1024)
    fail("thinking.enabled.budget_tokens: Input should be greater than or equal to 1024");
  if (typeof request.max_tokens === "number" && request.max_tokens <= (budget as number))
    fail(
      "`max_tokens` must be greater than `thinking.budget_tokens`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#max-tokens-and-context-window-size",
    );
}

function validateOutputConfig(value: unknown): void {
  if (value === undefined) return;
  if (!isObject(value))
    fail("output_config: Input should be a valid dictionary or object to extract fields from");
  const config = value as Json;
  oneOf(config.effort, "output_config.effort", ["low", "medium", "high", "xhigh", "max", null]);
  const format = config.format;
  if (format === undefined || format === null) return;
  if (!isObject(format) || format.type !== "json_schema")
    fail("output_config.format.type: Input should be 'json_schema'");
  if (!isObject((format as Json).schema)) fail("output_config.format.schema: Field required");
}

function oneOf(value: unknown, path: string, allowed: readonly (string | null)[]): void {
  if (value === undefined) return;
  if (!allowed.includes(value as string | null)) {
    const names = allowed.filter((entry) => entry !== null).map((entry) => `'${entry}'`);
    const last = names.pop();
    fail(`${path}: Input should be ${names.length > 0 ? `${names.join(", ")} or ${last}` : last}`);
  }
}
