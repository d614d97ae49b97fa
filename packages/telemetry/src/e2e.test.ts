import Anthropic from "@anthropic-ai/sdk";
import { SpanKind } from "@opentelemetry/api";
import type { AnthropicUsage } from "@rightsize/contracts";
import {
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_RS_ATTEMPT,
  ATTR_RS_BASELINE_COST_PICO_USD,
  ATTR_RS_BATCH_CUSTOM_ID,
  ATTR_RS_BATCH_SUCCEEDED,
  ATTR_RS_COST_BATCH,
  ATTR_RS_COST_LINES_PICO_USD,
  ATTR_RS_COST_PICO_USD,
  ATTR_RS_DECISION_RULES,
  ATTR_RS_ESCALATED_AWAY,
  ATTR_RS_ESCALATION_REASON,
  ATTR_RS_POLICY_NAME,
  ATTR_RS_POLICY_VERSION,
  ATTR_RS_REQUEST_ESCALATIONS,
  ATTR_RS_REQUEST_OUTCOME,
  ATTR_RS_REQUEST_TOTAL_COST_PICO_USD,
  ATTR_RS_SAVINGS_CACHING_PICO_USD,
  ATTR_RS_SAVINGS_TOTAL_PICO_USD,
  ATTR_RS_TASK_TYPE,
  ATTR_RS_TIER,
} from "@rightsize/contracts/semconv";
import { type Emulator, startEmulator } from "@rightsize/emulator";
import { createRoutedClient, defaultPolicy, routingOf } from "@rightsize/policy";
import { COST_ITEMS, cost } from "@rightsize/pricing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRightsizeTelemetry } from "./create-rightsize-telemetry.js";
import { createOtelHarness } from "./test-support/otel-harness.js";

// End to end: the official SDK against the emulator (realistic usage, caching and batch
// accounting), instrumented by telemetry, every cost attribute checked against pricing.

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ seed: 11 });
});
afterAll(async () => await emulator?.close());

function setup() {
  const harness = createOtelHarness();
  const telemetry = createRightsizeTelemetry({
    tracerProvider: harness.tracerProvider,
    meterProvider: harness.meterProvider,
    baselineModel: "claude-opus-4-7",
    costLines: true,
  });
  const sdk = new Anthropic({ apiKey: "test", baseURL: emulator.url, maxRetries: 0, openTelemetry: false });
  return { harness, telemetry, sdk };
}

function expectCostOf(
  attributes: Record<string, unknown>,
  call: { model: string; usage: AnthropicUsage; startTime: [number, number] },
) {
  const { model, usage, startTime } = call;
  const breakdown = cost({ model, usage, at: new Date(startTime[0] * 1000) });
  expect(attributes[ATTR_RS_COST_PICO_USD]).toBe(breakdown.list);
  expect(attributes[ATTR_RS_COST_LINES_PICO_USD]).toEqual(
    COST_ITEMS.map((item) => breakdown.lines.find((line) => line.item === item)?.list ?? 0),
  );
  expect(attributes[ATTR_RS_COST_BATCH] ?? false).toBe(breakdown.modifiers.batch);
  return breakdown;
}

// A prefix long enough to be cacheable on Sonnet 4.6 (1,024-token minimum).
const longContext = Array.from(
  { length: 400 },
  (_, index) => `Policy clause ${index}: refunds within 30 days.`,
).join(" ");

describe("end to end against the emulator", () => {
  it("prices cache writes (5m and 1h) and reads exactly, streamed and not", async () => {
    const { harness, telemetry, sdk } = setup();
    const client = telemetry.instrumentAnthropic(sdk);
    const params = {
      model: "claude-sonnet-4-6",
      max_tokens: 300,
      system: [
        {
          type: "text" as const,
          text: longContext,
          cache_control: { type: "ephemeral" as const, ttl: "1h" as const },
        },
      ],
      messages: [
        {
          role: "user" as const,
          content: [
            {
              type: "text" as const,
              text: `${longContext} (customer copy)`,
              cache_control: { type: "ephemeral" as const },
            },
            { type: "text" as const, text: "[[emulator task=qa difficulty=0.2]] Can I get a refund?" },
          ],
        },
      ],
    };
    const first = await client.messages.create(params);
    const stream = client.messages.stream(params);
    const second = await stream.finalMessage();
    expect(first.usage.cache_creation?.ephemeral_1h_input_tokens).toBeGreaterThan(0);
    expect(first.usage.cache_creation?.ephemeral_5m_input_tokens).toBeGreaterThan(0);
    expect(second.usage.cache_read_input_tokens).toBeGreaterThan(0);
    const [firstSpan, secondSpan] = harness.spans().filter((span) => span.name === "chat claude-sonnet-4-6");
    if (firstSpan === undefined || secondSpan === undefined) throw new Error("missing spans");
    expect(firstSpan.kind).toBe(SpanKind.CLIENT);
    expectCostOf(firstSpan.attributes, {
      model: "claude-sonnet-4-6",
      usage: first.usage as AnthropicUsage,
      startTime: firstSpan.startTime,
    });
    // The streamed usage is message_start's merged with message_delta's cumulative counts.
    expectCostOf(secondSpan.attributes, {
      model: "claude-sonnet-4-6",
      usage: second.usage as AnthropicUsage,
      startTime: secondSpan.startTime,
    });
    expect(secondSpan.attributes[ATTR_GEN_AI_REQUEST_STREAM]).toBe(true);
    expect(secondSpan.attributes[ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK]).toBeGreaterThan(0);
    expect(secondSpan.attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]).toBe(second.usage.output_tokens);
    expect(secondSpan.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBe(
      second.usage.input_tokens +
        (second.usage.cache_read_input_tokens ?? 0) +
        (second.usage.cache_creation_input_tokens ?? 0),
    );
    expect(secondSpan.attributes[ATTR_RS_SAVINGS_CACHING_PICO_USD]).toBeGreaterThan(0);
  });

  it("prices batch results at the batch rate, one attempt span per request linked to the batch span", async () => {
    const { harness, telemetry, sdk } = setup();
    const client = telemetry.instrumentAnthropic(sdk);
    const request = (id: string) => ({
      custom_id: id,
      params: {
        model: "claude-haiku-4-5",
        max_tokens: 200,
        messages: [
          { role: "user" as const, content: `[[emulator task=classification difficulty=0.1]] ticket ${id}` },
        ],
      },
    });
    const batch = await client.messages.batches.create({
      requests: [request("a"), request("b"), request("c")],
    });
    let status = batch.processing_status;
    for (let poll = 0; status !== "ended" && poll < 100; poll += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      status = (await client.messages.batches.retrieve(batch.id)).processing_status;
    }
    const results = [];
    for await (const line of await client.messages.batches.results(batch.id)) results.push(line);
    expect(results).toHaveLength(3);
    const batchSpan = harness.span("rightsize.batch");
    expect(batchSpan.attributes[ATTR_RS_BATCH_SUCCEEDED]).toBe(3);
    const attempts = harness.spans().filter((span) => span.name === "chat claude-haiku-4-5");
    expect(attempts).toHaveLength(3);
    for (const line of results) {
      if (line.result.type !== "succeeded") throw new Error(`unexpected ${line.result.type}`);
      const span = attempts.find((each) => each.attributes[ATTR_RS_BATCH_CUSTOM_ID] === line.custom_id);
      if (span === undefined) throw new Error(`no span for ${line.custom_id}`);
      expect(span.links[0]?.context.spanId).toBe(batchSpan.spanContext().spanId);
      const breakdown = expectCostOf(span.attributes, {
        model: "claude-haiku-4-5",
        usage: line.result.message.usage as AnthropicUsage,
        startTime: span.startTime,
      });
      expect(breakdown.modifiers.batch).toBe(true);
    }
  });

  it("routed: an escalation yields one parent span with two attempt children and the decision", async () => {
    const { harness, telemetry, sdk } = setup();
    const client = createRoutedClient({ client: sdk, policy: defaultPolicy(), observer: telemetry });
    let seen = 0;
    const message = await client.messages.create(
      {
        model: "claude-opus-4-7",
        max_tokens: 400,
        messages: [
          {
            role: "user",
            content: "[[emulator task=classification difficulty=0.3]] Classify: my card was charged twice.",
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
    expect(routingOf(message)!.attempts).toBe(2);
    const parent = harness.span("rightsize.request");
    const children = harness
      .spans()
      .filter((span) => span.parentSpanContext?.spanId === parent.spanContext().spanId);
    expect(children.map((span) => span.attributes[ATTR_RS_ATTEMPT])).toEqual([1, 2]);
    const [first, second] = children;
    const decision = routingOf(message)!.decision;
    if (decision.kind !== "route" || first === undefined || second === undefined)
      throw new Error("expected a routed decision");
    expect(first.name).toBe(`chat ${decision.model}`);
    expect(first.attributes[ATTR_RS_TIER]).toBe(decision.tier);
    expect(first.attributes[ATTR_RS_ESCALATED_AWAY]).toBe(true);
    expect(second.attributes[ATTR_RS_TIER]).toBe(routingOf(message)!.tiersTried[1]);
    expect(second.attributes[ATTR_RS_ESCALATION_REASON]).toBe(routingOf(message)!.escalationReasons[0]);
    for (const span of [parent, first, second]) {
      expect(span.attributes[ATTR_RS_POLICY_NAME]).toBe(decision.policy.name);
      expect(span.attributes[ATTR_RS_POLICY_VERSION]).toBe(decision.policy.version);
      expect(span.attributes[ATTR_RS_DECISION_RULES]).toEqual([...decision.matchedRules]);
      expect(span.attributes[ATTR_RS_TASK_TYPE]).toBe("classification");
    }
    expect(parent.attributes[ATTR_RS_REQUEST_ESCALATIONS]).toBe(1);
    expect(parent.attributes[ATTR_RS_REQUEST_OUTCOME]).toBe("ok");
    const total =
      (first.attributes[ATTR_RS_COST_PICO_USD] as number) +
      (second.attributes[ATTR_RS_COST_PICO_USD] as number);
    expect(parent.attributes[ATTR_RS_REQUEST_TOTAL_COST_PICO_USD]).toBe(total);
    expect(parent.attributes[ATTR_RS_SAVINGS_TOTAL_PICO_USD]).toBe(
      (parent.attributes[ATTR_RS_BASELINE_COST_PICO_USD] as number) - total,
    );
  });
});
