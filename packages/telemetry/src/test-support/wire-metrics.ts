/** One metric data point decoded from the wire (numbers whatever the encoding sent). */
export interface WirePoint {
  attributes: Record<string, unknown>;
  startTimeUnixNano: bigint;
  timeUnixNano: bigint;
  /** Sum points. */
  value?: number;
  /** Histogram points. */
  count?: number;
  sum?: number;
  min?: number;
  max?: number;
  bucketCounts?: number[];
  explicitBounds?: number[];
}

/** One metric of one export request, decoded from OTLP (protobuf-decoded or JSON). */
export interface WireMetric {
  name: string;
  unit: string;
  description: string;
  scope: { name: string; version: string };
  kind: "sum" | "histogram" | "other";
  /** OTLP enum: 1 delta, 2 cumulative. */
  temporality: number | undefined;
  isMonotonic: boolean;
  points: WirePoint[];
}

type Json = Record<string, unknown>;

function toValue(value: Json | undefined): unknown {
  if (value === undefined) return undefined;
  if ("stringValue" in value) return value.stringValue;
  if ("boolValue" in value) return value.boolValue;
  if ("intValue" in value) return Number(value.intValue);
  if ("doubleValue" in value) return Number(value.doubleValue);
  return undefined;
}

function toAttributes(list: unknown): Record<string, unknown> {
  const attributes: Record<string, unknown> = {};
  for (const entry of (list ?? []) as Array<{ key: string; value: Json }>)
    attributes[entry.key] = toValue(entry.value);
  return attributes;
}

const number = (value: unknown): number | undefined => (value === undefined ? undefined : Number(value));

function toPoint(point: Json): WirePoint {
  const decoded: WirePoint = {
    attributes: toAttributes(point.attributes),
    startTimeUnixNano: BigInt(String(point.startTimeUnixNano ?? 0)),
    timeUnixNano: BigInt(String(point.timeUnixNano ?? 0)),
  };
  if ("asDouble" in point || "asInt" in point) decoded.value = Number(point.asDouble ?? point.asInt);
  if ("count" in point) {
    decoded.count = Number(point.count);
    decoded.sum = number(point.sum);
    decoded.min = number(point.min);
    decoded.max = number(point.max);
    decoded.bucketCounts = ((point.bucketCounts ?? []) as unknown[]).map(Number);
    decoded.explicitBounds = ((point.explicitBounds ?? []) as unknown[]).map(Number);
  }
  return decoded;
}

/** Flattens an ExportMetricsServiceRequest into its metrics. */
export function flattenMetricsRequest(request: Json): WireMetric[] {
  const metrics: WireMetric[] = [];
  for (const resource of (request.resourceMetrics ?? []) as Json[]) {
    for (const scopeMetrics of (resource.scopeMetrics ?? []) as Json[]) {
      const scope = (scopeMetrics.scope ?? {}) as { name?: string; version?: string };
      for (const metric of (scopeMetrics.metrics ?? []) as Json[]) {
        const body = (metric.sum ?? metric.histogram) as Json | undefined;
        metrics.push({
          name: String(metric.name),
          unit: String(metric.unit ?? ""),
          description: String(metric.description ?? ""),
          scope: { name: scope.name ?? "", version: scope.version ?? "" },
          kind: metric.sum !== undefined ? "sum" : metric.histogram !== undefined ? "histogram" : "other",
          temporality: number(body?.aggregationTemporality),
          isMonotonic: body?.isMonotonic === true,
          points: ((body?.dataPoints ?? []) as Json[]).map(toPoint),
        });
      }
    }
  }
  return metrics;
}
