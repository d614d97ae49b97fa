import Anthropic from "@anthropic-ai/sdk";
import { seededRandom } from "@rightsize/contracts";
import { type Emulator, startEmulator } from "@rightsize/emulator";
import type { EvalCandidate } from "../summary/eval-candidate.js";

/** The default policy's tiers, cheapest first. */
export const TIERS: EvalCandidate[] = [
  { key: "haiku", tier: "haiku", model: "claude-haiku-5-5" },
  { key: "sonnet", tier: "sonnet", model: "claude-sonnet-5-5" },
  { key: "opus", tier: "opus", model: "claude-opus-5-5" },
];

/** An emulator (latency off, wall clock) and an official SDK client pointed at it. */
export async function startEvalEmulator(seed = 7): Promise<{ emulator: Emulator; client: Anthropic }> {
  const emulator = await startEmulator({ seed });
  const client = new Anthropic({ apiKey: "test-key", baseURL: emulator.url, maxRetries: 2 });
  return { emulator, client };
}

/**
 * Closed-question request lines for one task type: a label reference each, the emulator's task
 * and a difficulty drawn uniformly from `difficulty` carried by the inline hint.
 */
export function closedRequests(options: {
  taskType: string;
  emulatorTask: string;
  count: number;
  difficulty: readonly [number, number];
  labels: readonly string[];
  seed?: number;
}): Record<string, unknown>[] {
  const draw = seededRandom(options.seed ?? 1);
  return Array.from({ length: options.count }, (_, index) => {
    const [low, high] = options.difficulty;
    const difficulty = low + (high - low) * draw();
    const reference = options.labels[index % options.labels.length]!;
    return {
      id: `${options.taskType}-${index}`,
      taskType: options.taskType,
      request: {
        model: "claude-opus-4-7",
        max_tokens: 64,
        system: `You label ${options.taskType} requests. Answer with one label.`,
        messages: [
          {
            role: "user",
            content: `[[emulator task=${options.emulatorTask} difficulty=${difficulty.toFixed(3)}]] Case ${index}: which label fits?`,
          },
        ],
      },
      reference,
    };
  });
}

/** JSON lines of objects. */
export function jsonl(lines: readonly unknown[]): string {
  return lines.map((line) => JSON.stringify(line)).join("\n") + "\n";
}
