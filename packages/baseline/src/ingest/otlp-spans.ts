import {
  ATTR_ANTHROPIC_USAGE_CACHE_CREATION_1H_TOKENS,
  ATTR_ANTHROPIC_USAGE_CACHE_CREATION_5M_TOKENS,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_RS_ATTEMPT,
  ATTR_RS_COMPLEXITY,
  ATTR_RS_COST_BATCH,
  ATTR_RS_COST_FAST,
  ATTR_RS_DECISION_RULES,
  ATTR_RS_ESCALATED_AWAY,
  ATTR_RS_FEATURE,
  ATTR_RS_LATENCY_CLASS,
  ATTR_RS_MODE,
  ATTR_RS_OVERRIDE,
  ATTR_RS_QUALITY_VERDICT,
  ATTR_RS_REQUESTED_MAX_TOKENS,
  ATTR_RS_TASK_TYPE,
  ATTR_RS_TIER,
  ATTR_RS_USAGE_CACHE_WRITE_1H_TOKENS,
  ATTR_RS_USAGE_CACHE_WRITE_5M_TOKENS,
  ATTR_RS_USAGE_INFERENCE_GEO,
  ATTR_RS_USAGE_SERVICE_TIER,
  ATTR_RS_USAGE_UNCACHED_INPUT_TOKENS,
  ATTR_RS_USAGE_WEB_SEARCH_REQUESTS,
  ATTR_SAMPLE_RATE,
  SPAN_BATCH,
  SPAN_CHAT_PREFIX,
  SPAN_FEEDBACK,
  SPAN_ROUTED_REQUEST,
} from "@rightsize/contracts/semconv";
import { isUsableTimeMs, resetUsageRecord, type UsageRecord } from "../usage-record.js";
import { boolValue, nanosToMillis, numberValue, stringArrayValue, stringValue } from "./otlp-value.js";
import { badLine, type LineContext, skippedLine, unreadableReason } from "./record-sink.js";
import { sampleWeight } from "./sample-weight.js";

interface OtlpSpan {
  traceId?: unknown;
  spanId?: unknown;
  traceState?: unknown;
  name?: unknown;
  startTimeUnixNano?: unknown;
  attributes?: unknown;
  status?: { code?: unknown };
}

/**
 * Parse one OTLP JSON line (`{"resourceSpans":[{"scopeSpans":[{"spans":[...]}]}]}`) and deliver
 * each `chat *` attempt span as a UsageRecord. Parent `rightsize.request` and batch spans are
 * counted as skipped (their cost is already in the attempts); feedback spans become verdicts.
 * One JSON.parse per line; attributes are read in a single pass without building a map.
 */
export function parseOtlpLine(options: SpanLine): void {
  const { line, lineNumber, context } = options;
  let document: unknown;
  try {
    document = JSON.parse(line);
  } catch {
    badLine(context, { lineNumber, reason: "invalid JSON", text: line });
    return;
  }
  const resourceSpans = (document as { resourceSpans?: unknown } | null)?.resourceSpans;
  if (!Array.isArray(resourceSpans)) {
    badLine(context, { lineNumber, reason: "not an OTLP traces object (no resourceSpans)", text: line });
    return;
  }
  for (const resource of resourceSpans) {
    const scopeSpans = (resource as { scopeSpans?: unknown } | null)?.scopeSpans;
    if (!Array.isArray(scopeSpans)) continue;
    for (const scope of scopeSpans) {
      const spans = (scope as { spans?: unknown } | null)?.spans;
      if (!Array.isArray(spans)) continue;
      for (const span of spans) {
        try {
          readSpan(span as OtlpSpan, options);
        } catch (error) {
          // A span no reader foresaw must cost that span only, never the rest of the file.
          badLine(context, { lineNumber, reason: unreadableReason(error), text: JSON.stringify(span) });
        }
      }
    }
  }
}

/** The line being read: its text and number, where to deliver records, the record reused per span. */
interface SpanLine {
  line: string;
  lineNumber: number;
  context: LineContext;
  record: UsageRecord;
}

function readSpan(span: OtlpSpan, at: SpanLine): void {
  const { lineNumber, context } = at;
  const name = typeof span?.name === "string" ? span.name : "";
  if (name.startsWith(SPAN_CHAT_PREFIX)) {
    readAttemptSpan(span, name, at);
  } else if (name === SPAN_FEEDBACK) {
    readFeedbackSpan(span, at);
  } else if (name === SPAN_ROUTED_REQUEST || name === SPAN_BATCH) {
    skippedLine(context, "parent request/batch span (cost counted on its attempts)");
  } else if (name === "") {
    badLine(context, { lineNumber, reason: "span without a name", text: JSON.stringify(span) });
  } else {
    skippedLine(context, "span that is not a model call");
  }
}

function readAttemptSpan(span: OtlpSpan, name: string, at: SpanLine): void {
  const { lineNumber, context, record } = at;
  resetUsageRecord(record);
  record.key = spanKey(span);
  record.timeMs = nanosToMillis(span.startTimeUnixNano);
  if (!isUsableTimeMs(record.timeMs)) {
    badLine(context, {
      lineNumber,
      reason: "span without a valid startTimeUnixNano",
      text: JSON.stringify(span),
    });
    return;
  }
  const attributes = Array.isArray(span.attributes) ? span.attributes : [];
  const state: InputState = {
    input: Number.NaN,
    creation: Number.NaN,
    uncached: Number.NaN,
    write5m: Number.NaN,
    write1h: Number.NaN,
    sdk5m: Number.NaN,
    sdk1h: Number.NaN,
    sampleRate: Number.NaN,
    wrongType: "",
  };
  let requestModel = "";
  let responseModel = "";
  for (const attribute of attributes) {
    const key = (attribute as { key?: unknown })?.key;
    const value = (attribute as { value?: unknown })?.value;
    switch (key) {
      case ATTR_GEN_AI_REQUEST_MODEL:
        requestModel = stringValue(value) ?? "";
        break;
      case ATTR_GEN_AI_RESPONSE_MODEL:
        responseModel = stringValue(value) ?? "";
        break;
      case ATTR_GEN_AI_USAGE_INPUT_TOKENS:
        state.input = token(value, key, state);
        break;
      case ATTR_GEN_AI_USAGE_OUTPUT_TOKENS:
        record.output = token(value, key, state);
        break;
      case ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS:
        record.cacheRead = token(value, key, state);
        break;
      case ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS:
        state.creation = token(value, key, state);
        break;
      case ATTR_RS_USAGE_UNCACHED_INPUT_TOKENS:
        state.uncached = token(value, key, state);
        break;
      case ATTR_RS_USAGE_CACHE_WRITE_5M_TOKENS:
        state.write5m = token(value, key, state);
        break;
      case ATTR_RS_USAGE_CACHE_WRITE_1H_TOKENS:
        state.write1h = token(value, key, state);
        break;
      case ATTR_ANTHROPIC_USAGE_CACHE_CREATION_5M_TOKENS:
        state.sdk5m = token(value, key, state);
        break;
      case ATTR_ANTHROPIC_USAGE_CACHE_CREATION_1H_TOKENS:
        state.sdk1h = token(value, key, state);
        break;
      case ATTR_RS_USAGE_WEB_SEARCH_REQUESTS:
        record.webSearchRequests = token(value, key, state);
        break;
      case ATTR_RS_USAGE_SERVICE_TIER:
        record.serviceTier = serviceTier(stringValue(value), record.serviceTier);
        break;
      case ATTR_RS_COST_BATCH:
        if (boolValue(value) === true) record.serviceTier = "batch";
        break;
      case ATTR_RS_USAGE_INFERENCE_GEO:
        record.geo = stringValue(value) === "us" ? "us" : "";
        break;
      case ATTR_RS_COST_FAST:
        record.fast = boolValue(value) === true;
        break;
      case ATTR_GEN_AI_REQUEST_MAX_TOKENS:
        record.maxTokens = optionalToken(value);
        break;
      case ATTR_RS_REQUESTED_MAX_TOKENS:
        record.requestedMaxTokens = optionalToken(value);
        break;
      case ATTR_RS_TASK_TYPE:
        record.taskType = stringValue(value) || "unknown";
        break;
      case ATTR_RS_TIER:
        record.tier = stringValue(value) ?? "";
        break;
      case ATTR_RS_MODE:
        if (stringValue(value) === "batch") record.serviceTier = "batch";
        break;
      case ATTR_RS_FEATURE:
        record.feature = stringValue(value) ?? "";
        break;
      case ATTR_RS_LATENCY_CLASS: {
        const latency = stringValue(value);
        record.latencyClass = latency === "realtime" || latency === "async" ? latency : "";
        break;
      }
      case ATTR_RS_COMPLEXITY: {
        const score = numberValue(value);
        record.complexity = score >= 0 && score <= 1 ? score : -1;
        break;
      }
      case ATTR_RS_ATTEMPT:
        record.escalated = numberValue(value) > 1;
        break;
      case ATTR_RS_ESCALATED_AWAY:
        record.escalatedAway = boolValue(value) === true;
        break;
      case ATTR_RS_QUALITY_VERDICT: {
        const verdict = stringValue(value);
        record.verdict = verdict === "pass" || verdict === "fail" ? verdict : "";
        break;
      }
      case ATTR_RS_OVERRIDE:
        record.override = boolValue(value) === true;
        break;
      case ATTR_SAMPLE_RATE:
        state.sampleRate = sampleRateValue(value);
        break;
      case ATTR_RS_DECISION_RULES:
        if (stringArrayValue(value).some((rule) => rule.startsWith("override"))) record.override = true;
        break;
      default:
        // Attributes the report does not read (ids, content, the cost breakdown).
        break;
    }
  }
  record.model = responseModel || requestModel || name.slice(SPAN_CHAT_PREFIX.length);
  if (state.wrongType !== "") {
    badLine(context, {
      lineNumber,
      reason: `wrong type or negative value: ${state.wrongType}`,
      text: JSON.stringify(span),
    });
    return;
  }
  if (Number.isNaN(state.input) || Number.isNaN(record.output)) {
    if (numberValue(span.status?.code) === 2 || span.status?.code === "STATUS_CODE_ERROR") {
      skippedLine(context, "failed attempt without usage (nothing billed)");
      return;
    }
    badLine(context, {
      lineNumber,
      reason: "missing usage (gen_ai.usage.input_tokens / output_tokens)",
      text: JSON.stringify(span),
    });
    return;
  }
  splitInput(record, state);
  if (record.uncachedInput < 0) {
    badLine(context, { lineNumber, reason: "cache tokens exceed input tokens", text: JSON.stringify(span) });
    return;
  }
  const weight = sampleWeight(state.sampleRate, span.traceState);
  if (!weight.ok) {
    badLine(context, { lineNumber, reason: weight.reason, text: JSON.stringify(span) });
    return;
  }
  record.weight = weight.weight;
  context.sink.record(record);
  context.records++;
}

/** A span's identity: trace id and span id ("" when the span lacks either: it cannot be deduplicated). */
function spanKey(span: OtlpSpan): string {
  const { traceId, spanId } = span;
  return typeof traceId === "string" && typeof spanId === "string" && traceId !== "" && spanId !== ""
    ? `${traceId}/${spanId}`
    : "";
}

/** The input-side counts of one attempt span as read (NaN when absent), and the first malformed key. */
interface InputState {
  input: number;
  creation: number;
  uncached: number;
  write5m: number;
  write1h: number;
  /** The official SDK's split of cache writes on its own call span (NaN when absent). */
  sdk5m: number;
  sdk1h: number;
  /** The `SampleRate` attribute (NaN when absent). */
  sampleRate: number;
  wrongType: string;
}

/** Split the GenAI input total into Anthropic's uncached input and 5m/1h cache writes. */
function splitInput(record: UsageRecord, state: InputState): void {
  const { write5m, write1h, sdk5m, sdk1h } = state;
  const creation = Number.isNaN(state.creation) ? 0 : state.creation;
  if (!Number.isNaN(write5m) || !Number.isNaN(write1h)) {
    record.cacheWrite5m = Number.isNaN(write5m) ? 0 : write5m;
    record.cacheWrite1h = Number.isNaN(write1h) ? 0 : write1h;
  } else if (!Number.isNaN(sdk5m) && !Number.isNaN(sdk1h) && sdk5m + sdk1h === creation) {
    // The official SDK's own split on its call span, where rightsize left its own out (it does
    // when the two agree); one that does not add up to the creation total is not taken.
    record.cacheWrite5m = sdk5m;
    record.cacheWrite1h = sdk1h;
  } else {
    // Older telemetry without the split: Anthropic bills an unsplit creation total as 5m.
    record.cacheWrite5m = creation;
  }
  record.uncachedInput = Number.isNaN(state.uncached)
    ? state.input - record.cacheRead - record.cacheWrite5m - record.cacheWrite1h
    : state.uncached;
}

function token(value: unknown, key: string, state: { wrongType: string }): number {
  const count = numberValue(value);
  if (!Number.isInteger(count) || count < 0) {
    if (state.wrongType === "") state.wrongType = key;
    return 0;
  }
  return count;
}

/** `SampleRate` as an int, a double or a decimal string (some exporters stringify it); NaN when absent. */
export function sampleRateValue(value: unknown): number {
  const number = numberValue(value);
  if (!Number.isNaN(number)) return number;
  const text = stringValue(value);
  return text === undefined ? Number.NaN : text.trim() === "" ? 0 : Number(text);
}

function optionalToken(value: unknown): number {
  const count = numberValue(value);
  return Number.isInteger(count) && count > 0 ? count : 0;
}

function serviceTier(
  value: string | undefined,
  current: UsageRecord["serviceTier"],
): UsageRecord["serviceTier"] {
  return value === "batch" || value === "priority" || value === "standard" ? value : current;
}

function readFeedbackSpan(span: OtlpSpan, at: SpanLine): void {
  const { lineNumber, context } = at;
  const timeMs = nanosToMillis(span.startTimeUnixNano);
  let taskType = "unknown";
  let tier = "";
  let verdict = "";
  let sampleRate = Number.NaN;
  for (const attribute of Array.isArray(span.attributes) ? span.attributes : []) {
    const key = (attribute as { key?: unknown })?.key;
    const value = (attribute as { value?: unknown })?.value;
    if (key === ATTR_SAMPLE_RATE) sampleRate = sampleRateValue(value);
    else if (key === ATTR_RS_TASK_TYPE) taskType = stringValue(value) || "unknown";
    else if (key === ATTR_RS_TIER) tier = stringValue(value) ?? "";
    else if (key === ATTR_RS_QUALITY_VERDICT) verdict = stringValue(value) ?? "";
  }
  if (!isUsableTimeMs(timeMs) || (verdict !== "pass" && verdict !== "fail")) {
    badLine(context, {
      lineNumber,
      reason: "feedback span without a time or a pass/fail verdict",
      text: JSON.stringify(span),
    });
    return;
  }
  const weight = sampleWeight(sampleRate, span.traceState);
  if (!weight.ok) {
    badLine(context, { lineNumber, reason: weight.reason, text: JSON.stringify(span) });
    return;
  }
  // A sampled feedback span stands for `weight` verdicts, as an attempt span for that many requests.
  context.sink.verdict({ timeMs, taskType, tier, verdict, count: weight.weight, key: spanKey(span) });
  context.records++;
}
