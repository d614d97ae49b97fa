import type { TaskType } from "../quality/task-type.js";

/** Tokenizer generations: v2 (Opus 4.7 and later, Sonnet 5+, Haiku 5.5, Fable/Mythos) counts ~30% more. */
export type TokenizerGeneration = "v1" | "v2";

export type ModelLine = "haiku" | "sonnet" | "opus" | "fable" | "mythos";

export type ModelLifecycle = "active" | "deprecated" | "retired";

/** Everything the emulator simulates about one model. */
export interface ModelSpec {
  id: string;
  /** Other names the API accepts for this model (`claude-opus-4-5` for the dated id). */
  aliases: readonly string[];
  displayName: string;
  line: ModelLine;
  /** ISO date the model was released (ModelInfo.created_at). */
  createdAt: string;
  lifecycle: ModelLifecycle;
  deprecatedAt: string | null;
  /** From this instant on (emulator clock) the model answers 404 like a retired model. */
  retiresAt: string | null;
  contextWindow: number;
  maxOutputTokens: number;
  /** Below this many prefix tokens a cache breakpoint silently does nothing. */
  minCacheableTokens: number;
  tokenizer: TokenizerGeneration;
  /** Simulated probability-like skill per task type, 0..1 (compared against difficulty). */
  capability: Readonly<Record<TaskType, number>>;
  /** Simulated latency before any scaling: time to first token and decode speed. */
  latency: { timeToFirstTokenMs: number; outputTokensPerSecond: number };
  /** Multiplier on answer length: larger models tend to say more. */
  verbosity: number;
}
