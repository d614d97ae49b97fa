// Simulated organisation limits reported in anthropic-ratelimit-* headers (a tier-4-like
// organisation). The emulator reports usage against them but only refuses requests when a
// rate_limit fault is injected, so load tests measure the emulator, not a quota.
const REQUESTS_PER_MINUTE = 4000;
const INPUT_TOKENS_PER_MINUTE = 2_000_000;
const OUTPUT_TOKENS_PER_MINUTE = 400_000;

/** Per-minute usage on the emulator clock, rendered as the API's rate-limit headers. */
export class RateLimitWindow {
  private window = -1;
  private requests = 0;
  private inputTokens = 0;
  private outputTokens = 0;
  private resetText = "";

  record(options: { nowMs: number; inputTokens: number; outputTokens: number }): void {
    this.roll(options.nowMs);
    this.requests++;
    this.inputTokens += options.inputTokens;
    this.outputTokens += options.outputTokens;
  }

  /** Header values; `exhausted` reports zero remaining requests (a 429). */
  headers(nowMs: number, exhausted = false): Record<string, string> {
    this.roll(nowMs);
    const reset = this.resetText;
    const requestsRemaining = exhausted ? 0 : Math.max(0, REQUESTS_PER_MINUTE - this.requests);
    const inputRemaining = Math.max(0, INPUT_TOKENS_PER_MINUTE - this.inputTokens);
    const outputRemaining = Math.max(0, OUTPUT_TOKENS_PER_MINUTE - this.outputTokens);
    return {
      "anthropic-ratelimit-requests-limit": String(REQUESTS_PER_MINUTE),
      "anthropic-ratelimit-requests-remaining": String(requestsRemaining),
      "anthropic-ratelimit-requests-reset": reset,
      "anthropic-ratelimit-input-tokens-limit": String(INPUT_TOKENS_PER_MINUTE),
      "anthropic-ratelimit-input-tokens-remaining": String(inputRemaining),
      "anthropic-ratelimit-input-tokens-reset": reset,
      "anthropic-ratelimit-output-tokens-limit": String(OUTPUT_TOKENS_PER_MINUTE),
      "anthropic-ratelimit-output-tokens-remaining": String(outputRemaining),
      "anthropic-ratelimit-output-tokens-reset": reset,
      "anthropic-ratelimit-tokens-limit": String(INPUT_TOKENS_PER_MINUTE + OUTPUT_TOKENS_PER_MINUTE),
      "anthropic-ratelimit-tokens-remaining": String(inputRemaining + outputRemaining),
      "anthropic-ratelimit-tokens-reset": reset,
    };
  }

  private roll(nowMs: number): void {
    const window = Math.floor(nowMs / 60_000);
    if (window === this.window) return;
    this.window = window;
    this.resetText = new Date((window + 1) * 60_000).toISOString().replace(/\.\d{3}Z$/, "Z");
    this.requests = 0;
    this.inputTokens = 0;
    this.outputTokens = 0;
  }
}
