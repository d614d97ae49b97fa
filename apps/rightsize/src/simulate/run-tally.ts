import type { Usage } from "@anthropic-ai/sdk/resources/messages";
import type { RoutingMetadata } from "@rightsize/policy";
import type { SimulatedRequest } from "./workload-generator.js";

/** What one simulated run did, for the summary file and the command's output. */
export interface RunSummary {
  requests: number;
  succeeded: number;
  failed: number;
  failures: Record<string, number>;
  quality: {
    judged: number;
    correct: number;
    correctShare: number;
    byTaskType: Record<string, { judged: number; correct: number }>;
  };
  answersByModel: Record<string, number>;
  tokens: { input: number; cacheRead: number; cacheWrite: number; output: number };
  routing: { attempts: number; escalated: number; batch: number; shadow: number; overridden: number };
  spans: { exported: number; dropped: number };
}

/** Accumulates a run's outcomes as requests finish (in any order). */
export class RunTally {
  #requests = 0;
  #succeeded = 0;
  #failures = new Map<string, number>();
  #judged = 0;
  #correct = 0;
  #byTask = new Map<string, { judged: number; correct: number }>();
  #byModel = new Map<string, number>();
  #tokens = { input: 0, cacheRead: 0, cacheWrite: 0, output: 0 };
  #routing = { attempts: 0, escalated: 0, batch: 0, shadow: 0, overridden: 0 };

  answer(request: SimulatedRequest, answer: { correct: boolean; known: boolean; usage: Usage }): void {
    this.#requests += 1;
    this.#succeeded += 1;
    if (answer.known) {
      this.#judged += 1;
      if (answer.correct) this.#correct += 1;
      const task = this.#byTask.get(request.taskType) ?? { judged: 0, correct: 0 };
      task.judged += 1;
      if (answer.correct) task.correct += 1;
      this.#byTask.set(request.taskType, task);
    }
    this.#tokens.input += answer.usage.input_tokens ?? 0;
    this.#tokens.cacheRead += answer.usage.cache_read_input_tokens ?? 0;
    this.#tokens.cacheWrite += answer.usage.cache_creation_input_tokens ?? 0;
    this.#tokens.output += answer.usage.output_tokens ?? 0;
  }

  attempt(options: { model: string; tier: string | null }): void {
    this.#routing.attempts += 1;
    this.#byModel.set(options.model, (this.#byModel.get(options.model) ?? 0) + 1);
  }

  routed(routing: RoutingMetadata | undefined): void {
    if (!routing) return;
    this.#routing.attempts += routing.attempts;
    if (routing.attempts > 1) this.#routing.escalated += 1;
    if (routing.shadow) this.#routing.shadow += 1;
    if (routing.overrides.length > 0) this.#routing.overridden += 1;
    if (routing.decision.kind === "route") {
      if (routing.decision.mode === "batch") this.#routing.batch += 1;
    }
    const tier = routing.tiersTried.at(-1);
    const model = routing.decision.kind === "route" ? modelOfTier(routing, tier) : "rejected";
    this.#byModel.set(model, (this.#byModel.get(model) ?? 0) + 1);
  }

  failure(request: SimulatedRequest, error: unknown): void {
    void request;
    this.#requests += 1;
    const kind = error instanceof Error ? error.constructor.name : "unknown";
    this.#failures.set(kind, (this.#failures.get(kind) ?? 0) + 1);
  }

  summary(spans: { spansExported: number; spansDropped: number }): RunSummary {
    return {
      requests: this.#requests,
      succeeded: this.#succeeded,
      failed: this.#requests - this.#succeeded,
      failures: Object.fromEntries(this.#failures),
      quality: {
        judged: this.#judged,
        correct: this.#correct,
        correctShare: this.#judged === 0 ? 0 : this.#correct / this.#judged,
        byTaskType: Object.fromEntries(
          [...this.#byTask].sort(([left], [right]) => left.localeCompare(right)),
        ),
      },
      answersByModel: Object.fromEntries([...this.#byModel].sort(([, left], [, right]) => right - left)),
      tokens: { ...this.#tokens },
      routing: { ...this.#routing },
      spans: { exported: spans.spansExported, dropped: spans.spansDropped },
    };
  }
}

function modelOfTier(routing: RoutingMetadata, tier: string | null | undefined): string {
  const decision = routing.decision;
  if (decision.kind !== "route") return "rejected";
  if (tier === undefined || tier === null || tier === decision.tier) return decision.model;
  return decision.escalation.find((step) => step.tier === tier)?.model ?? tier;
}
