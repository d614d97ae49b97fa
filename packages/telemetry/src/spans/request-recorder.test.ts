import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import type { AnthropicUsage, AttemptStartInfo, RequestStartInfo } from "@rightsize/contracts";
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_RS_ATTEMPT,
  ATTR_RS_BASELINE_COST_PICO_USD,
  ATTR_RS_BASELINE_MODEL,
  ATTR_RS_BATCH_ID,
  ATTR_RS_BATCH_STATUS,
  ATTR_RS_COMPLEXITY,
  ATTR_RS_COST_BATCH,
  ATTR_RS_COST_PICO_USD,
  ATTR_RS_DECISION_KIND,
  ATTR_RS_DECISION_REASONS,
  ATTR_RS_DECISION_RULES,
  ATTR_RS_DECISION_TIER,
  ATTR_RS_ESCALATED_AWAY,
  ATTR_RS_ESCALATED_AWAY_REASON,
  ATTR_RS_ESCALATION_REASON,
  ATTR_RS_FEEDBACK_SOURCE,
  ATTR_RS_MAX_TOKENS_CEILING,
  ATTR_RS_OVERRIDE,
  ATTR_RS_POLICY_NAME,
  ATTR_RS_POLICY_VERSION,
  ATTR_RS_QUALITY_VERDICT,
  ATTR_RS_REQUEST_ATTEMPTS,
  ATTR_RS_REQUEST_ESCALATIONS,
  ATTR_RS_REQUEST_ID,
  ATTR_RS_REQUEST_OUTCOME,
  ATTR_RS_REQUEST_TOTAL_COST_PICO_USD,
  ATTR_RS_REQUESTED_MODEL,
  ATTR_RS_SAVINGS_BATCH_PICO_USD,
  ATTR_RS_SAVINGS_CACHING_PICO_USD,
  ATTR_RS_SAVINGS_ROUTING_PICO_USD,
  ATTR_RS_SAVINGS_TOTAL_PICO_USD,
  ATTR_RS_TASK_TYPE,
  ATTR_RS_TENANT,
  ATTR_RS_TIER,
  ATTR_SERVER_ADDRESS,
} from "@rightsize/contracts/semconv";
import { convertTokens, cost } from "@rightsize/pricing";
import { describe, expect, it } from "vitest";
import { createRightsizeTelemetry } from "../create-rightsize-telemetry.js";
import { createOtelHarness } from "../test-support/otel-harness.js";

const decision = {
  kind: "route" as const,
  tier: "haiku",
  model: "claude-haiku-4-5",
  maxTokens: 256,
  mode: "realtime" as const,
  cache: { enabled: false, ttl: "5m" as const, breakpoints: [], reason: "short prompt" },
  escalation: [{ tier: "sonnet", model: "claude-sonnet-4-6", maxTokens: 1024 }],
  matchedRules: ["classification-to-haiku"],
  reasons: ["task type classification is proven on haiku"],
  policy: { name: "support", version: "7" },
  shadow: false,
  fallback: false,
};
const start: RequestStartInfo = {
  requestId: "req-1",
  decision,
  facts: { taskType: "classification", complexity: 0.31, tenant: "acme", feature: "triage", secretNote: "x" },
  requested: { model: "claude-opus-4-7", maxTokens: 4096 },
  streaming: false,
};
/** The first attempt of the routed request above, on its decision's tier. */
const firstAttempt: AttemptStartInfo = {
  attempt: 1,
  tier: "haiku",
  model: "claude-haiku-4-5",
  maxTokens: 256,
  mode: "realtime",
  streaming: false,
};
const firstUsage: AnthropicUsage = { input_tokens: 900, output_tokens: 256, service_tier: "standard" };
const secondUsage: AnthropicUsage = {
  input_tokens: 100,
  output_tokens: 700,
  cache_read_input_tokens: 800,
  service_tier: "standard",
};

describe("routed observer", () => {
  it("records a parent request span with two attempt children, decision attributes and exact totals", () => {
    const harness = createOtelHarness();
    const telemetry = createRightsizeTelemetry({
      tracerProvider: harness.tracerProvider,
      meterProvider: harness.meterProvider,
    });
    const request = telemetry.startRequest(start);
    const first = request.startAttempt({
      ...firstAttempt,
      serverAddress: "api.anthropic.com",
      serverPort: 443,
    });
    first.end({
      response: { id: "msg_1", model: "claude-haiku-4-5", stop_reason: "max_tokens", usage: firstUsage },
      escalatedBecause: "max_tokens",
    });
    const second = request.startAttempt({
      attempt: 2,
      tier: "sonnet",
      model: "claude-sonnet-4-6",
      maxTokens: 1024,
      mode: "realtime",
      streaming: false,
      escalationReason: "max_tokens",
    });
    second.end({
      response: { id: "msg_2", model: "claude-sonnet-4-6", stop_reason: "end_turn", usage: secondUsage },
    });
    request.end({
      outcome: "ok",
      attempts: 2,
      escalations: 1,
      finalTier: "sonnet",
      finalModel: "claude-sonnet-4-6",
    });

    const parent = harness.span("rightsize.request");
    const haiku = harness.span("chat claude-haiku-4-5");
    const sonnet = harness.span("chat claude-sonnet-4-6");
    for (const child of [haiku, sonnet]) {
      expect(child.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
      expect(child.spanContext().traceId).toBe(parent.spanContext().traceId);
      expect(child.kind).toBe(SpanKind.CLIENT);
      expect(child.attributes[ATTR_RS_POLICY_NAME]).toBe("support");
      expect(child.attributes[ATTR_RS_POLICY_VERSION]).toBe("7");
      expect(child.attributes[ATTR_RS_TASK_TYPE]).toBe("classification");
      expect(child.attributes[ATTR_RS_DECISION_RULES]).toEqual(["classification-to-haiku"]);
    }
    expect(haiku.attributes[ATTR_RS_ATTEMPT]).toBe(1);
    expect(haiku.attributes[ATTR_RS_TIER]).toBe("haiku");
    expect(haiku.attributes[ATTR_RS_ESCALATED_AWAY]).toBe(true);
    expect(haiku.attributes[ATTR_RS_ESCALATED_AWAY_REASON]).toBe("max_tokens");
    expect(haiku.attributes[ATTR_SERVER_ADDRESS]).toBe("api.anthropic.com");
    expect(sonnet.attributes[ATTR_RS_ATTEMPT]).toBe(2);
    expect(sonnet.attributes[ATTR_RS_ESCALATION_REASON]).toBe("max_tokens");
    expect(sonnet.attributes[ATTR_RS_ESCALATED_AWAY]).toBeUndefined();
    // Attempt spans carry cost, not the counterfactual (that belongs to the request).
    expect(sonnet.attributes[ATTR_RS_BASELINE_COST_PICO_USD]).toBeUndefined();

    const at = new Date(parent.startTime[0] * 1000);
    const haikuCost = cost({ model: "claude-haiku-4-5", usage: firstUsage, at }).list;
    const sonnetCost = cost({ model: "claude-sonnet-4-6", usage: secondUsage, at }).list;
    expect(haiku.attributes[ATTR_RS_COST_PICO_USD]).toBe(haikuCost);
    expect(sonnet.attributes[ATTR_RS_COST_PICO_USD]).toBe(sonnetCost);
    const p = parent.attributes;
    expect(p[ATTR_RS_REQUEST_OUTCOME]).toBe("ok");
    expect(p[ATTR_RS_REQUEST_ATTEMPTS]).toBe(2);
    expect(p[ATTR_RS_REQUEST_ESCALATIONS]).toBe(1);
    expect(p[ATTR_RS_REQUEST_TOTAL_COST_PICO_USD]).toBe(haikuCost + sonnetCost);
    expect(p[ATTR_RS_DECISION_TIER]).toBe("haiku");
    expect(p[ATTR_RS_TIER]).toBe("sonnet");
    expect(p[ATTR_RS_MAX_TOKENS_CEILING]).toBe(256);
    expect(p[ATTR_RS_REQUESTED_MODEL]).toBe("claude-opus-4-7");
    expect(p[ATTR_RS_COMPLEXITY]).toBe(0.31);
    expect(p[ATTR_RS_TENANT]).toBe("acme");
    expect(Object.values(p)).not.toContain("x"); // custom facts stay out
    // Baseline: the requested model (no baselineModel configured), answer usage converted v1 → v2.
    const convert = (tokens: number) =>
      convertTokens({ tokens, from: "claude-sonnet-4-6", to: "claude-opus-4-7" });
    const baseline = cost({
      model: "claude-opus-4-7",
      usage: { input_tokens: convert(900), output_tokens: convert(700) },
      at,
    }).list;
    expect(p[ATTR_RS_BASELINE_MODEL]).toBe("claude-opus-4-7");
    expect(p[ATTR_RS_BASELINE_COST_PICO_USD]).toBe(baseline);
    const levers = [
      ATTR_RS_SAVINGS_ROUTING_PICO_USD,
      ATTR_RS_SAVINGS_CACHING_PICO_USD,
      ATTR_RS_SAVINGS_BATCH_PICO_USD,
    ];
    const sum = levers.reduce((total, name) => total + ((p[name] as number | undefined) ?? 0), 0);
    expect(sum).toBe(baseline - haikuCost - sonnetCost);
    expect(p[ATTR_RS_SAVINGS_TOTAL_PICO_USD]).toBe(sum);
    const sonnetUncached = cost({
      model: "claude-sonnet-4-6",
      usage: { input_tokens: 900, output_tokens: 700 },
      at,
    }).list;
    expect(p[ATTR_RS_SAVINGS_CACHING_PICO_USD]).toBe(sonnetUncached - sonnetCost);
  });

  it("records time to first chunk, batch membership by link, and batch status", () => {
    const harness = createOtelHarness();
    const telemetry = createRightsizeTelemetry({
      tracerProvider: harness.tracerProvider,
      meterProvider: harness.meterProvider,
    });
    const batch = telemetry.startBatch({ requestCount: 1, model: "claude-haiku-4-5" });
    const request = telemetry.startRequest({ ...start, decision: { ...decision, mode: "batch" } });
    const attempt = request.startAttempt({ ...firstAttempt, mode: "batch" });
    attempt.joinBatch(batch);
    batch.submitted({ batchId: "msgbatch_42" });
    const batchUsage = { ...firstUsage, service_tier: "batch" };
    attempt.end({
      response: { id: "msg_9", model: "claude-haiku-4-5", stop_reason: "end_turn", usage: batchUsage },
    });
    batch.end({ status: "ended", counts: { succeeded: 1, errored: 0, canceled: 0, expired: 0 } });
    request.end({
      outcome: "ok",
      attempts: 1,
      escalations: 0,
      finalTier: "haiku",
      finalModel: "claude-haiku-4-5",
    });
    const batchSpan = harness.span("rightsize.batch");
    const chat = harness.span("chat claude-haiku-4-5");
    expect(chat.links.map((link) => link.context.spanId)).toEqual([batchSpan.spanContext().spanId]);
    expect(chat.attributes[ATTR_RS_BATCH_ID]).toBe("msgbatch_42");
    expect(batchSpan.attributes[ATTR_RS_BATCH_STATUS]).toBe("ended");
    expect(chat.attributes[ATTR_RS_COST_BATCH]).toBe(true);
    expect(chat.attributes[ATTR_RS_SAVINGS_BATCH_PICO_USD]).toBeUndefined(); // on the request span
    const p = harness.span("rightsize.request").attributes;
    expect(p[ATTR_RS_SAVINGS_BATCH_PICO_USD]).toBe(chat.attributes[ATTR_RS_COST_PICO_USD]);

    const streamed = telemetry.startRequest({ ...start, streaming: true });
    const streamAttempt = streamed.startAttempt({ ...firstAttempt, streaming: true });
    streamAttempt.firstChunk();
    streamAttempt.end({ error: Object.assign(new Error("overloaded"), { type: "overloaded_error" }) });
    streamed.end({
      outcome: "error",
      attempts: 1,
      escalations: 0,
      finalTier: "haiku",
      finalModel: null,
      error: new Error("overloaded"),
    });
    const failed = harness.spans().filter((span) => span.name === "chat claude-haiku-4-5")[1];
    expect(failed?.attributes[ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK]).toBeGreaterThanOrEqual(0);
    expect(failed?.attributes[ATTR_ERROR_TYPE]).toBe("overloaded_error");
    expect(failed?.status.code).toBe(SpanStatusCode.ERROR);
  });

  it("records a rejected request as an outcome, not an error", async () => {
    const harness = createOtelHarness();
    const telemetry = createRightsizeTelemetry({
      tracerProvider: harness.tracerProvider,
      meterProvider: harness.meterProvider,
    });
    const rejected = {
      kind: "reject" as const,
      code: "budget_exhausted" as const,
      reason: "team budget spent",
      matchedRules: [],
      policy: { name: "support", version: "7" },
    };
    const request = telemetry.startRequest({ ...start, decision: rejected });
    request.end({ outcome: "rejected", attempts: 0, escalations: 0, finalTier: null, finalModel: null });
    const span = harness.span("rightsize.request");
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes[ATTR_RS_DECISION_KIND]).toBe("reject");
    expect(span.attributes[ATTR_RS_DECISION_REASONS]).toEqual(["team budget spent"]);
    const requests = await harness.points("rightsize.requests");
    expect(requests[0]?.attributes[ATTR_RS_REQUEST_OUTCOME]).toBe("rejected");
  });

  it("marks a request whose tier came from an override, on the request and its attempts (rightsize.override)", () => {
    const harness = createOtelHarness();
    const telemetry = createRightsizeTelemetry({ tracerProvider: harness.tracerProvider });
    for (const override of ["feedback", "caller", undefined] as const) {
      const overridden = { ...decision, ...(override === undefined ? {} : { override }) };
      const request = telemetry.startRequest({
        ...start,
        requestId: `req-${override}`,
        decision: overridden,
      });
      const attempt = request.startAttempt(firstAttempt);
      attempt.end({
        response: { id: "msg", model: "claude-haiku-4-5", stop_reason: "end_turn", usage: firstUsage },
      });
      request.end({
        outcome: "ok",
        attempts: 1,
        escalations: 0,
        finalTier: "haiku",
        finalModel: "claude-haiku-4-5",
      });
    }
    const byRequest = (name: string) =>
      harness
        .spans()
        .filter((span) => span.name === name)
        .map((span) => span.attributes[ATTR_RS_OVERRIDE]);
    expect(byRequest("rightsize.request")).toEqual([true, true, undefined]);
    expect(byRequest("chat claude-haiku-4-5")).toEqual([true, true, undefined]);
  });

  it("records feedback as its own span", () => {
    const harness = createOtelHarness();
    const telemetry = createRightsizeTelemetry({
      tracerProvider: harness.tracerProvider,
      meterProvider: harness.meterProvider,
    });
    telemetry.recordFeedback({
      taskType: "classification",
      tier: "haiku",
      verdict: "fail",
      requestId: "req-1",
      source: "user",
    });
    const span = harness.span("rightsize.feedback");
    expect(span.attributes).toMatchObject({
      [ATTR_RS_TASK_TYPE]: "classification",
      [ATTR_RS_TIER]: "haiku",
      [ATTR_RS_QUALITY_VERDICT]: "fail",
      [ATTR_RS_REQUEST_ID]: "req-1",
      [ATTR_RS_FEEDBACK_SOURCE]: "user",
    });
  });
  it("stamps spans and prices on a caller's clock (simulated time)", () => {
    const harness = createOtelHarness();
    let now = Date.UTC(2026, 6, 14, 9, 30);
    const telemetry = createRightsizeTelemetry({ tracerProvider: harness.tracerProvider, now: () => now });
    const request = telemetry.startRequest(start);
    const attempt = request.startAttempt(firstAttempt);
    now += 1_500;
    attempt.end({
      response: { id: "msg_1", model: "claude-haiku-4-5", stop_reason: "end_turn", usage: firstUsage },
    });
    request.end({
      outcome: "ok",
      attempts: 1,
      escalations: 0,
      finalTier: "haiku",
      finalModel: "claude-haiku-4-5",
    });
    telemetry.recordFeedback({ taskType: "classification", tier: "haiku", verdict: "pass" });
    const millis = (time: readonly [number, number]) => time[0] * 1000 + time[1] / 1e6;
    const chat = harness.span("chat claude-haiku-4-5");
    expect(millis(chat.startTime)).toBe(Date.UTC(2026, 6, 14, 9, 30));
    expect(millis(chat.endTime)).toBe(Date.UTC(2026, 6, 14, 9, 30, 1, 500));
    expect(millis(harness.span("rightsize.request").endTime)).toBe(Date.UTC(2026, 6, 14, 9, 30, 1, 500));
    expect(millis(harness.span("rightsize.feedback").startTime)).toBe(Date.UTC(2026, 6, 14, 9, 30, 1, 500));
    // Priced at the simulated day's rates: the cost equals pricing's for that date.
    const expected = cost({ model: "claude-haiku-4-5", usage: firstUsage, at: "2026-07-14" }).list;
    expect(chat.attributes[ATTR_RS_COST_PICO_USD]).toBe(expected);
  });
});
