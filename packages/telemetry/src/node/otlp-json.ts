import type { Attributes, AttributeValue, HrTime, Link } from "@opentelemetry/api";
import type { ReadableSpan, TimedEvent } from "@opentelemetry/sdk-trace";

/**
 * OTLP/JSON encoding of spans exactly as the OpenTelemetry Collector's file exporter writes it
 * (protobuf JSON mapping): ids as lowercase hex, enums as integers, 64-bit integers (timestamps,
 * intValue) as decimal strings, default-valued fields omitted. The otlp-transformer's JSON
 * serializer writes intValue as a JSON number, which is not what the Collector writes, so this
 * is our own encoder.
 */

type Json = Record<string, unknown>;

function nanos(time: HrTime): string {
  return (BigInt(time[0]) * 1_000_000_000n + BigInt(time[1])).toString();
}

function anyValue(value: AttributeValue | undefined | null): Json {
  if (typeof value === "string") return { stringValue: value };
  if (typeof value === "boolean") return { boolValue: value };
  if (typeof value === "number") {
    if (Number.isInteger(value)) return { intValue: BigInt(value).toString() };
    // Protobuf JSON spells non-finite doubles as strings.
    return { doubleValue: Number.isFinite(value) ? value : String(value) };
  }
  if (Array.isArray(value)) return { arrayValue: { values: value.map((item) => anyValue(item)) } };
  return {};
}

function keyValues(attributes: Attributes | undefined): Json[] {
  const result: Json[] = [];
  if (attributes === undefined) return result;
  for (const key of Object.keys(attributes)) result.push({ key, value: anyValue(attributes[key]) });
  return result;
}

function withDropped(target: Json, field: string, count: number | undefined): Json {
  if (count !== undefined && count > 0) target[field] = count;
  return target;
}

function event(timed: TimedEvent): Json {
  const result: Json = { timeUnixNano: nanos(timed.time), name: timed.name };
  if (timed.attributes !== undefined) result.attributes = keyValues(timed.attributes);
  return withDropped(result, "droppedAttributesCount", timed.droppedAttributesCount);
}

function link(value: Link): Json {
  const result: Json = { traceId: value.context.traceId, spanId: value.context.spanId };
  const traceState = value.context.traceState?.serialize();
  if (traceState) result.traceState = traceState;
  if (value.attributes !== undefined) result.attributes = keyValues(value.attributes);
  // HAS_IS_REMOTE (0x100) | IS_REMOTE (0x200) over the W3C flags, as the OTLP exporters send.
  result.flags = (value.context.traceFlags & 0xff) | 0x100 | (value.context.isRemote ? 0x200 : 0);
  return withDropped(result, "droppedAttributesCount", value.droppedAttributesCount);
}

/** One span in OTLP/JSON. */
export function encodeSpan(span: ReadableSpan): Json {
  const context = span.spanContext();
  const result: Json = { traceId: context.traceId, spanId: context.spanId };
  const traceState = context.traceState?.serialize();
  if (traceState) result.traceState = traceState;
  const parent = span.parentSpanContext;
  if (parent?.spanId) result.parentSpanId = parent.spanId;
  result.flags = (context.traceFlags & 0xff) | 0x100 | (parent?.isRemote ? 0x200 : 0);
  result.name = span.name;
  // OTLP SpanKind is the API's kind + 1 (0 is UNSPECIFIED).
  result.kind = span.kind + 1;
  result.startTimeUnixNano = nanos(span.startTime);
  result.endTimeUnixNano = nanos(span.endTime);
  const attributes = keyValues(span.attributes);
  if (attributes.length > 0) result.attributes = attributes;
  withDropped(result, "droppedAttributesCount", span.droppedAttributesCount);
  if (span.events.length > 0) result.events = span.events.map(event);
  withDropped(result, "droppedEventsCount", span.droppedEventsCount);
  if (span.links.length > 0) result.links = span.links.map(link);
  withDropped(result, "droppedLinksCount", span.droppedLinksCount);
  const status: Json = {};
  if (span.status.message) status.message = span.status.message;
  if (span.status.code !== 0) status.code = span.status.code;
  result.status = status;
  return result;
}

/** An ExportTraceServiceRequest in OTLP/JSON: spans grouped by resource, then by scope. */
export function encodeTraceRequest(spans: readonly ReadableSpan[]): { resourceSpans: Json[] } {
  const byResource = new Map<ReadableSpan["resource"], Map<string, ReadableSpan[]>>();
  for (const span of spans) {
    let scopes = byResource.get(span.resource);
    if (scopes === undefined) {
      scopes = new Map();
      byResource.set(span.resource, scopes);
    }
    const scope = span.instrumentationScope;
    const key = `${scope.name}@${scope.version ?? ""}@${scope.schemaUrl ?? ""}`;
    const list = scopes.get(key);
    if (list === undefined) scopes.set(key, [span]);
    else list.push(span);
  }
  const resourceSpans: Json[] = [];
  for (const [resource, scopes] of byResource) {
    const scopeSpans: Json[] = [];
    for (const list of scopes.values()) {
      const scope = (list[0] as ReadableSpan).instrumentationScope;
      const encodedScope: Json = { name: scope.name };
      if (scope.version) encodedScope.version = scope.version;
      const entry: Json = { scope: encodedScope, spans: list.map(encodeSpan) };
      if (scope.schemaUrl) entry.schemaUrl = scope.schemaUrl;
      scopeSpans.push(entry);
    }
    const entry: Json = { resource: { attributes: keyValues(resource.attributes) }, scopeSpans };
    if (resource.schemaUrl) entry.schemaUrl = resource.schemaUrl;
    resourceSpans.push(entry);
  }
  return { resourceSpans };
}
