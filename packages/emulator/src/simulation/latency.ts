import type { ModelSpec } from "../models/model-spec.js";
import type { MessageUsage } from "./usage.js";

// Prefill throughput (simulated): uncached prompt tokens per second; cache reads are 10x faster.
const PREFILL_TOKENS_PER_SECOND = 20_000;
const CACHED_PREFILL_SPEEDUP = 10;
/** Fast mode (beta `speed: "fast"`) decodes about 2.5x faster. */
const FAST_MODE_SPEEDUP = 2.5;

/** Simulated timing of one response, in unscaled milliseconds. */
export interface ResponseTiming {
  timeToFirstTokenMs: number;
  /** Milliseconds per output token while streaming. */
  perTokenMs: number;
  totalMs: number;
}

/** Time to first token grows with the uncached prompt; decode time with the output. */
export function simulateTiming(model: ModelSpec, usage: MessageUsage): ResponseTiming {
  const uncached = usage.input_tokens + usage.cache_creation_input_tokens;
  const prefillMs =
    ((uncached + usage.cache_read_input_tokens / CACHED_PREFILL_SPEEDUP) / PREFILL_TOKENS_PER_SECOND) * 1000;
  const timeToFirstTokenMs = model.latency.timeToFirstTokenMs + prefillMs;
  const speed = model.latency.outputTokensPerSecond * (usage.speed === "fast" ? FAST_MODE_SPEEDUP : 1);
  const perTokenMs = 1000 / speed;
  return { timeToFirstTokenMs, perTokenMs, totalMs: timeToFirstTokenMs + perTokenMs * usage.output_tokens };
}
