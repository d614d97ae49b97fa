import Anthropic from "@anthropic-ai/sdk";
import {
  ATTR_GEN_AI_OUTPUT_TYPE,
  ATTR_GEN_AI_REQUEST_STOP_SEQUENCES,
  ATTR_GEN_AI_REQUEST_STREAM,
  METRIC_GEN_AI_CLIENT_OPERATION_TIME_PER_OUTPUT_CHUNK,
  METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK,
  SEMCONV_SCHEMA_URL,
} from "@rightsize/contracts/semconv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRightsizeTelemetry } from "./create-rightsize-telemetry.js";
import { startFakeMessagesServer } from "./test-support/fake-messages-server.js";
import { createOtelHarness } from "./test-support/otel-harness.js";

// The GenAI names telemetry writes (all in @rightsize/contracts/semconv) against the conventions'
// own constants (the @opentelemetry/semantic-conventions incubating entry, test-only: its README
// advises copying the definitions rather than importing them at runtime), and the attributes
// whose presence the conventions condition on the request.

describe("GenAI names", () => {
  it("are the conventions' own, every one of them", async () => {
    // Whole modules, to go through every name (a test needs no tree shaking).
    const conventions = await import("@opentelemetry/semantic-conventions/incubating");
    const semconv = await import("@rightsize/contracts/semconv");
    const ours = Object.entries(semconv).filter(
      ([name]) => name.startsWith("ATTR_GEN_AI_") || name.startsWith("METRIC_GEN_AI_"),
    );
    expect(ours.length).toBeGreaterThan(20);
    const theirs = conventions as unknown as Record<string, unknown>;
    for (const [name, value] of ours) expect({ name, value: theirs[name] }).toEqual({ name, value });
    expect(semconv.GEN_AI_OUTPUT_TYPE_JSON).toBe(conventions.GEN_AI_OUTPUT_TYPE_VALUE_JSON);
    expect(semconv.GEN_AI_OPERATION_CHAT).toBe(conventions.GEN_AI_OPERATION_NAME_VALUE_CHAT);
    expect(semconv.GEN_AI_PROVIDER_ANTHROPIC).toBe(conventions.GEN_AI_PROVIDER_NAME_VALUE_ANTHROPIC);
    expect(semconv.ATTR_ERROR_TYPE).toBe(conventions.ATTR_ERROR_TYPE);
    expect(semconv.ATTR_SERVER_ADDRESS).toBe(conventions.ATTR_SERVER_ADDRESS);
    expect(semconv.ATTR_SERVER_PORT).toBe(conventions.ATTR_SERVER_PORT);
  });
});

let server: Awaited<ReturnType<typeof startFakeMessagesServer>>;
beforeAll(async () => {
  server = await startFakeMessagesServer(() => ({ usage: { input_tokens: 20, output_tokens: 8 } }));
});
afterAll(async () => await server.close());

function setup() {
  const harness = createOtelHarness();
  const telemetry = createRightsizeTelemetry({
    tracerProvider: harness.tracerProvider,
    meterProvider: harness.meterProvider,
  });
  const client = telemetry.instrumentAnthropic(
    new Anthropic({ apiKey: "test", baseURL: server.url, maxRetries: 0, openTelemetry: false }),
  );
  return { harness, client };
}

const params = {
  model: "claude-sonnet-4-6",
  max_tokens: 100,
  messages: [{ role: "user" as const, content: "Classify." }],
};

describe("conditional GenAI attributes and streaming metrics", () => {
  it("records output type, stop sequences and stream only when the request has them", async () => {
    const { harness, client } = setup();
    await client.messages.create({
      ...params,
      stop_sequences: ["END"],
      output_config: {
        format: {
          type: "json_schema",
          schema: { type: "object", properties: {}, additionalProperties: false },
        },
      },
    } as never);
    await client.messages.create(params);
    const [asked, plain] = harness.spans();
    expect(asked!.attributes[ATTR_GEN_AI_OUTPUT_TYPE]).toBe("json");
    expect(asked!.attributes[ATTR_GEN_AI_REQUEST_STOP_SEQUENCES]).toEqual(["END"]);
    for (const span of [asked!, plain!]) {
      expect(span.attributes[ATTR_GEN_AI_REQUEST_STREAM]).toBeUndefined();
      expect(span.instrumentationScope.schemaUrl).toBe(SEMCONV_SCHEMA_URL);
    }
    expect(plain!.attributes[ATTR_GEN_AI_OUTPUT_TYPE]).toBeUndefined();
    expect(plain!.attributes[ATTR_GEN_AI_REQUEST_STOP_SEQUENCES]).toBeUndefined();
    // Streaming metrics are for streams only.
    expect(await harness.points(METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK)).toEqual([]);
  });

  it("records time to first chunk once and time per output chunk for each later chunk of a stream", async () => {
    const { harness, client } = setup();
    const stream = await client.messages.create({ ...params, stream: true });
    let events = 0;
    for await (const _event of stream) events += 1;
    expect(harness.spans()[0]!.attributes[ATTR_GEN_AI_REQUEST_STREAM]).toBe(true);
    const first = await harness.points(METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK);
    const perChunk = await harness.points(METRIC_GEN_AI_CLIENT_OPERATION_TIME_PER_OUTPUT_CHUNK);
    expect(first).toHaveLength(1);
    expect((first[0]!.value as { count: number }).count).toBe(1);
    expect(perChunk).toHaveLength(1);
    expect((perChunk[0]!.value as { count: number }).count).toBe(events - 1);
    const metrics = await harness.metrics();
    for (const scope of metrics.scopeMetrics) expect(scope.scope.schemaUrl).toBe(SEMCONV_SCHEMA_URL);
  });
});
