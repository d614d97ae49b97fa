import Anthropic from "@anthropic-ai/sdk";
import type { MeterProvider, TracerProvider } from "@opentelemetry/api";
import type { AnthropicUsage } from "@rightsize/pricing";
import { createRightsizeTelemetry } from "../create-rightsize-telemetry.js";
import { type FakeReply, startFakeMessagesServer } from "./fake-messages-server.js";

export const cachedUsage: AnthropicUsage = {
  input_tokens: 1200,
  output_tokens: 340,
  cache_read_input_tokens: 5000,
  cache_creation_input_tokens: 3000,
  cache_creation: { ephemeral_5m_input_tokens: 1000, ephemeral_1h_input_tokens: 2000 },
  service_tier: "standard",
};

/**
 * The calls every wire test sends: a plain non-streaming call with 5m and 1h cache writes and
 * reads, a streamed call, a failing call, and a routed request that escalates once.
 */
export async function runScenario(providers: {
  tracerProvider: TracerProvider;
  meterProvider: MeterProvider;
}) {
  const server = await startFakeMessagesServer(
    (body): FakeReply =>
      body.model === "claude-haiku-4-5" && body.stream !== true
        ? { usage: cachedUsage, error: { status: 429, type: "rate_limit_error" } }
        : { usage: cachedUsage },
  );
  try {
    const telemetry = createRightsizeTelemetry({ ...providers, baselineModel: "claude-opus-4-7" });
    const client = telemetry.instrumentAnthropic(
      new Anthropic({
        apiKey: "sk-ant-api03-WIRETESTKEY0000",
        baseURL: server.url,
        maxRetries: 0,
        openTelemetry: false,
      }),
    );
    const base = { max_tokens: 512, messages: [{ role: "user" as const, content: "hello" }] };
    await client.messages.create({ ...base, model: "claude-sonnet-4-6" });
    for await (const _event of await client.messages.create({
      ...base,
      model: "claude-haiku-4-5",
      stream: true,
    })) {
      // drain
    }
    await client.messages.create({ ...base, model: "claude-haiku-4-5" }).catch(() => undefined);
    const request = telemetry.startRequest({
      requestId: "req-wire",
      decision: {
        kind: "route",
        tier: "haiku",
        model: "claude-haiku-4-5",
        maxTokens: 256,
        mode: "realtime",
        matchedRules: ["short-to-haiku"],
        reasons: ["short prompt"],
        policy: { name: "default", version: "3" },
        shadow: false,
        fallback: false,
      },
      facts: { taskType: "extraction", complexity: 0.4 },
      requested: { model: "claude-opus-4-7", maxTokens: 2048 },
      streaming: false,
    });
    const first = request.startAttempt({
      attempt: 1,
      tier: "haiku",
      model: "claude-haiku-4-5",
      maxTokens: 256,
      mode: "realtime",
      streaming: false,
    });
    first.end({
      response: { id: "msg_a", model: "claude-haiku-4-5", stop_reason: "max_tokens", usage: cachedUsage },
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
      response: { id: "msg_b", model: "claude-sonnet-4-6", stop_reason: "end_turn", usage: cachedUsage },
    });
    request.end({
      outcome: "ok",
      attempts: 2,
      escalations: 1,
      finalTier: "sonnet",
      finalModel: "claude-sonnet-4-6",
    });
    telemetry.recordFeedback({ taskType: "extraction", tier: "sonnet", verdict: "pass" });
  } finally {
    await server.close();
  }
}
