import Anthropic from "@anthropic-ai/sdk";
import { context } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import type { ReadableSpan } from "@opentelemetry/sdk-trace";
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_RS_ATTEMPT,
  ATTR_RS_BASELINE_COST_PICO_USD,
  ATTR_RS_COST_PICO_USD,
  ATTR_RS_DECISION_TIER,
  ATTR_RS_ESCALATED_AWAY,
  ATTR_RS_REQUEST_TOTAL_COST_PICO_USD,
  SPAN_ROUTED_REQUEST,
} from "@rightsize/contracts/semconv";
import { type Emulator, startEmulator } from "@rightsize/emulator";
import { createRoutedClient, defaultPolicy, routingOf } from "@rightsize/policy";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createRightsizeTelemetry } from "./create-rightsize-telemetry.js";
import { SDK_CALL_SPAN_NAME } from "./instrumentation/sdk-call-span.js";
import { createOtelHarness } from "./test-support/otel-harness.js";

// Exactly one span per model call carries gen_ai.usage.*: where the official SDK traces its own
// call, rightsize writes onto the SDK's span instead of making a second one; where it does not,
// rightsize makes the span. A backend summing tokens over spans counts every token once.

const SDK_SCOPE = "com.anthropic.sdk.typescript";
let emulator: Emulator;
const contextManager = new AsyncLocalStorageContextManager();
beforeAll(async () => {
  // The SDK makes its call span active during the HTTP attempts, where the routed client runs.
  context.setGlobalContextManager(contextManager.enable());
  emulator = await startEmulator({ seed: 5 });
});
afterAll(async () => {
  await emulator?.close();
  context.disable();
});

function setup(sdkTracing: boolean) {
  const harness = createOtelHarness();
  const telemetry = createRightsizeTelemetry({
    tracerProvider: harness.tracerProvider,
    meterProvider: harness.meterProvider,
    baselineModel: "claude-opus-4-7",
  });
  const sdk = new Anthropic({
    apiKey: "test",
    baseURL: emulator.url,
    maxRetries: 0,
    openTelemetry: sdkTracing ? { tracerProvider: harness.tracerProvider } : false,
  });
  return { harness, telemetry, sdk };
}

const carriesUsage = (span: ReadableSpan) =>
  span.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS] !== undefined ||
  span.attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS] !== undefined;
const usageSpans = (spans: ReadableSpan[]) => spans.filter(carriesUsage);
const scopeOf = (span: ReadableSpan) => span.instrumentationScope.name;

const params = (task: string) => ({
  model: "claude-sonnet-4-6",
  max_tokens: 300,
  messages: [
    { role: "user" as const, content: `[[emulator task=${task} difficulty=0.2]] Can I get a refund?` },
  ],
});

describe("one usage-carrying span per model call", () => {
  it("plain call: the SDK's span, renamed chat {model}, carries usage, cost and counterfactual", async () => {
    const { harness, telemetry, sdk } = setup(true);
    const client = telemetry.instrumentAnthropic(sdk);
    const message = await client.messages.create(params("qa"));
    const spans = harness.spans();
    expect(spans).toHaveLength(1);
    const [span] = usageSpans(spans);
    expect(scopeOf(span!)).toBe(SDK_SCOPE);
    expect(span!.name).toBe("chat claude-sonnet-4-6");
    expect(span!.attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]).toBe(message.usage.output_tokens);
    // The SDK writes the token counts by the same Anthropic rule rightsize writes its own by.
    expect(span!.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBe(
      message.usage.input_tokens +
        (message.usage.cache_read_input_tokens ?? 0) +
        (message.usage.cache_creation_input_tokens ?? 0),
    );
    expect(span!.attributes[ATTR_RS_COST_PICO_USD]).toBeGreaterThan(0);
    expect(span!.attributes[ATTR_RS_BASELINE_COST_PICO_USD]).toBeGreaterThan(0);
  });

  it("streams (create with stream: true, and messages.stream): one span each, cost and first chunk on it", async () => {
    const { harness, telemetry, sdk } = setup(true);
    const client = telemetry.instrumentAnthropic(sdk);
    const stream = await client.messages.create({ ...params("qa"), stream: true });
    for await (const _event of stream) {
      // read to the end
    }
    await client.messages.stream(params("qa")).finalMessage();
    const spans = harness.spans();
    expect(usageSpans(spans)).toHaveLength(2);
    expect(spans).toHaveLength(2);
    for (const span of spans) {
      expect(scopeOf(span)).toBe(SDK_SCOPE);
      expect(span.attributes[ATTR_RS_COST_PICO_USD]).toBeGreaterThan(0);
      expect(span.attributes[ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK]).toBeGreaterThan(0);
    }
  });

  it("a failed call and a stream broken off still get rightsize's attributes on the SDK's span", async () => {
    const { harness, telemetry, sdk } = setup(true);
    const client = telemetry.instrumentAnthropic(sdk);
    await expect(client.messages.create({ ...params("qa"), model: "claude-nope-1" })).rejects.toThrow();
    const stream = await client.messages.create({ ...params("qa"), stream: true });
    for await (const _event of stream) break;
    // asResponse(): rightsize never sees the body, the SDK's span still ends.
    await client.messages.create(params("qa")).asResponse();
    await vi.waitFor(() => expect(harness.spans()).toHaveLength(3));
    const [failed, broken, raw] = harness.spans();
    expect(failed!.name).toBe("chat claude-nope-1");
    expect(failed!.attributes[ATTR_ERROR_TYPE]).toBeDefined();
    expect(failed!.events.map((event) => event.name)).toContain("exception");
    expect(broken!.name).toBe("chat claude-sonnet-4-6");
    expect(broken!.attributes[ATTR_RS_COST_PICO_USD]).toBeGreaterThan(0);
    expect(raw!.instrumentationScope.name).toBe(SDK_SCOPE);
    for (const span of harness.spans()) expect(span.instrumentationScope.name).toBe(SDK_SCOPE);
  });

  it("SDK tracing off: rightsize makes the one span itself", async () => {
    const { harness, telemetry, sdk } = setup(false);
    const client = telemetry.instrumentAnthropic(sdk);
    await client.messages.create(params("qa"));
    const stream = await client.messages.create({ ...params("qa"), stream: true });
    for await (const _event of stream) {
      // read to the end
    }
    const spans = harness.spans();
    expect(usageSpans(spans)).toHaveLength(2);
    for (const span of spans) expect(scopeOf(span)).toBe("@rightsize/telemetry");
  });

  it("routed with an escalation: the answer on the SDK's span, the attempt moved past on its own", async () => {
    const { harness, telemetry, sdk } = setup(true);
    const client = createRoutedClient({ client: sdk, policy: defaultPolicy(), observer: telemetry });
    let seen = 0;
    const message = await client.messages.create(
      {
        model: "claude-opus-4-7",
        max_tokens: 400,
        messages: [
          {
            role: "user",
            content: "[[emulator task=classification difficulty=0.3]] Classify: charged twice.",
          },
        ],
      },
      {
        rightsize: {
          facts: { taskType: "classification" },
          validate: () => (seen++ === 0 ? "first answer rejected" : true),
        },
      },
    );
    const routing = routingOf(message)!;
    expect(routing.attempts).toBe(2);
    const spans = harness.spans();
    const withUsage = usageSpans(spans);
    expect(withUsage).toHaveLength(2);
    const sdkSpan = withUsage.find((span) => scopeOf(span) === SDK_SCOPE)!;
    const movedPast = withUsage.find((span) => scopeOf(span) !== SDK_SCOPE)!;
    const request = spans.find((span) => span.name === SPAN_ROUTED_REQUEST)!;
    // The SDK's call span wraps the routed request (the routing runs inside the SDK's call); the
    // request span is the parent of the attempt it moved past.
    expect(request.parentSpanContext?.spanId).toBe(sdkSpan.spanContext().spanId);
    expect(movedPast.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
    expect(movedPast.attributes[ATTR_RS_ATTEMPT]).toBe(1);
    expect(movedPast.attributes[ATTR_RS_ESCALATED_AWAY]).toBe(true);
    expect(sdkSpan.attributes[ATTR_RS_ATTEMPT]).toBe(2);
    expect(sdkSpan.name).toBe(`chat ${message.model}`);
    expect(sdkSpan.attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]).toBe(message.usage.output_tokens);
    expect(sdkSpan.attributes[ATTR_RS_DECISION_TIER]).toBe(routing.tiersTried[0]);
    const costs = withUsage.map((span) => span.attributes[ATTR_RS_COST_PICO_USD] as number);
    expect(request.attributes[ATTR_RS_REQUEST_TOTAL_COST_PICO_USD]).toBe(costs[0]! + costs[1]!);
  });

  it("routed stream: one usage span, the SDK's", async () => {
    const { harness, telemetry, sdk } = setup(true);
    const client = createRoutedClient({ client: sdk, policy: defaultPolicy(), observer: telemetry });
    const message = await client.messages.stream(params("classification")).finalMessage();
    // The request ends after its checks and budget settlement, a moment after the caller's read.
    await vi.waitFor(() =>
      expect(harness.spans().some((span) => span.name === SPAN_ROUTED_REQUEST)).toBe(true),
    );
    const withUsage = usageSpans(harness.spans());
    expect(withUsage).toHaveLength(1);
    expect(scopeOf(withUsage[0]!)).toBe(SDK_SCOPE);
    expect(withUsage[0]!.attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]).toBe(message.usage.output_tokens);
    expect(withUsage[0]!.attributes[ATTR_RS_COST_PICO_USD]).toBeGreaterThan(0);
  });

  it("batches: one usage span per request (its attempt), none on the SDK's batch spans", async () => {
    const { harness, telemetry, sdk } = setup(true);
    const client = telemetry.instrumentAnthropic(sdk);
    const request = (id: string) => ({ custom_id: id, params: params("classification") });
    const batch = await client.messages.batches.create({ requests: [request("a"), request("b")] });
    let status = batch.processing_status;
    for (let poll = 0; status !== "ended" && poll < 100; poll += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      status = (await client.messages.batches.retrieve(batch.id)).processing_status;
    }
    for await (const _line of await client.messages.batches.results(batch.id)) {
      // read every result
    }
    const spans = harness.spans();
    const withUsage = usageSpans(spans);
    expect(withUsage).toHaveLength(2);
    for (const span of withUsage) expect(span.attributes[ATTR_RS_COST_PICO_USD]).toBeGreaterThan(0);
    expect(spans.some((span) => span.name.startsWith("anthropic.messages.batches"))).toBe(true);
    expect(spans.some((span) => span.name === SDK_CALL_SPAN_NAME)).toBe(false);
  });
});
