import { join } from "node:path";
import Anthropic from "@anthropic-ai/sdk";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { TracerProvider } from "@opentelemetry/sdk-trace";
import { createManualClock, startEmulator } from "@rightsize/emulator";
import { createRoutedClient, defaultPolicy } from "@rightsize/policy";
import { createRightsizeTelemetry } from "@rightsize/telemetry";
import { BoundedSpanProcessor, OtlpFileSpanExporter } from "@rightsize/telemetry/node";

export const BASELINE_MODEL = "claude-opus-4-7";

/** One test request: when, what kind, and the verdict a user gives it (the test's own input). */
interface TestRequest {
  at: string;
  taskType: string;
  text: string;
  latencyClass: "realtime" | "async";
  verdict: "pass" | "fail";
}

/**
 * Two days of a small support workload (classification, extraction, a code review, async
 * summaries). Verdicts are given here so the test knows the pass rates: before 10 of 12,
 * after 11 of 12.
 */
export function testRequests(run: "before" | "after"): TestRequest[] {
  const requests: TestRequest[] = [];
  for (const day of ["2026-07-06", "2026-07-14"]) {
    const kinds = [
      { taskType: "classification", text: "Label this ticket: my card was charged twice." },
      {
        taskType: "extraction",
        text: "Extract the invoice number and total from: INV-2231, total 41.20 EUR.",
      },
      { taskType: "classification", text: "Label this ticket: cannot log in after the update." },
      {
        taskType: "code_review",
        text: "Review this function for race conditions: let n = 0; async () => n++.",
      },
      { taskType: "summarization", text: "Summarize this thread about the refund policy in two lines." },
      { taskType: "summarization", text: "Summarize the weekly incident notes for the support leads." },
    ];
    kinds.forEach((kind, index) => {
      const failed = run === "before" ? index === 3 : index === 3 && day === "2026-07-06";
      requests.push({
        at: `${day}T${String(9 + index).padStart(2, "0")}:15:00Z`,
        ...kind,
        latencyClass: kind.taskType === "summarization" ? "async" : "realtime",
        verdict: failed ? "fail" : "pass",
      });
    });
  }
  return requests;
}

/**
 * Plays the requests against the emulator twice with the real telemetry package writing OTLP
 * JSON lines: "before" through the plainly instrumented SDK on the baseline model, "after"
 * through the routed client under the default policy. Returns the two file paths.
 */
export async function writeMeasuredRuns(directory: string): Promise<{ before: string; after: string }> {
  const files = { before: join(directory, "before.otlp.jsonl"), after: join(directory, "after.otlp.jsonl") };
  await playRun({ run: "before", path: files.before });
  await playRun({ run: "after", path: files.after });
  return files;
}

async function playRun(options: { run: "before" | "after"; path: string }): Promise<void> {
  const requests = testRequests(options.run);
  const clock = createManualClock(Date.parse(requests[0]?.at ?? "2026-07-06T00:00:00Z"));
  const emulator = await startEmulator({ port: 0, seed: 7, clock });
  const tracerProvider = new TracerProvider({
    resource: resourceFromAttributes({ "service.name": "measured-test" }),
    spanProcessors: [
      new BoundedSpanProcessor({ exporter: new OtlpFileSpanExporter({ path: options.path }) }),
    ],
  });
  const telemetry = createRightsizeTelemetry({
    tracerProvider,
    baselineModel: BASELINE_MODEL,
    now: () => clock.now(),
  });
  const sdk = new Anthropic({ apiKey: "test-key", baseURL: emulator.url, maxRetries: 0 });
  // Instrumenting patches the client, so the routed run gets a client of its own (one span per call).
  const plain = options.run === "before" ? telemetry.instrumentAnthropic(sdk) : sdk;
  const routed = createRoutedClient({
    client: new Anthropic({ apiKey: "test-key", baseURL: emulator.url, maxRetries: 0 }),
    policy: defaultPolicy(),
    observer: telemetry,
    baselineModel: BASELINE_MODEL,
    batch: { maxSize: 10, maxWaitMs: 5, pollIntervalMs: 5 },
  });
  try {
    for (const request of requests) {
      clock.set(Date.parse(request.at));
      const params = {
        model: BASELINE_MODEL,
        max_tokens: 1024,
        system: "You are the support platform's assistant. Answer briefly and precisely.",
        messages: [{ role: "user" as const, content: request.text }],
      };
      const message =
        options.run === "before"
          ? await plain.messages.create(params)
          : await sendRouted(routed, params, request);
      telemetry.recordFeedback({
        taskType: request.taskType,
        tier: options.run === "before" ? BASELINE_MODEL : message.model,
        verdict: request.verdict,
      });
    }
    await routed.rightsize.close();
  } finally {
    await tracerProvider.shutdown();
    await emulator.close();
  }
}

function sendRouted(
  routed: ReturnType<typeof createRoutedClient>,
  params: Anthropic.MessageCreateParamsNonStreaming,
  request: TestRequest,
) {
  const sent = routed.messages.create(params, {
    rightsize: { facts: { taskType: request.taskType, latencyClass: request.latencyClass } },
  });
  // A batch-mode request waits for its collection window: flush it so the run stays sequential.
  if (request.latencyClass === "async") void routed.rightsize.flush();
  return sent;
}
