/**
 * The token counts of one request (or a sum of them) in one shape and one naming, used by the
 * cost engine, telemetry, the report's cohorts and the emulator's ledger. Whole numbers, >= 0.
 */
export interface TokenCounts {
  /** Anthropic's own `input_tokens`: only the tokens after the last cache breakpoint. */
  uncachedInput: number;
  /** Tokens written to the cache with the 5-minute TTL (1.25x input). */
  cacheWrite5m: number;
  /** Tokens written to the cache with the 1-hour TTL (2x input). */
  cacheWrite1h: number;
  /** Tokens read from the cache (0.1x input). */
  cacheRead: number;
  output: number;
  /** Server-side web searches (billed per search, not per token). */
  webSearchRequests: number;
}

/** All zero: the start of a sum. */
export const ZERO_TOKEN_COUNTS: Readonly<TokenCounts> = Object.freeze({
  uncachedInput: 0,
  cacheWrite5m: 0,
  cacheWrite1h: 0,
  cacheRead: 0,
  output: 0,
  webSearchRequests: 0,
});

/** Every prompt token (uncached + cache writes + cache reads): GenAI's `gen_ai.usage.input_tokens`. */
export function promptTokens(counts: TokenCounts): number {
  return counts.uncachedInput + counts.cacheWrite5m + counts.cacheWrite1h + counts.cacheRead;
}
