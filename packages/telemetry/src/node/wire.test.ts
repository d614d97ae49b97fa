import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AttributeValue } from "@opentelemetry/api";
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from "@opentelemetry/sdk-trace";
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_RS_COST_PICO_USD,
  ATTR_RS_COST_USD,
  ATTR_RS_REQUEST_ESCALATIONS,
  ATTR_RS_USAGE_CACHE_WRITE_1H_TOKENS,
  ATTR_RS_USAGE_CACHE_WRITE_5M_TOKENS,
  ATTR_RS_USAGE_UNCACHED_INPUT_TOKENS,
} from "@rightsize/contracts/semconv";
import { cost } from "@rightsize/pricing";
import { afterEach, describe, expect, it } from "vitest";
import { expectMetricsMatchSpans } from "../test-support/expect-wire-metrics.js";
import { flattenTraceRequest, startOtlpReceiver, type WireSpan } from "../test-support/otlp-receiver.js";
import { runScenario } from "../test-support/scenario.js";
import { type StartedTelemetry, startTelemetry } from "./start-telemetry.js";

const CUMULATIVE_ONLY = { histogram: 2, counter: 2, upDownCounter: 2 };

let started: StartedTelemetry | undefined;
afterEach(async () => {
  await started?.shutdown();
  started = undefined;
});

function plain(value: AttributeValue | undefined): unknown {
  return Array.isArray(value) ? [...value] : value;
}

/** Every span the SDK finished arrives on the wire with identical ids, kind, status and attributes. */
function expectSameSpans(wire: WireSpan[], memory: ReadableSpan[]) {
  expect(wire).toHaveLength(memory.length);
  for (const span of memory) {
    const received = wire.find((candidate) => candidate.spanId === span.spanContext().spanId);
    expect(received, span.name).toBeDefined();
    if (received === undefined) continue;
    expect(received.name).toBe(span.name);
    expect(received.traceId).toBe(span.spanContext().traceId);
    expect(received.parentSpanId).toBe(span.parentSpanContext?.spanId ?? "");
    expect(received.kind).toBe(span.kind + 1);
    expect(received.status.code).toBe(span.status.code);
    expect(received.links.map((link) => link.spanId)).toEqual(span.links.map((link) => link.context.spanId));
    const expected = Object.fromEntries(
      Object.entries(span.attributes).map(([key, value]) => [key, plain(value)]),
    );
    expect(received.attributes).toEqual(expected);
    expect(received.resource["service.name"]).toBe("wire-test");
  }
}

/** Spot checks that the values on the wire are the right ones, not merely the same ones. */
function expectExactValues(wire: WireSpan[]) {
  const plainCalls = wire.filter(
    (span) => span.name === "chat claude-sonnet-4-6" && span.parentSpanId === "",
  );
  expect(plainCalls).toHaveLength(2);
  for (const span of plainCalls) {
    const attributes = span.attributes;
    // Rebuild the usage from the wire's own token attributes and price it again.
    const usage = {
      input_tokens: attributes[ATTR_RS_USAGE_UNCACHED_INPUT_TOKENS] as number,
      output_tokens: attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS] as number,
      cache_read_input_tokens: attributes[ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS] as number,
      cache_creation: {
        ephemeral_5m_input_tokens:
          (attributes[ATTR_RS_USAGE_CACHE_WRITE_5M_TOKENS] as number | undefined) ?? 0,
        ephemeral_1h_input_tokens:
          (attributes[ATTR_RS_USAGE_CACHE_WRITE_1H_TOKENS] as number | undefined) ?? 0,
      },
    };
    const breakdown = cost({ model: "claude-sonnet-4-6", usage, at: new Date() });
    expect(attributes[ATTR_RS_COST_PICO_USD]).toBe(breakdown.list);
    expect(attributes[ATTR_RS_COST_USD]).toBeCloseTo(breakdown.list / 1e12, 15);
    expect(attributes[ATTR_GEN_AI_PROVIDER_NAME]).toBe("anthropic");
  }
  expect(plainCalls[0]?.attributes[ATTR_RS_USAGE_CACHE_WRITE_1H_TOKENS]).toBeGreaterThan(0);
  expect(plainCalls[1]?.attributes[ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS]).toBeGreaterThan(0);
  const parent = wire.find((span) => span.name === "rightsize.request");
  const children = wire.filter((span) => span.parentSpanId === parent?.spanId);
  expect(children).toHaveLength(2);
  expect(parent?.attributes[ATTR_RS_REQUEST_ESCALATIONS]).toBe(1);
  const failed = wire.find((span) => span.attributes[ATTR_ERROR_TYPE] === "rate_limit_error");
  expect(failed?.status.code).toBe(2);
  expect(failed?.events[0]?.name).toBe("exception");
  expect(wire.some((span) => span.name === "rightsize.feedback")).toBe(true);
  expect(JSON.stringify(wire)).not.toContain("WIRETESTKEY");
}

/** Spans carrying gen_ai.usage.*: the scenario's model calls (2 plain that answered, 2 routed attempts). */
const usageSpans = (wire: WireSpan[]) =>
  wire.filter((span) => span.attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS] !== undefined);

describe("presets on the wire: one usage span per model call, decoded as sent", () => {
  for (const sdkTracing of [true, false]) {
    it(`honeycomb at a given endpoint (protobuf), SDK tracing ${sdkTracing ? "on" : "off"}`, async () => {
      const receiver = await startOtlpReceiver();
      try {
        started = startTelemetry({
          preset: "honeycomb",
          endpoint: receiver.url,
          serviceName: "wire-test",
          honeycomb: { apiKey: "hcaik_wire" },
          env: {},
          scheduledDelayMillis: 20,
        });
        await runScenario({ ...started, sdkTracing });
        await started.forceFlush();
        const traces = receiver.requests.filter((request) => request.path === "/v1/traces");
        expect(traces[0]?.contentType).toBe("application/x-protobuf");
        expect(traces[0]?.headers["x-honeycomb-team"]).toBe("hcaik_wire");
        const wire = receiver.traceSpans();
        expect(usageSpans(wire)).toHaveLength(4);
        for (const span of usageSpans(wire))
          expect(span.attributes[ATTR_RS_COST_PICO_USD]).toBeGreaterThan(0);
        expect(wire.filter((span) => span.name === "anthropic.messages.create")).toHaveLength(0);
      } finally {
        await started?.shutdown();
        await receiver.close();
      }
    });
  }

  it("jaeger at OTEL_EXPORTER_OTLP_ENDPOINT (JSON), SDK tracing on", async () => {
    const receiver = await startOtlpReceiver();
    try {
      started = startTelemetry({
        preset: "jaeger",
        serviceName: "wire-test",
        env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: "http/json" },
        scheduledDelayMillis: 20,
      });
      await runScenario({ ...started, sdkTracing: true });
      await started.forceFlush();
      const traces = receiver.requests.filter((request) => request.path === "/v1/traces");
      expect(traces[0]?.contentType).toBe("application/json");
      expect(usageSpans(receiver.traceSpans())).toHaveLength(4);
      // Jaeger stores traces only: no metrics were sent.
      expect(receiver.requests.some((request) => request.path === "/v1/metrics")).toBe(false);
    } finally {
      await started?.shutdown();
      await receiver.close();
    }
  });
});

describe("OTLP on the wire", () => {
  for (const protocol of ["http/protobuf", "http/json"] as const) {
    it(`sends every span and attribute with the official ${protocol} exporter`, async () => {
      const receiver = await startOtlpReceiver();
      const memory = new InMemorySpanExporter();
      try {
        started = startTelemetry({
          preset: "otlp",
          endpoint: receiver.url,
          protocol,
          serviceName: "wire-test",
          env: {},
          scheduledDelayMillis: 20,
          additionalSpanProcessors: [new SimpleSpanProcessor({ exporter: memory })],
        });
        await runScenario(started);
        await started.forceFlush();
        const traceRequests = receiver.requests.filter((request) => request.path === "/v1/traces");
        expect(traceRequests[0]?.contentType).toBe(
          protocol === "http/json" ? "application/json" : "application/x-protobuf",
        );
        const wire = receiver.traceSpans();
        expectSameSpans(wire, memory.getFinishedSpans());
        expectExactValues(wire);
        expect(started.stats()).toMatchObject({ droppedQueueFull: 0, droppedExportFailed: 0 });
        expect(started.stats().exported).toBe(memory.getFinishedSpans().length);
        // Metrics travel too, from the store startTelemetry wired into its reader: the last
        // (cumulative) export reconciles with the spans of the same calls.
        expect(started.metrics).toBeDefined();
        const metricRequests = receiver.requests.filter((request) => request.path === "/v1/metrics");
        expect(metricRequests[0]?.contentType).toBe(
          protocol === "http/json" ? "application/json" : "application/x-protobuf",
        );
        const exports = receiver.metricExports();
        expectMetricsMatchSpans(exports.at(-1) ?? [], memory.getFinishedSpans(), CUMULATIVE_ONLY);
      } finally {
        await started?.shutdown();
        await receiver.close();
      }
    });
  }

  it("follows the exporter's temporality preference: delta counters and histograms, cumulative savings", async () => {
    const receiver = await startOtlpReceiver();
    const memory = new InMemorySpanExporter();
    const previous = process.env.OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE;
    // The OTLP metric exporters read their preference from the process environment.
    process.env.OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE = "delta";
    try {
      started = startTelemetry({
        preset: "otlp",
        endpoint: receiver.url,
        serviceName: "wire-test",
        env: {},
        scheduledDelayMillis: 20,
        additionalSpanProcessors: [new SimpleSpanProcessor({ exporter: memory })],
      });
      await runScenario(started);
      await started.forceFlush();
      await started.forceFlush();
      const exports = receiver.metricExports();
      expect(exports).toHaveLength(2);
      // The first delta is everything so far, so it reconciles with the spans as a total would.
      expectMetricsMatchSpans(exports[0] ?? [], memory.getFinishedSpans(), {
        histogram: 1,
        counter: 1,
        upDownCounter: 2,
      });
      // Nothing was recorded in between: only the cumulative up-down counter is reported again.
      expect(exports[1]?.map((metric) => metric.name)).toEqual(["rightsize.savings"]);
      const [first, second] = exports.map((metrics) =>
        metrics.find((metric) => metric.name === "rightsize.savings"),
      );
      expect(second?.points.map((point) => point.value)).toEqual(first?.points.map((point) => point.value));
    } finally {
      if (previous === undefined) delete process.env.OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE;
      else process.env.OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE = previous;
      await started?.shutdown();
      await receiver.close();
    }
  });

  it("writes the Collector file-exporter format that reads back to the same spans", async () => {
    const directory = mkdtempSync(join(tmpdir(), "rightsize-telemetry-"));
    const file = join(directory, "nested", "spans.jsonl");
    const memory = new InMemorySpanExporter();
    started = startTelemetry({
      preset: "file",
      file,
      serviceName: "wire-test",
      maxExportBatchSize: 4,
      additionalSpanProcessors: [new SimpleSpanProcessor({ exporter: memory })],
    });
    await runScenario(started);
    const spans = memory.getFinishedSpans();
    await started.shutdown();
    const lines = readFileSync(file, "utf8").trimEnd().split("\n");
    expect(lines.length).toBe(Math.ceil(spans.length / 4));
    const wire: WireSpan[] = [];
    for (const line of lines) {
      const parsed = JSON.parse(line) as {
        resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<Record<string, unknown>> }> }>;
      };
      expect(Object.keys(parsed)).toEqual(["resourceSpans"]);
      for (const span of parsed.resourceSpans.flatMap((resource) =>
        resource.scopeSpans.flatMap((scope) => scope.spans),
      )) {
        // Collector format: hex ids, integer enums, 64-bit integers as strings.
        expect(span.traceId).toMatch(/^[0-9a-f]{32}$/);
        expect(span.spanId).toMatch(/^[0-9a-f]{16}$/);
        expect(typeof span.startTimeUnixNano).toBe("string");
        expect(typeof span.kind).toBe("number");
        const ints = (span.attributes as Array<{ value: Record<string, unknown> }>).filter(
          (entry) => "intValue" in entry.value,
        );
        for (const entry of ints) expect(typeof entry.value.intValue).toBe("string");
      }
      wire.push(...flattenTraceRequest(parsed));
    }
    expectSameSpans(wire, spans);
    expectExactValues(wire);
  });
});
