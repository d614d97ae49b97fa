import { type AnthropicUsage, anthropicUsageOf, type TokenCounts } from "@rightsize/contracts";
import {
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  ATTR_RS_USAGE_CACHE_WRITE_1H_TOKENS,
  ATTR_RS_USAGE_CACHE_WRITE_5M_TOKENS,
  ATTR_RS_USAGE_INFERENCE_GEO,
  ATTR_RS_USAGE_SERVICE_TIER,
  ATTR_RS_USAGE_UNCACHED_INPUT_TOKENS,
  ATTR_RS_USAGE_WEB_SEARCH_REQUESTS,
} from "@rightsize/contracts/semconv";
import { type AttributeSink, ObjectSink } from "./attribute-sink.js";

/** Usage with every count a non-negative safe integer (malformed values read as 0), and its modifiers. */
export interface NormalizedUsage extends TokenCounts {
  reasoningOutput: number | undefined;
  serviceTier: string | undefined;
  inferenceGeo: string | undefined;
  speed: string | undefined;
}

function count(value: unknown): number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0 ? value : 0;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

/**
 * Reads an API usage object defensively: nulls, absent fields, negative or fractional counts
 * become 0. Cache writes: the ephemeral split when present; a total larger than the split
 * (older responses report only the total) counts the remainder as 5-minute writes.
 */
export function normalizeUsage(usage: AnthropicUsage | null | undefined): NormalizedUsage {
  const source = (usage ?? {}) as AnthropicUsage;
  const split = source.cache_creation ?? undefined;
  const write5m = count(split?.ephemeral_5m_input_tokens);
  const write1h = count(split?.ephemeral_1h_input_tokens);
  const total = count(source.cache_creation_input_tokens);
  const thinking = source.output_tokens_details?.thinking_tokens;
  return {
    uncachedInput: count(source.input_tokens),
    cacheRead: count(source.cache_read_input_tokens),
    cacheWrite5m: write5m + Math.max(0, total - write5m - write1h),
    cacheWrite1h: write1h,
    output: count(source.output_tokens),
    reasoningOutput: thinking === undefined || thinking === null ? undefined : count(thinking),
    webSearchRequests: count(source.server_tool_use?.web_search_requests),
    serviceTier: text(source.service_tier),
    inferenceGeo: text(source.inference_geo),
    speed: text(source.speed),
  };
}

/** The usage object pricing's cost() reads, rebuilt from normalized counts and modifiers. */
export function toPricingUsage(usage: NormalizedUsage): AnthropicUsage {
  const priced = anthropicUsageOf(usage);
  priced.service_tier = usage.serviceTier ?? null;
  priced.inference_geo = usage.inferenceGeo ?? null;
  priced.speed = usage.speed ?? null;
  return priced;
}

/** GenAI usage attributes (Anthropic input rule) plus rightsize's raw split, written into `attributes`. */
export function usageAttributes(
  usage: NormalizedUsage,
  attributes: Record<string, unknown> = {},
): Record<string, string | number> {
  putUsageAttributes(usage, new ObjectSink(attributes));
  return attributes as Record<string, string | number>;
}

/**
 * What the official SDK writes as `gen_ai.usage.input_tokens` on its call span for a response's
 * `usage` (its `setUsageSumAttributes`: input + cache reads + cache creation, numbers as sent).
 */
export function sdkInputTokensOf(usage: AnthropicUsage | null | undefined): number {
  if (typeof usage !== "object" || usage === null) return Number.NaN;
  const { input_tokens: input, cache_read_input_tokens: read, cache_creation_input_tokens: creation } = usage;
  if (typeof input !== "number") return Number.NaN;
  return input + (typeof read === "number" ? read : 0) + (typeof creation === "number" ? creation : 0);
}

/**
 * Whether the official SDK writes on its call span, for a response's `usage`, the same split of
 * cache writes as {@link normalizeUsage} (its `anthropic.usage.cache_creation.ephemeral_5m/1h_input_tokens`,
 * set from `usage.cache_creation` as sent): both counts given as whole non-negative numbers and no
 * unsplit remainder in `cache_creation_input_tokens` (which rightsize counts as 5m).
 */
export function sdkWritesCacheSplit(usage: AnthropicUsage | null | undefined): boolean {
  if (typeof usage !== "object" || usage === null) return false;
  const split = usage.cache_creation;
  if (typeof split !== "object" || split === null) return false;
  const write5m = split.ephemeral_5m_input_tokens;
  const write1h = split.ephemeral_1h_input_tokens;
  if (count(write5m) !== write5m || count(write1h) !== write1h) return false;
  return count(usage.cache_creation_input_tokens) <= write5m + write1h;
}

/**
 * {@link usageAttributes}, put into a sink (a span, on the hot path). `sdkUsage` is given only when
 * the sink is the official SDK's call span: the usage the SDK read for it (null where rightsize does
 * not assume the SDK's reading matches its own: a stream, which the SDK sums from its own reading of
 * the events). The SDK writes `gen_ai.usage.input_tokens` (the same Anthropic rule), `output_tokens`,
 * `cache_read.input_tokens` and `reasoning.output_tokens` from that body: those are left to it, and
 * so is `rightsize.usage.uncached_input_tokens` when the report derives the same figure from the
 * SDK's input (input − cache reads − cache writes), and the split of cache writes where the SDK
 * wrote the same one ({@link sdkWritesCacheSplit}): each attribute costs the OTel SDK CPU per call.
 */
export function putUsageAttributes(
  usage: NormalizedUsage,
  sink: AttributeSink,
  sdkUsage?: AnthropicUsage | null,
): void {
  const sdkInputTokens = sdkUsage === undefined ? undefined : sdkInputTokensOf(sdkUsage);
  const sdkCacheSplit = sdkUsage !== undefined && sdkUsage !== null && sdkWritesCacheSplit(sdkUsage);
  const cacheWrites = usage.cacheWrite5m + usage.cacheWrite1h;
  const sdkWrites = sdkInputTokens !== undefined;
  if (!sdkWrites) {
    // GenAI semconv v1.41.0 Anthropic rule: input includes cache reads and writes.
    sink.put(ATTR_GEN_AI_USAGE_INPUT_TOKENS, usage.uncachedInput + usage.cacheRead + cacheWrites);
    sink.put(ATTR_GEN_AI_USAGE_OUTPUT_TOKENS, usage.output);
    sink.put(ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS, usage.cacheRead);
    if (usage.reasoningOutput !== undefined)
      sink.put(ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS, usage.reasoningOutput);
  }
  // The SDK names cache writes `gen_ai.usage.cache_write.input_tokens`, not v1.41.0's name.
  sink.put(ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS, cacheWrites);
  if (sdkInputTokens !== usage.uncachedInput + usage.cacheRead + cacheWrites)
    sink.put(ATTR_RS_USAGE_UNCACHED_INPUT_TOKENS, usage.uncachedInput);
  // The split of cache writes and web searches: only when non-zero (absent means 0), and the
  // split not where the SDK's own attributes carry it.
  if (!sdkCacheSplit) {
    if (usage.cacheWrite5m > 0) sink.put(ATTR_RS_USAGE_CACHE_WRITE_5M_TOKENS, usage.cacheWrite5m);
    if (usage.cacheWrite1h > 0) sink.put(ATTR_RS_USAGE_CACHE_WRITE_1H_TOKENS, usage.cacheWrite1h);
  }
  if (usage.webSearchRequests > 0) sink.put(ATTR_RS_USAGE_WEB_SEARCH_REQUESTS, usage.webSearchRequests);
  // "standard" is what absence means to the report (and the common value).
  if (usage.serviceTier !== undefined && usage.serviceTier !== "standard")
    sink.put(ATTR_RS_USAGE_SERVICE_TIER, usage.serviceTier);
  if (usage.inferenceGeo !== undefined) sink.put(ATTR_RS_USAGE_INFERENCE_GEO, usage.inferenceGeo);
}
