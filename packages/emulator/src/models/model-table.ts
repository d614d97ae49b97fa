import type { TaskType } from "../quality/task-type.js";
import type { ModelLine, ModelSpec, TokenizerGeneration } from "./model-spec.js";

// Sources: context window, max output, minimum cacheable prefix, tokenizer generation and
// lifecycle come from /work/shared/facts/anthropic.md (Anthropic docs, autumn 2026).
// Assumptions, marked where used: max output of Opus 4.7 (facts give only 1M context) is taken
// as 128K; Haiku 5.5's minimum cacheable prefix is unknown and taken as 2,048; release dates
// of models whose date is not in their id are approximate. Capability and latency figures are
// simulated, chosen so that the tiers order the way they do in practice (they are not
// measurements).

/** How each task type shifts a model's base skill; harder task types cost small models more. */
const TASK_OFFSETS: Readonly<Record<TaskType, number>> = {
  classification: 0.22,
  extraction: 0.15,
  summarization: 0.1,
  translation: 0.08,
  qa: 0.02,
  writing: 0,
  coding: -0.06,
  reasoning: -0.1,
  general: 0,
};

const SMALL_MODEL_PENALTY: Partial<Record<TaskType, number>> = { reasoning: -0.06, coding: -0.04 };

const VERBOSITY: Readonly<Record<ModelLine, number>> = {
  haiku: 0.8,
  sonnet: 1,
  opus: 1.15,
  fable: 1.25,
  mythos: 1.25,
};

function capabilityProfile(line: ModelLine, base: number): Record<TaskType, number> {
  const profile = {} as Record<TaskType, number>;
  for (const [taskType, offset] of Object.entries(TASK_OFFSETS) as [TaskType, number][]) {
    const penalty = line === "haiku" ? (SMALL_MODEL_PENALTY[taskType] ?? 0) : 0;
    profile[taskType] = Math.round(Math.min(0.99, Math.max(0.02, base + offset + penalty)) * 1000) / 1000;
  }
  return profile;
}

interface Row {
  id: string;
  aliases?: string[];
  name: string;
  line: ModelLine;
  created: string;
  lifecycle?: ModelSpec["lifecycle"];
  deprecated?: string;
  retires?: string;
  context: number;
  maxOut: number;
  minCache: number;
  tokenizer: TokenizerGeneration;
  skill: number;
  ttftMs: number;
  tokensPerSecond: number;
}

const K = 1000;
const M = 1_000_000;

// biome-ignore format: one model per line reads as the table it is
const ROWS: readonly Row[] = [
  { id: "claude-fable-5-2", name: "Claude Fable 5.2", line: "fable", created: "2026-11-09", context: M, maxOut: 128 * K, minCache: 512, tokenizer: "v2", skill: 0.93, ttftMs: 1400, tokensPerSecond: 48 },
  { id: "claude-mythos-5-2", name: "Claude Mythos 5.2", line: "mythos", created: "2026-11-09", context: M, maxOut: 128 * K, minCache: 512, tokenizer: "v2", skill: 0.93, ttftMs: 1400, tokensPerSecond: 48 },
  { id: "claude-fable-5-1", name: "Claude Fable 5.1", line: "fable", created: "2026-08-18", context: M, maxOut: 128 * K, minCache: 512, tokenizer: "v2", skill: 0.92, ttftMs: 1500, tokensPerSecond: 45 },
  { id: "claude-mythos-5-1", name: "Claude Mythos 5.1", line: "mythos", created: "2026-08-18", context: M, maxOut: 128 * K, minCache: 512, tokenizer: "v2", skill: 0.92, ttftMs: 1500, tokensPerSecond: 45 },
  { id: "claude-fable-5", name: "Claude Fable 5", line: "fable", created: "2026-05-12", deprecated: "2026-08-18", lifecycle: "deprecated", context: M, maxOut: 128 * K, minCache: 512, tokenizer: "v2", skill: 0.9, ttftMs: 1600, tokensPerSecond: 42 },
  { id: "claude-mythos-5", name: "Claude Mythos 5", line: "mythos", created: "2026-05-12", deprecated: "2026-08-18", lifecycle: "deprecated", context: M, maxOut: 128 * K, minCache: 512, tokenizer: "v2", skill: 0.9, ttftMs: 1600, tokensPerSecond: 42 },
  { id: "claude-opus-5-5", name: "Claude Opus 5.5", line: "opus", created: "2026-10-14", context: M, maxOut: 128 * K, minCache: 512, tokenizer: "v2", skill: 0.88, ttftMs: 1000, tokensPerSecond: 60 },
  { id: "claude-opus-5", name: "Claude Opus 5", line: "opus", created: "2026-06-09", context: M, maxOut: 128 * K, minCache: 512, tokenizer: "v2", skill: 0.85, ttftMs: 1100, tokensPerSecond: 55 },
  { id: "claude-opus-4-8", name: "Claude Opus 4.8", line: "opus", created: "2026-04-14", context: M, maxOut: 128 * K, minCache: 1024, tokenizer: "v2", skill: 0.83, ttftMs: 1200, tokensPerSecond: 50 },
  { id: "claude-opus-4-7", name: "Claude Opus 4.7", line: "opus", created: "2026-02-24", context: M, maxOut: 128 * K, minCache: 2048, tokenizer: "v2", skill: 0.81, ttftMs: 1200, tokensPerSecond: 46 },
  { id: "claude-opus-4-6", name: "Claude Opus 4.6", line: "opus", created: "2026-01-27", context: M, maxOut: 128 * K, minCache: 4096, tokenizer: "v1", skill: 0.79, ttftMs: 1300, tokensPerSecond: 42 },
  { id: "claude-opus-4-5-20251101", aliases: ["claude-opus-4-5"], name: "Claude Opus 4.5", line: "opus", created: "2025-11-01", context: 200 * K, maxOut: 64 * K, minCache: 4096, tokenizer: "v1", skill: 0.77, ttftMs: 1400, tokensPerSecond: 40 },
  { id: "claude-opus-4-1-20250805", name: "Claude Opus 4.1", line: "opus", created: "2025-08-05", lifecycle: "retired", retires: "2026-08-05", context: 200 * K, maxOut: 32 * K, minCache: 1024, tokenizer: "v1", skill: 0.72, ttftMs: 1800, tokensPerSecond: 30 },
  { id: "claude-opus-4-20250514", name: "Claude Opus 4", line: "opus", created: "2025-05-14", lifecycle: "retired", retires: "2026-06-15", context: 200 * K, maxOut: 32 * K, minCache: 1024, tokenizer: "v1", skill: 0.7, ttftMs: 2000, tokensPerSecond: 28 },
  { id: "claude-sonnet-5-5", name: "Claude Sonnet 5.5", line: "sonnet", created: "2026-10-14", context: M, maxOut: 128 * K, minCache: 512, tokenizer: "v2", skill: 0.78, ttftMs: 600, tokensPerSecond: 90 },
  { id: "claude-sonnet-5", name: "Claude Sonnet 5", line: "sonnet", created: "2026-06-09", context: M, maxOut: 128 * K, minCache: 1024, tokenizer: "v2", skill: 0.74, ttftMs: 650, tokensPerSecond: 85 },
  { id: "claude-sonnet-4-6", name: "Claude Sonnet 4.6", line: "sonnet", created: "2026-02-17", context: M, maxOut: 128 * K, minCache: 1024, tokenizer: "v1", skill: 0.71, ttftMs: 700, tokensPerSecond: 75 },
  { id: "claude-sonnet-4-5-20250929", aliases: ["claude-sonnet-4-5"], name: "Claude Sonnet 4.5", line: "sonnet", created: "2025-09-29", lifecycle: "deprecated", deprecated: "2026-08-01", retires: "2026-11-30", context: 200 * K, maxOut: 64 * K, minCache: 1024, tokenizer: "v1", skill: 0.68, ttftMs: 800, tokensPerSecond: 70 },
  { id: "claude-sonnet-4-20250514", name: "Claude Sonnet 4", line: "sonnet", created: "2025-05-14", lifecycle: "retired", retires: "2026-06-15", context: 200 * K, maxOut: 64 * K, minCache: 1024, tokenizer: "v1", skill: 0.62, ttftMs: 900, tokensPerSecond: 60 },
  { id: "claude-3-7-sonnet-20250219", name: "Claude Sonnet 3.7", line: "sonnet", created: "2025-02-19", lifecycle: "retired", retires: "2026-02-19", context: 200 * K, maxOut: 64 * K, minCache: 1024, tokenizer: "v1", skill: 0.58, ttftMs: 1000, tokensPerSecond: 55 },
  { id: "claude-haiku-5-5", name: "Claude Haiku 5.5", line: "haiku", created: "2026-10-14", context: M, maxOut: 128 * K, minCache: 2048, tokenizer: "v2", skill: 0.6, ttftMs: 300, tokensPerSecond: 200 },
  { id: "claude-haiku-4-5-20251001", aliases: ["claude-haiku-4-5"], name: "Claude Haiku 4.5", line: "haiku", created: "2025-10-01", context: 200 * K, maxOut: 64 * K, minCache: 4096, tokenizer: "v1", skill: 0.52, ttftMs: 350, tokensPerSecond: 160 },
  { id: "claude-3-5-haiku-20241022", name: "Claude Haiku 3.5", line: "haiku", created: "2024-10-22", lifecycle: "retired", retires: "2026-02-19", context: 200 * K, maxOut: 8192, minCache: 2048, tokenizer: "v1", skill: 0.42, ttftMs: 500, tokensPerSecond: 100 },
  { id: "claude-3-haiku-20240307", name: "Claude Haiku 3", line: "haiku", created: "2024-03-07", lifecycle: "retired", retires: "2025-12-31", context: 200 * K, maxOut: 4096, minCache: 2048, tokenizer: "v1", skill: 0.35, ttftMs: 400, tokensPerSecond: 120 },
];

/** Every model in the facts file, newest first, as the emulator simulates it. */
export const MODEL_TABLE: readonly ModelSpec[] = ROWS.map((row) => ({
  id: row.id,
  aliases: row.aliases ?? [],
  displayName: row.name,
  line: row.line,
  createdAt: `${row.created}T00:00:00Z`,
  lifecycle: row.lifecycle ?? "active",
  deprecatedAt: row.deprecated
    ? `${row.deprecated}T00:00:00Z`
    : row.lifecycle === "retired"
      ? `${row.created}T00:00:00Z`
      : null,
  retiresAt: row.retires ? `${row.retires}T00:00:00Z` : null,
  contextWindow: row.context,
  maxOutputTokens: row.maxOut,
  minCacheableTokens: row.minCache,
  tokenizer: row.tokenizer,
  capability: capabilityProfile(row.line, row.skill),
  latency: { timeToFirstTokenMs: row.ttftMs, outputTokensPerSecond: row.tokensPerSecond },
  verbosity: VERBOSITY[row.line],
}));
