/**
 * The span attribute names the ingest reads. These are copies of the constants in
 * packages/telemetry/src/semconv.ts (GenAI semconv v1.41.0 + the `rightsize.` namespace):
 * baseline may not depend on telemetry (DESIGN.md), so change both files together.
 */
export const ATTR_GEN_AI_OPERATION_NAME = "gen_ai.operation.name";
export const ATTR_GEN_AI_REQUEST_MODEL = "gen_ai.request.model";
export const ATTR_GEN_AI_RESPONSE_MODEL = "gen_ai.response.model";
export const ATTR_GEN_AI_REQUEST_MAX_TOKENS = "gen_ai.request.max_tokens";
/** Anthropic rule: input_tokens + cache_read_input_tokens + cache_creation_input_tokens. */
export const ATTR_GEN_AI_USAGE_INPUT_TOKENS = "gen_ai.usage.input_tokens";
export const ATTR_GEN_AI_USAGE_OUTPUT_TOKENS = "gen_ai.usage.output_tokens";
export const ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS = "gen_ai.usage.cache_read.input_tokens";
export const ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS = "gen_ai.usage.cache_creation.input_tokens";

export const ATTR_RS_USAGE_UNCACHED_INPUT_TOKENS = "rightsize.usage.uncached_input_tokens";
export const ATTR_RS_USAGE_CACHE_WRITE_5M_TOKENS = "rightsize.usage.cache_write_5m_tokens";
export const ATTR_RS_USAGE_CACHE_WRITE_1H_TOKENS = "rightsize.usage.cache_write_1h_tokens";
export const ATTR_RS_USAGE_WEB_SEARCH_REQUESTS = "rightsize.usage.web_search_requests";
export const ATTR_RS_USAGE_SERVICE_TIER = "rightsize.usage.service_tier";
export const ATTR_RS_USAGE_INFERENCE_GEO = "rightsize.usage.inference_geo";
export const ATTR_RS_COST_BATCH = "rightsize.cost.batch";
export const ATTR_RS_COST_FAST = "rightsize.cost.fast";

export const ATTR_RS_DECISION_RULES = "rightsize.decision.rules";
export const ATTR_RS_TIER = "rightsize.tier";
export const ATTR_RS_MODE = "rightsize.mode";
export const ATTR_RS_REQUESTED_MAX_TOKENS = "rightsize.requested.max_tokens";
export const ATTR_RS_ATTEMPT = "rightsize.attempt";
/** This attempt failed a check and the request escalated past it (its cost was paid anyway). */
export const ATTR_RS_ESCALATED_AWAY = "rightsize.escalated_away";
export const ATTR_RS_TASK_TYPE = "rightsize.task_type";
export const ATTR_RS_COMPLEXITY = "rightsize.complexity";
export const ATTR_RS_FEATURE = "rightsize.feature";
export const ATTR_RS_LATENCY_CLASS = "rightsize.latency_class";
export const ATTR_RS_QUALITY_VERDICT = "rightsize.quality.verdict";
/**
 * Not (yet) in telemetry's semconv.ts: a request whose tier came from a quality override
 * (the feedback loop's escalation or a caller-forced tier). Also inferred from a matched rule
 * whose name starts with "override".
 */
export const ATTR_RS_OVERRIDE = "rightsize.override";

/** Span names: attempts are `chat {model}`; these others are read for quality or skipped. */
export const SPAN_CHAT_PREFIX = "chat ";
export const SPAN_ROUTED_REQUEST = "rightsize.request";
export const SPAN_BATCH = "rightsize.batch";
export const SPAN_FEEDBACK = "rightsize.feedback";

/** Recorded money (integer pico-dollars at list prices), read by the measured comparison. */
export const ATTR_RS_COST_PICO_USD = "rightsize.cost.pico_usd";
/** Why an attempt carries no cost (the pricing error code when it was recorded). */
export const ATTR_RS_COST_UNPRICED_REASON = "rightsize.cost.unpriced_reason";
/**
 * Per-request counterfactual: on the parent `rightsize.request` span for routed requests, on
 * the attempt span itself for a plainly instrumented call. Caching and batch: absent means 0.
 */
export const ATTR_RS_BASELINE_MODEL = "rightsize.baseline.model";
export const ATTR_RS_BASELINE_COST_PICO_USD = "rightsize.baseline.cost_pico_usd";
export const ATTR_RS_SAVINGS_ROUTING_PICO_USD = "rightsize.savings.routing_pico_usd";
export const ATTR_RS_SAVINGS_CACHING_PICO_USD = "rightsize.savings.caching_pico_usd";
export const ATTR_RS_SAVINGS_BATCH_PICO_USD = "rightsize.savings.batch_pico_usd";
export const ATTR_RS_SAVINGS_TOTAL_PICO_USD = "rightsize.savings.total_pico_usd";
