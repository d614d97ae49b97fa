import Anthropic from "@anthropic-ai/sdk";
import type { MeterProvider, TracerProvider } from "@opentelemetry/api";
import { startEmulator } from "@rightsize/emulator";
import { createRoutedClient, defaultPolicy } from "@rightsize/policy";
import { createRightsizeTelemetry } from "../create-rightsize-telemetry.js";

/** The API key the scenario sends: it must never appear in any exported span. */
export const SCENARIO_API_KEY = "sk-ant-api03-WIRETESTKEY0000";

const longContext = Array.from(
  { length: 400 },
  (_, index) => `Clause ${index}: refunds within 30 days.`,
).join(" ");

/**
 * The calls every wire test sends, through the official SDK to the emulator: a plain call with a
 * 1h cache write, the same call streamed (cache read), a call failing with 429, and a routed
 * request (default policy) that escalates once, plus a feedback verdict.
 */
export async function runScenario(options: {
  tracerProvider: TracerProvider;
  meterProvider: MeterProvider;
  /**
   * The SDK traces its own calls into the same provider (rightsize then writes on its spans);
   * default false: rightsize makes every span. Routed requests need a context manager.
   */
  sdkTracing?: boolean;
}) {
  const emulator = await startEmulator({ seed: 3 });
  try {
    const { tracerProvider, meterProvider } = options;
    const telemetry = createRightsizeTelemetry({
      tracerProvider,
      meterProvider,
      baselineModel: "claude-opus-4-7",
    });
    const openTelemetry = options.sdkTracing === true ? { tracerProvider } : false;
    const sdk = () =>
      new Anthropic({ apiKey: SCENARIO_API_KEY, baseURL: emulator.url, maxRetries: 0, openTelemetry });
    const client = telemetry.instrumentAnthropic(sdk());
    const params = {
      model: "claude-sonnet-4-6",
      max_tokens: 200,
      system: [
        {
          type: "text" as const,
          text: longContext,
          cache_control: { type: "ephemeral" as const, ttl: "1h" as const },
        },
      ],
      messages: [{ role: "user" as const, content: "[[emulator task=qa difficulty=0.2]] Refund?" }],
    };
    await client.messages.create(params);
    await client.messages.stream(params).finalMessage();
    await client.messages
      .create({ ...params, model: "claude-haiku-4-5" }, { headers: { "x-emulator-fault": "429" } })
      .catch(() => undefined);
    const routed = createRoutedClient({ client: sdk(), policy: defaultPolicy(), observer: telemetry });
    let seen = 0;
    await routed.messages.create(
      {
        model: "claude-opus-4-7",
        max_tokens: 300,
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
    telemetry.recordFeedback({ taskType: "classification", tier: "sonnet", verdict: "pass" });
  } finally {
    await emulator.close();
  }
}
