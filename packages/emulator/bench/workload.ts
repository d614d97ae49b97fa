/**
 * The benchmark request: a realistic small classification call (system prompt, one user turn,
 * max_tokens 256) against Haiku 4.5. The emulator tokenizes it, resolves the task, judges it,
 * composes an answer of a few to a few hundred tokens and serializes the full Message.
 */
export function requestBody() {
  return {
    model: "claude-haiku-4-5",
    max_tokens: 256,
    system: "You are a support triage assistant. Answer with one category and a short reason.",
    messages: [
      {
        role: "user" as const,
        content:
          "Classify this ticket: 'I was charged twice for my subscription this month and the invoice shows the wrong VAT number.'",
      },
    ],
  };
}

/** Headers the API requires (the emulator enforces them like the API). */
export const REQUEST_HEADERS = {
  "content-type": "application/json",
  "x-api-key": "bench",
  "anthropic-version": "2023-06-01",
};
