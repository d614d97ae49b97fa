import { describe, expect, it } from "vitest";
import { TelemetryError } from "../telemetry-error.js";
import { resolveStartOptions } from "./start-telemetry-options.js";

describe("startTelemetry presets", () => {
  it("defaults to the JSON-lines file", () => {
    expect(resolveStartOptions({ env: {} })).toMatchObject({
      kind: "file",
      file: "rightsize-spans.jsonl",
      serviceName: "rightsize",
    });
  });

  it("jaeger: OTLP http/protobuf to localhost:4318, traces only", () => {
    expect(resolveStartOptions({ preset: "jaeger", env: {} })).toMatchObject({
      kind: "otlp",
      protocol: "http/protobuf",
      tracesUrl: "http://localhost:4318/v1/traces",
      metrics: undefined,
    });
  });

  it("honeycomb: the team header from HONEYCOMB_API_KEY, a dataset header for metrics, EU region", () => {
    const resolved = resolveStartOptions({
      preset: "honeycomb",
      serviceName: "support-bot",
      honeycomb: { region: "eu" },
      env: { HONEYCOMB_API_KEY: "hcaik_123" },
    });
    expect(resolved).toMatchObject({
      tracesUrl: "https://api.eu1.honeycomb.io/v1/traces",
      tracesHeaders: { "x-honeycomb-team": "hcaik_123" },
      metrics: {
        url: "https://api.eu1.honeycomb.io/v1/metrics",
        headers: { "x-honeycomb-team": "hcaik_123", "x-honeycomb-dataset": "support-bot-metrics" },
      },
    });
  });

  it("jaeger honours the standard endpoint variables; an explicit endpoint wins", () => {
    const env = {
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://jaeger.internal:4318/",
      OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
    };
    expect(resolveStartOptions({ preset: "jaeger", env })).toMatchObject({
      protocol: "http/json",
      tracesUrl: "http://jaeger.internal:4318/v1/traces",
    });
    expect(
      resolveStartOptions({
        preset: "jaeger",
        env: { ...env, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://collector:4318/custom/traces" },
      }),
    ).toMatchObject({ tracesUrl: "http://collector:4318/custom/traces" });
    expect(resolveStartOptions({ preset: "jaeger", endpoint: "http://elsewhere:4318", env })).toMatchObject({
      tracesUrl: "http://elsewhere:4318/v1/traces",
    });
  });

  it("honeycomb sends to a given endpoint (a Refinery, a collector) with the same headers", () => {
    const resolved = resolveStartOptions({
      preset: "honeycomb",
      serviceName: "support-bot",
      endpoint: "http://refinery.internal:8080/",
      env: { HONEYCOMB_API_KEY: "hcaik_123" },
    });
    expect(resolved).toMatchObject({
      tracesUrl: "http://refinery.internal:8080/v1/traces",
      tracesHeaders: { "x-honeycomb-team": "hcaik_123" },
      metrics: {
        url: "http://refinery.internal:8080/v1/metrics",
        headers: { "x-honeycomb-team": "hcaik_123", "x-honeycomb-dataset": "support-bot-metrics" },
      },
    });
  });

  it("honeycomb without a key is a clear error", () => {
    expect(() => resolveStartOptions({ preset: "honeycomb", env: {} })).toThrowError(/HONEYCOMB_API_KEY/);
  });

  it("otlp: endpoints from OTEL_* (left to the exporter), protocol from OTEL_EXPORTER_OTLP_PROTOCOL", () => {
    expect(
      resolveStartOptions({
        preset: "otlp",
        env: { OTEL_EXPORTER_OTLP_PROTOCOL: "http/json", OTEL_SERVICE_NAME: "svc" },
      }),
    ).toMatchObject({
      protocol: "http/json",
      tracesUrl: undefined,
      serviceName: "svc",
    });
    expect(() =>
      resolveStartOptions({ preset: "otlp", env: { OTEL_EXPORTER_OTLP_PROTOCOL: "grpc" } }),
    ).toThrowError(expect.toSatisfy(TelemetryError.isInstance));
  });

  it("rejects bad options naming the path", () => {
    expect(() => resolveStartOptions({ preset: "otlp", endpoint: "not a url" })).toThrowError(
      /startTelemetry endpoint:/,
    );
    expect(() => resolveStartOptions({ maxQueueSize: -1 } as never)).toThrowError(/maxQueueSize/);
  });
});
