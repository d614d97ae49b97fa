import type { Attributes } from "@opentelemetry/api";
import { seededRandom } from "@rightsize/contracts";
import { CallShapes, operationMetricAttributes } from "../internal/call-shapes.js";
import type { RecordCallOptions, TelemetryMetrics } from "../metrics/telemetry-metrics.js";
import type { Savings } from "../spans/counterfactual.js";
import { metricDimensions } from "../spans/decision-attributes.js";
import type { NormalizedUsage } from "../spans/usage.js";

const pick = <T>(random: () => number, values: readonly T[]): T =>
  values[Math.floor(random() * values.length)] as T;

// Boundary values on purpose: a boundary is an inclusive upper bound; 0, the top bucket, and a
// negative value (dropped). NaN is left out: the SDK keeps an empty point for it, the store
// drops it (see rightsize-metrics.test.ts).
const DURATIONS = [0, 0.005, 0.01, 0.0100001, 0.3, 1.28, 2.5, 81.92, 95, -1];
const TOKENS = [0, 1, 2, 4, 5, 1000, 1024, 200_000, 67_108_864, 70_000_000];
const ERROR_TYPES = [undefined, undefined, undefined, "rate_limit_error", "overloaded_error"];
const OUTCOMES = [undefined, "ok", "ok", "error", "exhausted"];

function usageOf(random: () => number): NormalizedUsage | undefined {
  if (random() < 0.15) return undefined;
  return {
    uncachedInput: pick(random, TOKENS),
    cacheRead: random() < 0.5 ? 0 : pick(random, TOKENS),
    cacheWrite5m: 0,
    cacheWrite1h: random() < 0.8 ? 0 : 3,
    output: pick(random, TOKENS),
    reasoningOutput: undefined,
    webSearchRequests: 0,
    serviceTier: undefined,
    inferenceGeo: undefined,
    speed: undefined,
  };
}

function savingsOf(random: () => number): Savings | undefined {
  if (random() < 0.4) return undefined;
  const routing = Math.floor(random() * 2_000_000) - 200_000;
  const caching = Math.floor(random() * 500_000) - 100_000;
  const batch = random() < 0.7 ? 0 : Math.floor(random() * 300_000);
  const total = routing + caching + batch;
  return { baselineModel: "claude-opus-4-7", baseline: total + 5_000_000, routing, caching, batch, total };
}

/**
 * `count` calls as the recorders make them: frozen shared sets from CallShapes (two request
 * models, answered by themselves or another model, two servers), `error.type` sets built per
 * call, frozen plain-wrapper dimensions and routed dimensions built per call (not frozen).
 */
export function recordCalls(options: { targets: TelemetryMetrics[]; count: number; seed: number }): void {
  // Seeded, so every run records the same calls.
  const random = seededRandom(options.seed);
  const shapes = new CallShapes();
  for (let index = 0; index < options.count; index += 1) {
    const model = pick(random, ["claude-haiku-4-5", "claude-sonnet-4-6"]);
    const shape = shapes.of(model, pick(random, ["api.anthropic.com", "127.0.0.1"]), 443);
    const responseModel = pick(random, [undefined, model, model, "claude-opus-4-7"]);
    const routed = random() < 0.5;
    const dimensions: Attributes = routed
      ? metricDimensions({
          model,
          tier: pick(random, ["haiku", "sonnet"]),
          mode: pick(random, ["realtime", "batch"]),
          taskType: pick(random, ["qa", "classification"]),
          policy: { name: "support", version: "7" },
        })
      : shape.realtimeDimensions;
    const call: RecordCallOptions = {
      metricAttributes: operationMetricAttributes(shape, responseModel),
      durationSeconds: pick(random, DURATIONS),
      usage: usageOf(random),
      errorType: pick(random, ERROR_TYPES),
      dimensions,
      costPicoUsd: random() < 0.2 ? undefined : Math.floor(random() * 9_000_000),
      savings: savingsOf(random),
      outcome: pick(random, OUTCOMES),
    };
    for (const target of options.targets) target.recordCall(call);
    if (random() < 0.1) for (const target of options.targets) target.recordRequest(dimensions, "rejected");
  }
}
