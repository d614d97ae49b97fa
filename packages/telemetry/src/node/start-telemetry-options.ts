import type { SpanProcessor } from "@opentelemetry/sdk-trace";
import { z } from "zod";
import { TelemetryError, TelemetryErrorCode } from "../telemetry-error.js";

const positiveInteger = z.number().int().positive();

/** Options of `startTelemetry`, validated (errors name the path). */
export const startTelemetryOptionsSchema = z.object({
  /** Where spans go. Default `file`. */
  preset: z.enum(["file", "jaeger", "honeycomb", "otlp"]).default("file"),
  /** service.name; else OTEL_SERVICE_NAME; else `rightsize`. */
  serviceName: z.string().min(1).optional(),
  /** `file` preset: the JSON-lines file. Default `rightsize-spans.jsonl` in the working directory. */
  file: z.string().min(1).default("rightsize-spans.jsonl"),
  /**
   * Base URL (`/v1/traces` and `/v1/metrics` are appended). `jaeger`: else
   * OTEL_EXPORTER_OTLP_ENDPOINT, else http://localhost:4318. `honeycomb`: else the region's API
   * (a self-hosted Refinery or an OTel Collector in front of Honeycomb goes here). `otlp`: else
   * the exporters read OTEL_EXPORTER_OTLP_* themselves.
   */
  endpoint: z.url().optional(),
  /** `jaeger`/`otlp`: wire protocol; else OTEL_EXPORTER_OTLP_PROTOCOL; default http/protobuf. */
  protocol: z.enum(["http/protobuf", "http/json"]).optional(),
  honeycomb: z
    .object({
      /** Ingest key; else env HONEYCOMB_API_KEY. */
      apiKey: z.string().min(1).optional(),
      /** Metrics dataset (x-honeycomb-dataset); else env HONEYCOMB_METRICS_DATASET; else `{service}-metrics`. */
      metricsDataset: z.string().min(1).optional(),
      /** `eu` sends to api.eu1.honeycomb.io. */
      region: z.enum(["us", "eu"]).default("us"),
    })
    .default({ region: "us" }),
  metricsIntervalMillis: positiveInteger.default(60_000),
  maxQueueSize: positiveInteger.default(2048),
  maxExportBatchSize: positiveInteger.default(512),
  scheduledDelayMillis: positiveInteger.default(1000),
  exportTimeoutMillis: positiveInteger.default(10_000),
  /**
   * Share of traces kept, in (0, 1] with a whole-number reciprocal (0.1, 0.01); default 1 (all).
   * Below 1, a `ProbabilitySampler` decides by trace id and every kept span carries
   * `SampleRate` = 1/ratio. Metrics are never sampled.
   */
  samplingRatio: z.number().gt(0).lte(1).default(1),
  /** Further span processors after the preset's (e.g. a second exporter). */
  additionalSpanProcessors: z
    .array(z.custom<SpanProcessor>((value) => typeof value === "object" && value !== null))
    .default([]),
  /** The environment to read (default process.env); tests pass their own. */
  env: z.record(z.string(), z.string().optional()).optional(),
});

export type StartTelemetryOptions = z.input<typeof startTelemetryOptionsSchema>;

interface Common {
  serviceName: string;
  additionalSpanProcessors: SpanProcessor[];
  maxQueueSize: number;
  maxExportBatchSize: number;
  scheduledDelayMillis: number;
  exportTimeoutMillis: number;
  metricsIntervalMillis: number;
  samplingRatio: number;
}

/** The exporter setup a preset resolves to. */
export type ResolvedStartOptions =
  | (Common & { kind: "file"; file: string })
  | (Common & {
      kind: "otlp";
      protocol: "http/protobuf" | "http/json";
      /** undefined: the exporter reads OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT itself. */
      tracesUrl: string | undefined;
      tracesHeaders: Record<string, string> | undefined;
      metrics: { url: string | undefined; headers: Record<string, string> | undefined } | undefined;
    });

function parse(options: StartTelemetryOptions) {
  const result = startTelemetryOptionsSchema.safeParse(options);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.path.length ? issue.path.join(".") : "(options)";
  throw new TelemetryError({
    code: TelemetryErrorCode.invalidOptions,
    message: `startTelemetry ${path}: ${issue?.message ?? "invalid"}`,
    cause: result.error,
  });
}

function protocolOf(explicit: string | undefined, env: Record<string, string | undefined>) {
  const protocol =
    explicit ?? env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? env.OTEL_EXPORTER_OTLP_PROTOCOL ?? "http/protobuf";
  if (protocol === "http/protobuf" || protocol === "http/json") return protocol;
  throw new TelemetryError({
    code: TelemetryErrorCode.unsupportedProtocol,
    message: `OTLP protocol "${protocol}" is not supported here; use http/protobuf or http/json (an OTel Collector can bridge to gRPC)`,
  });
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

/** Validates the options and resolves the preset to concrete endpoints and headers. */
export function resolveStartOptions(options: StartTelemetryOptions): ResolvedStartOptions {
  const parsed = parse(options);
  const env = parsed.env ?? process.env;
  const common: Common = {
    serviceName: parsed.serviceName ?? env.OTEL_SERVICE_NAME ?? "rightsize",
    additionalSpanProcessors: parsed.additionalSpanProcessors,
    maxQueueSize: parsed.maxQueueSize,
    maxExportBatchSize: parsed.maxExportBatchSize,
    scheduledDelayMillis: parsed.scheduledDelayMillis,
    exportTimeoutMillis: parsed.exportTimeoutMillis,
    metricsIntervalMillis: parsed.metricsIntervalMillis,
    samplingRatio: parsed.samplingRatio,
  };
  const base = parsed.endpoint?.replace(/\/+$/, "");
  switch (parsed.preset) {
    case "file":
      return { ...common, kind: "file", file: parsed.file };
    case "jaeger": {
      // Jaeger v2 takes OTLP over HTTP on 4318; it stores traces only, so no metrics exporter.
      // The standard variables apply as they would to any OTLP exporter (a Jaeger elsewhere).
      const fromEnv = nonEmpty(env.OTEL_EXPORTER_OTLP_ENDPOINT)?.replace(/\/+$/, "");
      const root = base ?? fromEnv ?? "http://localhost:4318";
      const tracesUrl = base === undefined ? nonEmpty(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) : undefined;
      return {
        ...common,
        kind: "otlp",
        protocol: protocolOf(parsed.protocol, env),
        tracesUrl: tracesUrl ?? `${root}/v1/traces`,
        tracesHeaders: undefined,
        metrics: undefined,
      };
    }
    case "honeycomb": {
      const apiKey = parsed.honeycomb.apiKey ?? env.HONEYCOMB_API_KEY;
      if (apiKey === undefined || apiKey === "") {
        throw new TelemetryError({
          code: TelemetryErrorCode.missingApiKey,
          message:
            "startTelemetry honeycomb.apiKey: set HONEYCOMB_API_KEY (an ingest key) or pass honeycomb.apiKey",
        });
      }
      const root =
        base ??
        (parsed.honeycomb.region === "eu" ? "https://api.eu1.honeycomb.io" : "https://api.honeycomb.io");
      const dataset =
        parsed.honeycomb.metricsDataset ?? env.HONEYCOMB_METRICS_DATASET ?? `${common.serviceName}-metrics`;
      const headers = { "x-honeycomb-team": apiKey };
      return {
        ...common,
        kind: "otlp",
        protocol: parsed.protocol ?? "http/protobuf",
        tracesUrl: `${root}/v1/traces`,
        tracesHeaders: headers,
        metrics: { url: `${root}/v1/metrics`, headers: { ...headers, "x-honeycomb-dataset": dataset } },
      };
    }
    case "otlp": {
      const metricsOff = env.OTEL_METRICS_EXPORTER === "none";
      return {
        ...common,
        kind: "otlp",
        protocol: protocolOf(parsed.protocol, env),
        tracesUrl: base === undefined ? undefined : `${base}/v1/traces`,
        tracesHeaders: undefined,
        metrics: metricsOff
          ? undefined
          : { url: base === undefined ? undefined : `${base}/v1/metrics`, headers: undefined },
      };
    }
  }
}
