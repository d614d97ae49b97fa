import type Anthropic from "@anthropic-ai/sdk";
import {
  createFeedbackLoop,
  createRoutedClient,
  type FeedbackLoop,
  type Policy,
  parsePolicy,
} from "@rightsize/policy";
import {
  createContinuousEval,
  type RegressionAlert,
  type ShadowVerdict,
} from "../monitor/continuous-eval.js";

const LABELS = ["billing", "technical", "account", "shipping", "refund"];
export const TIERS = ["haiku", "sonnet", "opus"];

/** Classification on haiku, the rest on sonnet; `monitoring.escalate` as given. */
export function shadowEvalPolicy(escalate: string[]): Policy {
  const parsed = parsePolicy({
    format: "json",
    source: {
      name: "shadow-eval-test",
      version: "1",
      tiers: { haiku: "claude-haiku-5-5", sonnet: "claude-sonnet-5-5", opus: "claude-opus-5-5" },
      defaultTier: "sonnet",
      fallbackTier: "sonnet",
      routing: [
        {
          name: "classification-on-haiku",
          reason: "routine labels hold on haiku",
          when: { all: [{ fact: "taskType", operator: "equal", value: "classification" }] },
          tier: "haiku",
          escalation: false,
        },
      ],
      monitoring: { escalate },
    },
  });
  if (!parsed.ok) throw parsed.error;
  return parsed.policy;
}

/**
 * A closed classification question whose answer follows the emulator's oracle at `difficulty`:
 * haiku's capability is 0.82 and sonnet's 0.99 there, so at 0.2 both answer with the reference and
 * at 0.9 haiku mostly misses while sonnet holds.
 */
export function question(index: number, difficulty: number) {
  return {
    model: "claude-sonnet-5-5",
    max_tokens: 32,
    messages: [
      {
        role: "user" as const,
        content: `[[emulator task=classification difficulty=${difficulty}]] Ticket ${index}: route it. One label.`,
      },
    ],
    emulator_eval: { reference: LABELS[index % LABELS.length], choices: LABELS },
  };
}

/** A routed client with the continuous eval on every classification answer (or `sample` of them). */
export async function shadowEvalClient(options: {
  sdk: Anthropic;
  escalate: string[];
  sample?: number;
  feedback?: FeedbackLoop;
}) {
  const feedback = options.feedback ?? createFeedbackLoop({ tiers: TIERS });
  const alerts: RegressionAlert[] = [];
  const verdicts: ShadowVerdict[] = [];
  const errors: unknown[] = [];
  const shadowEval = await createContinuousEval({
    feedback,
    sample: options.sample ?? 1,
    tasks: { classification: { grader: { type: "exact", caseSensitive: true, trim: true }, bar: 0.85 } },
    minSamples: 20,
    emulator: true,
    onRegression: (alert) => alerts.push(alert),
    onVerdict: (verdict) => verdicts.push(verdict),
    onError: (error) => errors.push(error),
  });
  const client = createRoutedClient({
    client: options.sdk,
    policy: shadowEvalPolicy(options.escalate),
    feedback,
    shadowEval,
    batch: { maxWaitMs: 5, pollIntervalMs: 5 },
  });
  const ask = async (index: number, difficulty: number) =>
    await client.messages.create(question(index, difficulty) as never, {
      rightsize: { facts: { taskType: "classification" } },
    });
  return { client, feedback, shadowEval, alerts, verdicts, errors, ask };
}
