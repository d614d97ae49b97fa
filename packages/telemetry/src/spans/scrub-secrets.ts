/**
 * Removes anything shaped like a credential from free text before it reaches a span. Error
 * messages are the one place foreign text enters our spans: a proxy or a misconfigured gateway
 * may echo a request header back in its error body.
 */
// Anthropic keys (sk-ant-api03-..., sk-ant-admin01-...) and generic sk- keys.
const KEY_PATTERN = /\bsk-[A-Za-z0-9_-]{8,}/g;
// "x-api-key: value", "authorization: Bearer value", "x-honeycomb-team=value", as header echoes.
const HEADER_PATTERN =
  /\b(x-api-key|authorization|x-honeycomb-team|api[-_]?key)(["']?\s*[:=]\s*["']?)(bearer\s+)?[^\s"',;}]+/gi;

/** Replaces credential-shaped substrings with `[REDACTED]`. */
export function scrubSecrets(text: string): string {
  return (
    text
      .replace(KEY_PATTERN, "[REDACTED]")
      // $3 (a "bearer " prefix) is empty when it did not take part in the match.
      .replace(HEADER_PATTERN, "$1$2$3[REDACTED]")
  );
}
