import { isUsableTimeMs, resetUsageRecord, type UsageRecord } from "../usage-record.js";
import { badLine, type LineContext } from "./record-sink.js";

/**
 * A plain request log: one request per JSONL line or CSV row. Field names follow the Messages
 * API `usage` object (nested under `usage` or flat), plus timestamp, model and optional
 * task_type / tier / feature / max_tokens / complexity / escalated_away / verdict / override /
 * request_id (or the response `id`: a row seen twice is counted once),
 * at the top level or under `metadata`. camelCase spellings are accepted too.
 */
type Fields = Record<string, unknown>;

const ALIASES: Record<string, readonly string[]> = {
  timestamp: ["timestamp", "time", "ts", "created_at", "createdAt", "date"],
  model: ["model", "response_model", "responseModel"],
  input: ["input_tokens", "inputTokens", "uncached_input_tokens"],
  output: ["output_tokens", "outputTokens"],
  cacheRead: ["cache_read_input_tokens", "cacheReadInputTokens", "cache_read_tokens"],
  cacheCreation: ["cache_creation_input_tokens", "cacheCreationInputTokens"],
  write5m: ["ephemeral_5m_input_tokens", "cache_write_5m_tokens", "cacheWrite5m"],
  write1h: ["ephemeral_1h_input_tokens", "cache_write_1h_tokens", "cacheWrite1h"],
  webSearchRequests: ["web_search_requests", "webSearchRequests"],
  serviceTier: ["service_tier", "serviceTier"],
  geo: ["inference_geo", "inferenceGeo"],
  taskType: ["task_type", "taskType", "task"],
  tier: ["tier"],
  feature: ["feature"],
  maxTokens: ["max_tokens", "maxTokens"],
  requestedMaxTokens: ["requested_max_tokens", "requestedMaxTokens"],
  complexity: ["complexity"],
  escalatedAway: ["escalated_away", "escalatedAway"],
  escalated: ["escalated"],
  verdict: ["verdict", "quality_verdict"],
  override: ["override"],
  latencyClass: ["latency_class", "latencyClass"],
  // The Messages API response id (msg_…) or the request-id header: one request's identity.
  requestId: ["request_id", "requestId", "id", "message_id"],
  // A sampled log: this row stands for N requests (Honeycomb's SampleRate convention).
  sampleRate: ["sample_rate", "SampleRate", "sampleRate"],
};

/** Parse one JSONL request-log line. */
export function parseRequestLogJsonLine(options: {
  line: string;
  lineNumber: number;
  context: LineContext;
  record: UsageRecord;
}): void {
  let row: unknown;
  try {
    row = JSON.parse(options.line);
  } catch {
    badLine(options.context, { lineNumber: options.lineNumber, reason: "invalid JSON", text: options.line });
    return;
  }
  if (row === null || typeof row !== "object" || Array.isArray(row)) {
    badLine(options.context, {
      lineNumber: options.lineNumber,
      reason: "not a JSON object",
      text: options.line,
    });
    return;
  }
  const flat = flatten(row as Fields);
  readFields({ ...options, fields: flat });
}

/** Merge `usage`, `usage.cache_creation`, `usage.server_tool_use` and `metadata` into one level. */
function flatten(row: Fields): Fields {
  const usage = asObject(row.usage);
  const metadata = asObject(row.metadata);
  return {
    ...metadata,
    ...asObject(usage.cache_creation),
    ...asObject(usage.server_tool_use),
    ...usage,
    ...row,
  };
}

function asObject(value: unknown): Fields {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Fields) : {};
}

/** Read one row's fields (from JSONL or from a CSV row keyed by its header) into the record. */
export function readFields(options: {
  fields: Fields;
  line: string;
  lineNumber: number;
  context: LineContext;
  record: UsageRecord;
}): void {
  const { fields, context, record } = options;
  const pick = (name: string): unknown => {
    for (const alias of ALIASES[name] ?? []) {
      const value = fields[alias];
      if (value !== undefined && value !== null && value !== "") return value;
    }
    return undefined;
  };
  resetUsageRecord(record);
  const problems: string[] = [];
  record.timeMs = parseTime(pick("timestamp"));
  if (!isUsableTimeMs(record.timeMs)) problems.push("timestamp");
  const model = pick("model");
  if (typeof model !== "string" || model === "") problems.push("model");
  else record.model = model;
  const count = (name: string, required: boolean): number => {
    const value = pick(name);
    if (value === undefined) {
      if (required) problems.push(name);
      return 0;
    }
    const parsed = typeof value === "number" ? value : typeof value === "string" ? Number(value) : Number.NaN;
    if (!Number.isInteger(parsed) || parsed < 0) {
      problems.push(name);
      return 0;
    }
    return parsed;
  };
  record.uncachedInput = count("input", true);
  record.output = count("output", true);
  record.cacheRead = count("cacheRead", false);
  const creation = count("cacheCreation", false);
  const write5m = pick("write5m");
  const write1h = pick("write1h");
  if (write5m !== undefined || write1h !== undefined) {
    record.cacheWrite5m = count("write5m", false);
    record.cacheWrite1h = count("write1h", false);
  } else {
    record.cacheWrite5m = creation; // older usage without the split is billed as 5m
  }
  record.webSearchRequests = count("webSearchRequests", false);
  const sampleRate = pick("sampleRate");
  if (sampleRate !== undefined) {
    const weight = typeof sampleRate === "number" ? sampleRate : Number(sampleRate);
    if (Number.isSafeInteger(weight) && weight >= 1) record.weight = weight;
    else problems.push("sample_rate");
  }
  record.maxTokens = count("maxTokens", false);
  record.requestedMaxTokens = count("requestedMaxTokens", false);
  if (problems.length > 0) {
    const reason = `missing or invalid field${problems.length > 1 ? "s" : ""}: ${problems.join(", ")}`;
    badLine(context, { lineNumber: options.lineNumber, reason: reason, text: options.line });
    return;
  }
  readOptionalFields(pick, record);
  context.sink.record(record);
  context.records++;
}

function readOptionalFields(pick: (name: string) => unknown, record: UsageRecord): void {
  const tier = pick("serviceTier");
  if (tier === "batch" || tier === "priority") record.serviceTier = tier;
  record.geo = pick("geo") === "us" ? "us" : "";
  record.taskType = text(pick("taskType")) || "unknown";
  record.tier = text(pick("tier"));
  record.feature = text(pick("feature"));
  const complexity = Number(pick("complexity"));
  record.complexity = Number.isFinite(complexity) && complexity >= 0 && complexity <= 1 ? complexity : -1;
  record.escalatedAway = truthy(pick("escalatedAway"));
  record.escalated = truthy(pick("escalated"));
  record.override = truthy(pick("override"));
  const verdict = pick("verdict");
  record.verdict = verdict === "pass" || verdict === "fail" ? verdict : "";
  record.key = text(pick("requestId"));
  const latency = pick("latencyClass");
  record.latencyClass = latency === "realtime" || latency === "async" ? latency : "";
}

function text(value: unknown): string {
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : "";
}

function truthy(value: unknown): boolean {
  return value === true || value === "true" || value === 1 || value === "1";
}

/** ISO 8601 text, epoch seconds or epoch milliseconds to epoch milliseconds (NaN when unusable). */
export function parseTime(value: unknown): number {
  if (typeof value === "number") return value < 1e11 ? value * 1000 : value;
  if (typeof value !== "string" || value === "") return Number.NaN;
  if (/^\d+(\.\d+)?$/.test(value)) return parseTime(Number(value));
  return Date.parse(value);
}
