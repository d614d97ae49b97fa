import type { SeededRandom } from "./seeded-random.js";

// A small business vocabulary: prompts read like support and operations text, and their
// length in tokens is predictable (about 4.5 characters per token on the v1 tokenizer).
const WORDS = (
  "account order invoice refund customer ticket shipment delivery payment policy contract clause " +
  "renewal subscription plan upgrade error outage latency report summary region store product " +
  "warranty return exchange charge card bank transfer balance statement tax vendor supplier " +
  "integration endpoint request response schema field value status priority escalation agent " +
  "review approval deadline quarter revenue churn retention cohort segment campaign survey " +
  "feedback complaint praise issue resolution workaround deployment release version migration " +
  "database query index cache queue worker service module function parameter config security"
).split(" ");

const CHARS_PER_TOKEN = 4.5;

/** Deterministic filler text of roughly `tokens` tokens. */
export function fillerText(random: SeededRandom, tokens: number): string {
  const targetChars = Math.max(0, Math.round(tokens * CHARS_PER_TOKEN));
  const parts: string[] = [];
  let length = 0;
  let sentence = 0;
  while (length < targetChars) {
    const word = WORDS[random.integer(0, WORDS.length - 1)]!;
    const text = sentence === 0 ? word[0]!.toUpperCase() + word.slice(1) : word;
    sentence += 1;
    const end = sentence >= 8 + (length % 7) ? ". " : " ";
    if (end === ". ") sentence = 0;
    parts.push(text + end);
    length += text.length + end.length;
  }
  return parts.join("").trim();
}

/** The shared system prompt of one task type: the same text for every request of that type. */
export function systemPromptFor(options: {
  random: SeededRandom;
  taskType: string;
  feature: string;
  tokens: number;
  structured: boolean;
}): string {
  const header =
    `You are the ${options.feature} assistant of Acme's support platform. Task: ${options.taskType}. ` +
    (options.structured
      ? "Respond with a single JSON object with the fields the schema below names, and nothing else. "
      : "Answer precisely and briefly. ");
  return `${header}\n\nGuidelines and reference material:\n${fillerText(options.random, options.tokens)}`;
}
