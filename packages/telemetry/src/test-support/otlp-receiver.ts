import { createServer } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { flattenMetricsRequest, type WireMetric } from "./wire-metrics.js";

const require = createRequire(import.meta.url);
// The generated protobuf code of @opentelemetry/otlp-transformer 0.57 (the last release that
// shipped it): the official OTLP message definitions, decoding what the official exporter sends.
const root = require("otlp-transformer-0-57/build/src/generated/root.js") as {
  opentelemetry: {
    proto: {
      collector: {
        trace: { v1: { ExportTraceServiceRequest: ProtoType } };
        metrics: { v1: { ExportMetricsServiceRequest: ProtoType } };
      };
    };
  };
};
interface ProtoType {
  decode(buffer: Uint8Array): unknown;
  toObject(message: unknown, options: Record<string, unknown>): Record<string, unknown>;
}
const ExportTraceServiceRequest = root.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
const ExportMetricsServiceRequest = root.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;

/** One received OTLP request. */
export interface ReceivedRequest {
  path: string;
  contentType: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A span decoded from the wire to plain values (ids hex, attributes as JS values). */
export interface WireSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
  status: { code: number; message: string };
  links: Array<{ traceId: string; spanId: string }>;
  events: Array<{ name: string; attributes: Record<string, unknown> }>;
  resource: Record<string, unknown>;
}

type AnyValue = Record<string, unknown>;

function toValue(value: AnyValue | undefined): unknown {
  if (value === undefined) return undefined;
  if ("stringValue" in value) return value.stringValue;
  if ("boolValue" in value) return value.boolValue;
  if ("intValue" in value) return Number(value.intValue);
  if ("doubleValue" in value) return Number(value.doubleValue);
  if ("arrayValue" in value) {
    const values = ((value.arrayValue as { values?: AnyValue[] }).values ?? []) as AnyValue[];
    return values.map(toValue);
  }
  return undefined;
}

function toAttributes(list: unknown): Record<string, unknown> {
  const attributes: Record<string, unknown> = {};
  for (const entry of (list ?? []) as Array<{ key: string; value: AnyValue }>)
    attributes[entry.key] = toValue(entry.value);
  return attributes;
}

function hex(value: unknown): string {
  if (value === undefined || value === null || value === "") return "";
  if (typeof value === "string") return value;
  return Buffer.from(value as Uint8Array).toString("hex");
}

/** Flattens an ExportTraceServiceRequest (protobuf-decoded or JSON) into WireSpans. */
export function flattenTraceRequest(request: Record<string, unknown>): WireSpan[] {
  const spans: WireSpan[] = [];
  for (const resourceSpans of (request.resourceSpans ?? []) as Array<Record<string, unknown>>) {
    const resource = toAttributes(
      (resourceSpans.resource as { attributes?: unknown } | undefined)?.attributes,
    );
    for (const scopeSpans of (resourceSpans.scopeSpans ?? []) as Array<Record<string, unknown>>) {
      for (const span of (scopeSpans.spans ?? []) as Array<Record<string, unknown>>) {
        const status = (span.status ?? {}) as { code?: number; message?: string };
        spans.push({
          traceId: hex(span.traceId),
          spanId: hex(span.spanId),
          parentSpanId: hex(span.parentSpanId),
          name: String(span.name),
          kind: Number(span.kind ?? 0),
          attributes: toAttributes(span.attributes),
          status: { code: Number(status.code ?? 0), message: status.message ?? "" },
          links: ((span.links ?? []) as Array<Record<string, unknown>>).map((link) => ({
            traceId: hex(link.traceId),
            spanId: hex(link.spanId),
          })),
          events: ((span.events ?? []) as Array<Record<string, unknown>>).map((event) => ({
            name: String(event.name),
            attributes: toAttributes(event.attributes),
          })),
          resource,
        });
      }
    }
  }
  return spans;
}

/**
 * A local OTLP/HTTP receiver: records every request and answers 200 (or hangs, or fails, when
 * told to). `traceSpans()` decodes every /v1/traces request, protobuf or JSON; `metricExports()`
 * every /v1/metrics request, one list of metrics per request.
 */
export async function startOtlpReceiver(options: { mode?: "ok" | "hang" | "fail" } = {}) {
  const requests: ReceivedRequest[] = [];
  const hanging: Array<() => void> = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      let body = Buffer.concat(chunks);
      if (request.headers["content-encoding"] === "gzip") body = gunzipSync(body);
      requests.push({
        path: request.url ?? "",
        contentType: String(request.headers["content-type"] ?? ""),
        headers: request.headers,
        body,
      });
      if (options.mode === "hang") {
        hanging.push(() => response.destroy());
        return;
      }
      response.writeHead(options.mode === "fail" ? 503 : 200, { "content-type": "application/json" });
      response.end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    traceSpans(): WireSpan[] {
      const spans: WireSpan[] = [];
      for (const received of requests) {
        if (received.path !== "/v1/traces") continue;
        const request = received.contentType.includes("json")
          ? (JSON.parse(received.body.toString("utf8")) as Record<string, unknown>)
          : ExportTraceServiceRequest.toObject(ExportTraceServiceRequest.decode(received.body), {
              longs: String,
              enums: Number,
              defaults: false,
            });
        spans.push(...flattenTraceRequest(request));
      }
      return spans;
    },
    metricExports(): WireMetric[][] {
      return requests
        .filter((received) => received.path === "/v1/metrics")
        .map((received) =>
          flattenMetricsRequest(
            received.contentType.includes("json")
              ? (JSON.parse(received.body.toString("utf8")) as Record<string, unknown>)
              : ExportMetricsServiceRequest.toObject(ExportMetricsServiceRequest.decode(received.body), {
                  longs: String,
                  enums: Number,
                  defaults: false,
                }),
          ),
        );
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const release of hanging) release();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
