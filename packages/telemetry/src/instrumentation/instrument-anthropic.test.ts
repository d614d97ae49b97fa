import Anthropic from "@anthropic-ai/sdk";
import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import type { AnthropicUsage } from "@rightsize/contracts";
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_GEN_AI_TOKEN_TYPE,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_RS_BASELINE_COST_PICO_USD,
  ATTR_RS_BASELINE_MODEL,
  ATTR_RS_BATCH_ERRORED,
  ATTR_RS_BATCH_ID,
  ATTR_RS_BATCH_SUCCEEDED,
  ATTR_RS_COST_BAND,
  ATTR_RS_COST_BATCH,
  ATTR_RS_COST_CONFIRMED,
  ATTR_RS_COST_CONTRACTED_PICO_USD,
  ATTR_RS_COST_LINES_PICO_USD,
  ATTR_RS_COST_MICRO_USD,
  ATTR_RS_COST_PICO_USD,
  ATTR_RS_COST_UNPRICED_REASON,
  ATTR_RS_COST_USD,
  ATTR_RS_FEATURE,
  ATTR_RS_MODE,
  ATTR_RS_REQUEST_OUTCOME,
  ATTR_RS_SAVINGS_BATCH_PICO_USD,
  ATTR_RS_SAVINGS_CACHING_PICO_USD,
  ATTR_RS_SAVINGS_LEVER,
  ATTR_RS_SAVINGS_ROUTING_PICO_USD,
  ATTR_RS_SAVINGS_TOTAL_PICO_USD,
  ATTR_RS_TASK_TYPE,
  ATTR_RS_TENANT,
  ATTR_RS_USAGE_CACHE_WRITE_1H_TOKENS,
  ATTR_RS_USAGE_CACHE_WRITE_5M_TOKENS,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
} from "@rightsize/contracts/semconv";
import { COST_ITEMS, type ContractedRates, convertTokens, cost } from "@rightsize/pricing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRightsizeTelemetry } from "../create-rightsize-telemetry.js";
import { type FakeReply, startFakeMessagesServer } from "../test-support/fake-messages-server.js";
import { createOtelHarness, type HarnessMetricsPath } from "../test-support/otel-harness.js";

const API_KEY = "sk-ant-api03-SECRETSECRETSECRET";
const usage: AnthropicUsage = {
  input_tokens: 1200,
  output_tokens: 340,
  cache_read_input_tokens: 5000,
  cache_creation_input_tokens: 3000,
  cache_creation: { ephemeral_5m_input_tokens: 1000, ephemeral_1h_input_tokens: 2000 },
  service_tier: "standard",
};

let server: Awaited<ReturnType<typeof startFakeMessagesServer>>;
let nextReply: (body: Record<string, unknown>) => FakeReply = () => ({ usage });

beforeAll(async () => {
  server = await startFakeMessagesServer((body) => nextReply(body));
});
afterAll(async () => {
  await server.close();
});

function setup(
  options: {
    captureContent?: boolean;
    baselineModel?: string;
    metrics?: HarnessMetricsPath;
    /** Default true here: the cost tests check the lines (the library's default is false). */
    costLines?: boolean;
    /**
     * The SDK traces its own calls into the harness (rightsize writes onto its span: the plain
     * call's fast path). Default false: rightsize makes the span.
     */
    sdkTracing?: boolean;
  } = {},
) {
  const harness = createOtelHarness({ metrics: options.metrics });
  const telemetry = createRightsizeTelemetry({
    tracerProvider: harness.tracerProvider,
    meterProvider: harness.meterProvider,
    baselineModel: options.baselineModel ?? "claude-opus-4-7",
    captureContent: options.captureContent,
    costLines: options.costLines ?? true,
  });
  const client = telemetry.instrumentAnthropic(
    new Anthropic({
      apiKey: API_KEY,
      baseURL: server.url,
      maxRetries: 0,
      openTelemetry: options.sdkTracing === true ? { tracerProvider: harness.tracerProvider } : false,
    }),
  );
  return { harness, telemetry, client };
}

const params = {
  model: "claude-sonnet-4-6",
  max_tokens: 512,
  temperature: 0.2,
  system: "You are terse.",
  messages: [{ role: "user" as const, content: "Summarize the quarterly report." }],
};

/** Reads an attribute with the README's "absent means" rule. */
function read(attributes: Record<string, unknown>, name: string, absent: unknown): unknown {
  return attributes[name] ?? absent;
}

function expectExactCost(
  attributes: Record<string, unknown>,
  call: { model: string; usage: AnthropicUsage; at: Date; rates?: ContractedRates },
) {
  const breakdown = cost(call);
  expect(attributes[ATTR_RS_COST_PICO_USD]).toBe(breakdown.list);
  expect(read(attributes, ATTR_RS_COST_CONTRACTED_PICO_USD, breakdown.list)).toBe(breakdown.contracted);
  // One int array in COST_ITEMS order, summing to the total.
  const byItem = Object.fromEntries(breakdown.lines.map((line) => [line.item, line.list]));
  expect(attributes[ATTR_RS_COST_LINES_PICO_USD]).toEqual(COST_ITEMS.map((item) => byItem[item] ?? 0));
  expect(read(attributes, ATTR_RS_COST_BATCH, false)).toBe(breakdown.modifiers.batch);
  expect(read(attributes, ATTR_RS_COST_BAND, "standard")).toBe(breakdown.band);
  expect(read(attributes, ATTR_RS_COST_CONFIRMED, true)).toBe(breakdown.confirmed);
  expect(attributes[ATTR_RS_COST_USD]).toBeCloseTo(breakdown.list / 1e12, 15);
  return breakdown;
}

describe("instrumentAnthropic: plain client", () => {
  // Both metrics paths: the store startTelemetry wires (default) and SDK instruments for any MeterProvider.
  const sdkTracingModes = [
    [false, "rightsize's own span"],
    [true, "on the SDK's span"],
  ] as const;
  for (const metrics of ["store", "meter"] as const)
    for (const [sdkTracing, where] of sdkTracingModes)
      it(`records a non-streaming call as a chat span with GenAI attributes, exact cost and savings (${metrics} metrics, ${where})`, async () => {
        const { harness, client } = setup({ metrics, sdkTracing });
        nextReply = () => ({ usage });
        const message = await client.messages.create(params);
        expect(message.usage.input_tokens).toBe(1200);
        const span = harness.span("chat claude-sonnet-4-6");
        const attributes = span.attributes;
        expect(span.kind).toBe(SpanKind.CLIENT);
        expect(attributes[ATTR_GEN_AI_OPERATION_NAME]).toBe("chat");
        expect(attributes[ATTR_GEN_AI_PROVIDER_NAME]).toBe("anthropic");
        expect(attributes[ATTR_GEN_AI_REQUEST_MODEL]).toBe("claude-sonnet-4-6");
        expect(attributes[ATTR_GEN_AI_RESPONSE_MODEL]).toBe("claude-sonnet-4-6");
        expect(attributes[ATTR_GEN_AI_REQUEST_MAX_TOKENS]).toBe(512);
        expect(attributes[ATTR_GEN_AI_REQUEST_TEMPERATURE]).toBe(0.2);
        expect(attributes[ATTR_GEN_AI_REQUEST_STREAM]).toBeUndefined(); // only when streaming
        expect(attributes[ATTR_GEN_AI_RESPONSE_ID]).toBe(message.id);
        expect(attributes[ATTR_GEN_AI_RESPONSE_FINISH_REASONS]).toEqual(["end_turn"]);
        // Anthropic rule: input = uncached + cache reads + cache writes.
        expect(attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBe(1200 + 5000 + 3000);
        expect(attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]).toBe(340);
        expect(attributes[ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS]).toBe(5000);
        expect(attributes[ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS]).toBe(3000);
        if (sdkTracing) {
          // The SDK's own attributes carry the split of cache writes: rightsize does not repeat it.
          expect(span.instrumentationScope.name).toBe("com.anthropic.sdk.typescript");
          expect(attributes["anthropic.usage.cache_creation.ephemeral_5m_input_tokens"]).toBe(1000);
          expect(attributes["anthropic.usage.cache_creation.ephemeral_1h_input_tokens"]).toBe(2000);
          expect(attributes[ATTR_RS_USAGE_CACHE_WRITE_5M_TOKENS]).toBeUndefined();
        } else {
          expect(attributes[ATTR_RS_USAGE_CACHE_WRITE_5M_TOKENS]).toBe(1000);
          expect(attributes[ATTR_RS_USAGE_CACHE_WRITE_1H_TOKENS]).toBe(2000);
        }
        expect(harness.spans()).toHaveLength(1);
        expect(attributes[ATTR_SERVER_ADDRESS]).toBe("127.0.0.1");
        expect(attributes[ATTR_SERVER_PORT]).toBe(Number(new URL(server.url).port));
        const at = new Date(span.startTime[0] * 1000);
        const actual = expectExactCost(attributes, { model: "claude-sonnet-4-6", usage, at });
        // Baseline: Opus 4.7 (v2 tokenizer), every prompt token uncached, realtime.
        const prompt = 1200 + 5000 + 3000;
        const baseline = cost({
          model: "claude-opus-4-7",
          usage: {
            input_tokens: convertTokens({ tokens: prompt, from: "claude-sonnet-4-6", to: "claude-opus-4-7" }),
            output_tokens: convertTokens({ tokens: 340, from: "claude-sonnet-4-6", to: "claude-opus-4-7" }),
          },
          at,
        }).list;
        expect(attributes[ATTR_RS_BASELINE_MODEL]).toBe("claude-opus-4-7");
        expect(attributes[ATTR_RS_BASELINE_COST_PICO_USD]).toBe(baseline);
        const routing = attributes[ATTR_RS_SAVINGS_ROUTING_PICO_USD] as number;
        const caching = read(attributes, ATTR_RS_SAVINGS_CACHING_PICO_USD, 0) as number;
        const batch = read(attributes, ATTR_RS_SAVINGS_BATCH_PICO_USD, 0) as number;
        expect(routing + caching + batch).toBe(baseline - actual.list);
        expect(attributes[ATTR_RS_SAVINGS_TOTAL_PICO_USD]).toBe(baseline - actual.list);
        expect(batch).toBe(0);
        const uncachedOnSonnet = cost({
          model: "claude-sonnet-4-6",
          usage: { input_tokens: prompt, output_tokens: 340 },
          at,
        });
        expect(caching).toBe(uncachedOnSonnet.list - actual.list);
        // Metrics: the two GenAI histograms and the cost counter.
        const tokens = await harness.points("gen_ai.client.token.usage");
        const input = tokens.find((point) => point.attributes[ATTR_GEN_AI_TOKEN_TYPE] === "input");
        expect(input?.value).toMatchObject({ sum: prompt, count: 1 });
        const costPoints = await harness.points("rightsize.cost");
        expect(costPoints.map((point) => point.value)).toEqual([actual.list]);
        const savingsPoints = await harness.points("rightsize.savings");
        // Every lever has a series, batch at 0 here.
        expect(savingsPoints.map((point) => point.attributes[ATTR_RS_SAVINGS_LEVER]).sort()).toEqual([
          "batch",
          "caching",
          "routing",
        ]);
        const routingPoint = savingsPoints.find(
          (point) => point.attributes[ATTR_RS_SAVINGS_LEVER] === "routing",
        );
        expect(routingPoint?.value).toBe(routing);
        expect((await harness.points("rightsize.baseline.cost"))[0]?.value).toBe(baseline);
        expect((await harness.points("rightsize.requests"))[0]?.attributes[ATTR_RS_REQUEST_OUTCOME]).toBe(
          "ok",
        );
        // Privacy: no content, no key, by default.
        expect(attributes[ATTR_GEN_AI_INPUT_MESSAGES]).toBeUndefined();
        expect(JSON.stringify(harness.spans().map((each) => each.attributes))).not.toContain("SECRET");
      });

  for (const [sdkTracing, where] of sdkTracingModes)
    it(`records facts a caller tags a plain call with, and passes the SDK only its own options (${where})`, async () => {
      const { harness, client } = setup({ sdkTracing });
      nextReply = () => ({ usage });
      const message = await client.messages.create(params, {
        headers: { "x-trace-note": "kept" },
        rightsize: {
          facts: {
            taskType: "summarization",
            tenant: "acme",
            feature: "case-summary",
            latencyClass: "async",
            note: "private text",
          },
        },
      } as Anthropic.RequestOptions);
      expect(message.usage.output_tokens).toBe(340);
      const attributes = harness.span("chat claude-sonnet-4-6").attributes;
      expect(attributes[ATTR_RS_TASK_TYPE]).toBe("summarization");
      expect(attributes[ATTR_RS_TENANT]).toBe("acme");
      expect(attributes[ATTR_RS_FEATURE]).toBe("case-summary");
      expect(attributes["rightsize.latency_class"]).toBe("async");
      // Only the named facts are recorded: a custom fact may hold private text.
      expect(JSON.stringify(attributes)).not.toContain("private text");
    });

  it("records a streamed create with cumulative message_delta usage and time to first chunk", async () => {
    const { harness, client } = setup();
    nextReply = () => ({ usage });
    const stream = await client.messages.create({ ...params, stream: true });
    let events = 0;
    for await (const _event of stream) events += 1;
    expect(events).toBe(6);
    const span = harness.span("chat claude-sonnet-4-6");
    expect(span.attributes[ATTR_GEN_AI_REQUEST_STREAM]).toBe(true);
    expect(span.attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]).toBe(340);
    expect(span.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBe(9200);
    expect(span.attributes[ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK]).toBeGreaterThan(0);
    expectExactCost(span.attributes, {
      model: "claude-sonnet-4-6",
      usage,
      at: new Date(span.startTime[0] * 1000),
    });
  });

  it("records messages.stream() once (it calls create underneath) with content when opted in", async () => {
    const { harness, client } = setup({ captureContent: true });
    nextReply = () => ({ usage, text: "Revenue rose." });
    const final = await client.messages.stream(params).finalMessage();
    expect(final.content[0]).toMatchObject({ text: "Revenue rose." });
    expect(harness.spans()).toHaveLength(1);
    const attributes = harness.span("chat claude-sonnet-4-6").attributes;
    expect(JSON.parse(attributes[ATTR_GEN_AI_INPUT_MESSAGES] as string)).toEqual([
      { role: "user", parts: [{ type: "text", content: "Summarize the quarterly report." }] },
    ]);
    expect(JSON.parse(attributes[ATTR_GEN_AI_SYSTEM_INSTRUCTIONS] as string)).toEqual([
      { type: "text", content: "You are terse." },
    ]);
    expect(JSON.parse(attributes[ATTR_GEN_AI_OUTPUT_MESSAGES] as string)).toEqual([
      { role: "assistant", parts: [{ type: "text", content: "Revenue rose." }], finish_reason: "end_turn" },
    ]);
    expect(attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]).toBe(340);
  });

  it("records a plain call's content on the SDK's span when opted in", async () => {
    const { harness, client } = setup({ captureContent: true, sdkTracing: true });
    nextReply = () => ({ usage, text: "Revenue rose." });
    await client.messages.create(params);
    expect(harness.spans()).toHaveLength(1);
    const span = harness.span("chat claude-sonnet-4-6");
    expect(span.instrumentationScope.name).toBe("com.anthropic.sdk.typescript");
    expect(JSON.parse(span.attributes[ATTR_GEN_AI_INPUT_MESSAGES] as string)).toEqual([
      { role: "user", parts: [{ type: "text", content: "Summarize the quarterly report." }] },
    ]);
    expect(JSON.parse(span.attributes[ATTR_GEN_AI_OUTPUT_MESSAGES] as string)).toEqual([
      { role: "assistant", parts: [{ type: "text", content: "Revenue rose." }], finish_reason: "end_turn" },
    ]);
  });

  for (const metrics of ["store", "meter"] as const)
    for (const [sdkTracing, where] of sdkTracingModes)
      it(`records an API error with error.type and status ERROR, and the caller sees the same error (${metrics} metrics, ${where})`, async () => {
        const { harness, client } = setup({ metrics, sdkTracing });
        nextReply = () => ({ usage, error: { status: 429, type: "rate_limit_error" } });
        const failure = await client.messages.create(params).catch((error: unknown) => error);
        expect(failure).toBeInstanceOf(Anthropic.RateLimitError);
        const span = harness.span("chat claude-sonnet-4-6");
        expect(span.status.code).toBe(SpanStatusCode.ERROR);
        expect(span.attributes[ATTR_ERROR_TYPE]).toBe("rate_limit_error");
        expect(span.events.map((event) => event.name)).toContain("exception");
        const durations = await harness.points("gen_ai.client.operation.duration");
        expect(durations[0]?.attributes[ATTR_ERROR_TYPE]).toBe("rate_limit_error");
        expect((await harness.points("rightsize.requests"))[0]?.attributes[ATTR_RS_REQUEST_OUTCOME]).toBe(
          "error",
        );
        expect(harness.spans()).toHaveLength(1);
      });

  it("keeps withResponse() working and marks a client only once", async () => {
    const { harness, client, telemetry } = setup();
    telemetry.instrumentAnthropic(client);
    nextReply = () => ({ usage });
    const { data, response } = await client.messages.create(params).withResponse();
    expect(response.status).toBe(200);
    expect(data.id).toMatch(/^msg_/);
    expect(harness.spans()).toHaveLength(1);
  });

  it("records a batch: one batch span, one linked attempt span per request ended by its result, batch prices", async () => {
    const { harness, client, telemetry } = setup();
    const batchUsage = { ...usage, service_tier: "batch" };
    nextReply = (body) =>
      body.model === "claude-haiku-4-5"
        ? { usage: batchUsage, error: { status: 500, type: "overloaded_error" } }
        : { usage: batchUsage };
    const batch = await client.messages.batches.create({
      requests: [
        { custom_id: "a", params: { ...params, model: "claude-sonnet-4-6" } },
        { custom_id: "b", params: { ...params, model: "claude-haiku-4-5" } },
      ],
    });
    expect(telemetry.stats().pendingBatchRequests).toBe(2);
    const results = [];
    for await (const line of await client.messages.batches.results(batch.id)) results.push(line);
    expect(results).toHaveLength(2);
    const batchSpan = harness.span("rightsize.batch");
    expect(batchSpan.attributes[ATTR_RS_BATCH_ID]).toBe(batch.id);
    expect(batchSpan.attributes[ATTR_RS_BATCH_SUCCEEDED]).toBe(1);
    expect(batchSpan.attributes[ATTR_RS_BATCH_ERRORED]).toBe(1);
    const sonnet = harness.span("chat claude-sonnet-4-6");
    expect(sonnet.links[0]?.context.spanId).toBe(batchSpan.spanContext().spanId);
    expect(sonnet.attributes[ATTR_RS_MODE]).toBe("batch");
    expect(sonnet.attributes[ATTR_RS_BATCH_ID]).toBe(batch.id);
    const breakdown = expectExactCost(sonnet.attributes, {
      model: "claude-sonnet-4-6",
      usage: batchUsage,
      at: new Date(sonnet.startTime[0] * 1000),
    });
    expect(breakdown.modifiers.batch).toBe(true);
    expect(sonnet.attributes[ATTR_RS_SAVINGS_BATCH_PICO_USD]).toBe(breakdown.list);
    const haiku = harness.span("chat claude-haiku-4-5");
    expect(haiku.status.code).toBe(SpanStatusCode.ERROR);
    expect(haiku.attributes[ATTR_ERROR_TYPE]).toBe("overloaded_error");
    expect(telemetry.stats().pendingBatchRequests).toBe(0);
  });

  it("never throws into the caller when the instrumentation itself breaks", async () => {
    const harness = createOtelHarness();
    const broken = {
      startSpan() {
        throw new Error("tracer bug");
      },
      startActiveSpan() {
        throw new Error("tracer bug");
      },
    };
    const telemetry = createRightsizeTelemetry({
      tracer: broken as never,
      meterProvider: harness.meterProvider,
    });
    const client = telemetry.instrumentAnthropic(
      new Anthropic({ apiKey: API_KEY, baseURL: server.url, maxRetries: 0 }),
    );
    nextReply = () => ({ usage: { input_tokens: -5, output_tokens: Number.NaN } as never });
    const message = await client.messages.create(params);
    expect(message.type).toBe("message");
    expect(telemetry.stats().instrumentationErrors).toBeGreaterThan(0);
  });

  it("records contracted cost next to list cost when contracted rates are given", async () => {
    const harness = createOtelHarness();
    const rates: ContractedRates = { discounts: [{ percent: 20 }] };
    const telemetry = createRightsizeTelemetry({
      tracerProvider: harness.tracerProvider,
      meterProvider: harness.meterProvider,
      rates,
      costLines: true,
    });
    const client = telemetry.instrumentAnthropic(
      new Anthropic({ apiKey: API_KEY, baseURL: server.url, maxRetries: 0 }),
    );
    nextReply = () => ({ usage });
    await client.messages.create(params);
    const span = harness.span("chat claude-sonnet-4-6");
    const breakdown = expectExactCost(span.attributes, {
      model: "claude-sonnet-4-6",
      usage,
      at: new Date(span.startTime[0] * 1000),
      rates,
    });
    expect(span.attributes[ATTR_RS_COST_CONTRACTED_PICO_USD]).toBe((breakdown.list * 4) / 5);
  });

  for (const [sdkTracing, where] of sdkTracingModes)
    it(`writes the cost lines only when asked (costLines), and never the old micro-dollar copy (${where})`, async () => {
      const { harness, client } = setup({ costLines: false, sdkTracing });
      nextReply = () => ({ usage });
      await client.messages.create(params);
      const span = harness.span("chat claude-sonnet-4-6");
      const breakdown = cost({ model: "claude-sonnet-4-6", usage, at: new Date(span.startTime[0] * 1000) });
      expect(span.attributes[ATTR_RS_COST_PICO_USD]).toBe(breakdown.list);
      expect(span.attributes[ATTR_RS_COST_LINES_PICO_USD]).toBeUndefined();
      expect(span.attributes[ATTR_RS_COST_MICRO_USD]).toBeUndefined();
    });

  for (const [sdkTracing, where] of sdkTracingModes)
    it(`labels a call it cannot price instead of failing it (${where})`, async () => {
      const { harness, client } = setup({ sdkTracing });
      nextReply = () => ({ usage });
      await client.messages.create({ ...params, model: "claude-unknown-9" });
      const span = harness.span("chat claude-unknown-9");
      expect(span.attributes[ATTR_RS_COST_UNPRICED_REASON]).toBe("unknown_model");
      expect(span.attributes[ATTR_RS_COST_PICO_USD]).toBeUndefined();
      expect(span.attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]).toBe(340);
    });
});
