/**
 * Attribute and span names. GenAI names are the OpenTelemetry semantic conventions v1.41.0
 * (Development stability; copied here rather than imported from
 * @opentelemetry/semantic-conventions/incubating, as its README advises), so a rename is one edit.
 * rightsize's own attributes live in the `rightsize.` namespace: no cost convention is
 * released yet (semantic-conventions-genai PR #443 is only a proposal).
 *
 * One copy for every package: telemetry writes spans by these names and the report
 * (packages/baseline) reads them, so a rename is one edit here.
 */

// --- GenAI semantic conventions v1.41.0 ---
export const ATTR_GEN_AI_OPERATION_NAME = "gen_ai.operation.name";
export const ATTR_GEN_AI_PROVIDER_NAME = "gen_ai.provider.name";
export const ATTR_GEN_AI_REQUEST_MODEL = "gen_ai.request.model";
export const ATTR_GEN_AI_REQUEST_MAX_TOKENS = "gen_ai.request.max_tokens";
export const ATTR_GEN_AI_REQUEST_TEMPERATURE = "gen_ai.request.temperature";
export const ATTR_GEN_AI_REQUEST_TOP_P = "gen_ai.request.top_p";
export const ATTR_GEN_AI_REQUEST_TOP_K = "gen_ai.request.top_k";
export const ATTR_GEN_AI_REQUEST_STREAM = "gen_ai.request.stream";
export const ATTR_GEN_AI_RESPONSE_ID = "gen_ai.response.id";
export const ATTR_GEN_AI_RESPONSE_MODEL = "gen_ai.response.model";
export const ATTR_GEN_AI_RESPONSE_FINISH_REASONS = "gen_ai.response.finish_reasons";
export const ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK = "gen_ai.response.time_to_first_chunk";
/** Conditionally required when the request asks for an output format: `text`, `json`, `image`, `speech`. */
export const ATTR_GEN_AI_OUTPUT_TYPE = "gen_ai.output.type";
export const GEN_AI_OUTPUT_TYPE_JSON = "json";
export const ATTR_GEN_AI_REQUEST_STOP_SEQUENCES = "gen_ai.request.stop_sequences";
/** Anthropic rule: input_tokens + cache_read_input_tokens + cache_creation_input_tokens. */
export const ATTR_GEN_AI_USAGE_INPUT_TOKENS = "gen_ai.usage.input_tokens";
export const ATTR_GEN_AI_USAGE_OUTPUT_TOKENS = "gen_ai.usage.output_tokens";
export const ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS = "gen_ai.usage.cache_read.input_tokens";
export const ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS = "gen_ai.usage.cache_creation.input_tokens";
export const ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS = "gen_ai.usage.reasoning.output_tokens";
export const ATTR_GEN_AI_TOKEN_TYPE = "gen_ai.token.type";
// Opt-in content attributes: only recorded when the user enables content capture.
export const ATTR_GEN_AI_INPUT_MESSAGES = "gen_ai.input.messages";
export const ATTR_GEN_AI_OUTPUT_MESSAGES = "gen_ai.output.messages";
export const ATTR_GEN_AI_SYSTEM_INSTRUCTIONS = "gen_ai.system_instructions";
export const ATTR_SERVER_ADDRESS = "server.address";
export const ATTR_SERVER_PORT = "server.port";
export const ATTR_ERROR_TYPE = "error.type";

export const GEN_AI_OPERATION_CHAT = "chat";
export const GEN_AI_PROVIDER_ANTHROPIC = "anthropic";
export const METRIC_GEN_AI_CLIENT_TOKEN_USAGE = "gen_ai.client.token.usage";
export const METRIC_GEN_AI_CLIENT_OPERATION_DURATION = "gen_ai.client.operation.duration";
/** Streaming calls only: from the request to the first chunk of the response. */
export const METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK =
  "gen_ai.client.operation.time_to_first_chunk";
/** Streaming calls only: each chunk after the first, the time since the previous one. */
export const METRIC_GEN_AI_CLIENT_OPERATION_TIME_PER_OUTPUT_CHUNK =
  "gen_ai.client.operation.time_per_output_chunk";
/** The schema of the conventions these names follow, on every rightsize instrumentation scope. */
export const SEMCONV_SCHEMA_URL = "https://opentelemetry.io/schemas/1.41.0";

// --- rightsize: raw Anthropic usage split (the GenAI totals above lose it) ---
/** Anthropic's own input_tokens: only tokens after the last cache breakpoint. */
export const ATTR_RS_USAGE_UNCACHED_INPUT_TOKENS = "rightsize.usage.uncached_input_tokens";
/**
 * Cache writes by TTL. Absent on the official SDK's call span when the SDK wrote the same split
 * there itself ({@link ATTR_ANTHROPIC_USAGE_CACHE_CREATION_5M_TOKENS}); absent elsewhere: 0.
 */
export const ATTR_RS_USAGE_CACHE_WRITE_5M_TOKENS = "rightsize.usage.cache_write_5m_tokens";
export const ATTR_RS_USAGE_CACHE_WRITE_1H_TOKENS = "rightsize.usage.cache_write_1h_tokens";
/**
 * The cache-write split as the official SDK (1.x) writes it on its own call span, from the
 * response's `usage.cache_creation`; the report reads it where rightsize left its own out.
 */
export const ATTR_ANTHROPIC_USAGE_CACHE_CREATION_5M_TOKENS =
  "anthropic.usage.cache_creation.ephemeral_5m_input_tokens";
export const ATTR_ANTHROPIC_USAGE_CACHE_CREATION_1H_TOKENS =
  "anthropic.usage.cache_creation.ephemeral_1h_input_tokens";
export const ATTR_RS_USAGE_WEB_SEARCH_REQUESTS = "rightsize.usage.web_search_requests";
export const ATTR_RS_USAGE_SERVICE_TIER = "rightsize.usage.service_tier";
export const ATTR_RS_USAGE_INFERENCE_GEO = "rightsize.usage.inference_geo";

// --- rightsize: exact cost (integer pico-dollars, 1e-12 USD; USD as a display double) ---
export const ATTR_RS_COST_PICO_USD = "rightsize.cost.pico_usd";
export const ATTR_RS_COST_CONTRACTED_PICO_USD = "rightsize.cost.contracted_pico_usd";
export const ATTR_RS_COST_USD = "rightsize.cost.usd";
/**
 * @deprecated No longer written (it repeated `rightsize.cost.usd` x 1e6, and every attribute
 * costs the OTel SDK CPU on every call): derive it from `rightsize.cost.pico_usd`.
 */
export const ATTR_RS_COST_MICRO_USD = "rightsize.cost.micro_usd";
/**
 * List cost by item as one int array, in pricing's COST_ITEMS order: input, cache_write_5m,
 * cache_write_1h, cache_read, output, web_search (0 for an item the call did not use); it sums to
 * `rightsize.cost.pico_usd`. One attribute instead of six: each costs the OTel SDK CPU per call.
 * Written only with telemetry's `costLines: true` (an array attribute costs the OTel SDK about as
 * much as seven numbers); the usage attributes and the price book give the same figures.
 */
export const ATTR_RS_COST_LINES_PICO_USD = "rightsize.cost.lines_pico_usd";
export const ATTR_RS_COST_BAND = "rightsize.cost.band";
export const ATTR_RS_COST_BATCH = "rightsize.cost.batch";
export const ATTR_RS_COST_US_RESIDENCY = "rightsize.cost.us_residency";
export const ATTR_RS_COST_FAST = "rightsize.cost.fast";
export const ATTR_RS_COST_CONFIRMED = "rightsize.cost.confirmed_prices";
export const ATTR_RS_PRICE_BOOK_VERSION = "rightsize.price_book.version";

// --- rightsize: the decision behind the call ---
export const ATTR_RS_DECISION_KIND = "rightsize.decision.kind";
export const ATTR_RS_DECISION_RULES = "rightsize.decision.rules";
export const ATTR_RS_DECISION_REASONS = "rightsize.decision.reasons";
export const ATTR_RS_DECISION_SHADOW = "rightsize.decision.shadow";
export const ATTR_RS_DECISION_FALLBACK = "rightsize.decision.fallback";
export const ATTR_RS_DECISION_TIER = "rightsize.decision.tier";
export const ATTR_RS_DECISION_MODEL = "rightsize.decision.model";
export const ATTR_RS_POLICY_NAME = "rightsize.policy.name";
export const ATTR_RS_POLICY_VERSION = "rightsize.policy.version";
export const ATTR_RS_TIER = "rightsize.tier";
export const ATTR_RS_MODE = "rightsize.mode";
export const ATTR_RS_MAX_TOKENS_CEILING = "rightsize.max_tokens.ceiling";
export const ATTR_RS_REQUESTED_MODEL = "rightsize.requested.model";
export const ATTR_RS_REQUESTED_MAX_TOKENS = "rightsize.requested.max_tokens";
export const ATTR_RS_ATTEMPT = "rightsize.attempt";
export const ATTR_RS_ESCALATION_REASON = "rightsize.escalation.reason";
/** This attempt failed a check and the request escalated past it (its cost was paid anyway). */
export const ATTR_RS_ESCALATED_AWAY = "rightsize.escalated_away";
export const ATTR_RS_TASK_TYPE = "rightsize.task_type";
export const ATTR_RS_COMPLEXITY = "rightsize.complexity";
export const ATTR_RS_TENANT = "rightsize.tenant";
export const ATTR_RS_FEATURE = "rightsize.feature";
/** "realtime" | "async": whether the caller could have waited (the batch lever's fact). */
export const ATTR_RS_LATENCY_CLASS = "rightsize.latency_class";
export const ATTR_RS_REQUEST_ID = "rightsize.request.id";

// --- rightsize: counterfactual and savings ---
export const ATTR_RS_BASELINE_MODEL = "rightsize.baseline.model";
export const ATTR_RS_BASELINE_COST_PICO_USD = "rightsize.baseline.cost_pico_usd";
export const ATTR_RS_SAVINGS_ROUTING_PICO_USD = "rightsize.savings.routing_pico_usd";
export const ATTR_RS_SAVINGS_CACHING_PICO_USD = "rightsize.savings.caching_pico_usd";
export const ATTR_RS_SAVINGS_BATCH_PICO_USD = "rightsize.savings.batch_pico_usd";
export const ATTR_RS_SAVINGS_TOTAL_PICO_USD = "rightsize.savings.total_pico_usd";

// --- rightsize: parent request span, batch span, quality ---
export const ATTR_RS_REQUEST_OUTCOME = "rightsize.request.outcome";
export const ATTR_RS_REQUEST_ATTEMPTS = "rightsize.request.attempts";
export const ATTR_RS_REQUEST_ESCALATIONS = "rightsize.request.escalations";
export const ATTR_RS_REQUEST_TOTAL_COST_PICO_USD = "rightsize.request.total_cost_pico_usd";
export const ATTR_RS_BATCH_ID = "rightsize.batch.id";
export const ATTR_RS_BATCH_SIZE = "rightsize.batch.size";
/** "pass" | "fail": a quality verdict (a caller check, or feedback). */
export const ATTR_RS_QUALITY_VERDICT = "rightsize.quality.verdict";

/**
 * The request's tier came from a quality override (the feedback loop's escalation or a
 * caller-forced tier), not from the rules: the report counts these per task.
 */
export const ATTR_RS_OVERRIDE = "rightsize.override";

/** Span names: `chat {model}` per attempt; these for the others. */
export const SPAN_CHAT_PREFIX = "chat ";
export const SPAN_ROUTED_REQUEST = "rightsize.request";
export const SPAN_BATCH = "rightsize.batch";
export const SPAN_FEEDBACK = "rightsize.feedback";

// --- rightsize: additions by the telemetry package (the report may read these too) ---
/** Why a call carries no cost attributes (e.g. `unknown_model`): the pricing error code. */
export const ATTR_RS_COST_UNPRICED_REASON = "rightsize.cost.unpriced_reason";
/** Which lever a savings metric point belongs to: routing | caching | batch. */
export const ATTR_RS_SAVINGS_LEVER = "rightsize.savings.lever";
/** Feedback span: where the verdict came from (`caller`, `eval`, `user`...). */
export const ATTR_RS_FEEDBACK_SOURCE = "rightsize.feedback.source";
/** Number of batch results read so far (batch span). */
export const ATTR_RS_BATCH_SUCCEEDED = "rightsize.batch.succeeded";
export const ATTR_RS_BATCH_ERRORED = "rightsize.batch.errored";
export const ATTR_RS_BATCH_CANCELED = "rightsize.batch.canceled";
export const ATTR_RS_BATCH_EXPIRED = "rightsize.batch.expired";
export const ATTR_RS_BATCH_STATUS = "rightsize.batch.status";
/** The batch request's custom_id (batch attempt spans). */
export const ATTR_RS_BATCH_CUSTOM_ID = "rightsize.batch.custom_id";

/** Metric names (counters in integer pico-dollars; see README for float-sum exactness). */
export const METRIC_RS_COST = "rightsize.cost";
export const METRIC_RS_BASELINE_COST = "rightsize.baseline.cost";
export const METRIC_RS_SAVINGS = "rightsize.savings";
export const METRIC_RS_REQUESTS = "rightsize.requests";
export const UNIT_PICO_USD = "{pico_usd}";
/** Why the request escalated past this attempt (`max_tokens`, `schema`, `overloaded`...). */
export const ATTR_RS_ESCALATED_AWAY_REASON = "rightsize.escalated_away.reason";

// --- sampling: what a kept span stands for ---
/**
 * Honeycomb's sampling convention: a kept span stands for this many spans (an integer, 1/rate).
 * Written by the telemetry package's probability sampler on every span it keeps, so the report
 * weighs a sampled span by it (absent: 1). The `ot=th:` tracestate threshold beside it is
 * OpenTelemetry's encoding of the same probability.
 */
export const ATTR_SAMPLE_RATE = "SampleRate";

// --- rightsize: continuous shadow eval (quality assurance) ---
/** One shadow-eval verdict: a sampled answer re-run on the next tier up and graded against it. */
export const SPAN_SHADOW_EVAL = "rightsize.shadow_eval";
/** The tier the sampled answer was compared with (the next tier up). */
export const ATTR_RS_QA_SHADOW_TIER = "rightsize.qa.shadow_tier";
/**
 * The shadow eval's own spend for this verdict (re-run and judge, batch prices), pico-dollars:
 * the report's "quality assurance" lever line sums it.
 */
export const ATTR_RS_QA_COST_PICO_USD = "rightsize.qa.cost_pico_usd";
/** The task type's window on its tier after the verdict: samples, pass rate, Wilson upper bound, bar. */
export const ATTR_RS_QA_SAMPLES = "rightsize.qa.samples";
export const ATTR_RS_QA_PASS_RATE = "rightsize.qa.pass_rate";
export const ATTR_RS_QA_UPPER_BOUND = "rightsize.qa.upper_bound";
export const ATTR_RS_QA_BAR = "rightsize.qa.bar";
/** Span event: the task's Wilson upper bound fell below its bar. */
export const EVENT_RS_QUALITY_REGRESSION = "rightsize.quality.regression";
export const METRIC_RS_QA_VERDICTS = "rightsize.qa.verdicts";
export const METRIC_RS_QA_PASS_RATE = "rightsize.qa.pass_rate";
export const METRIC_RS_QA_REGRESSIONS = "rightsize.qa.regressions";
export const METRIC_RS_QA_COST = "rightsize.qa.cost";
