// Short words (one v1 token each) so a generated answer of N words is N output tokens.
const WORDS = (
  "the of and to in is it that for on as with was be by at this are from or an have not " +
  "but all can more which one will has were their its each when how use set key data model " +
  "cost token cache batch route tier rate plan test case value input output time part next " +
  "first least most best fast slow small large clear check note step task role list table " +
  "field price usage limit error retry queue order"
).split(" ");

/**
 * Deterministic prose of exactly `tokens` pieces: words, with a full stop (its own token)
 * closing each sentence. `random` is a seeded PRNG.
 */
export function fillerText(tokens: number, random: () => number): { text: string; tokens: number } {
  if (tokens <= 0) return { text: "", tokens: 0 };
  const parts: string[] = [];
  let used = 0;
  let sentenceLength = 0;
  while (used < tokens) {
    if (sentenceLength >= 8 && used < tokens - 1 && random() < 0.18) {
      parts.push(".");
      used++;
      sentenceLength = 0;
      continue;
    }
    const word = WORDS[Math.floor(random() * WORDS.length)]!;
    const capitalized = sentenceLength === 0 ? word[0]!.toUpperCase() + word.slice(1) : word;
    parts.push(parts.length === 0 ? capitalized : ` ${capitalized}`);
    used++;
    sentenceLength++;
  }
  return { text: parts.join(""), tokens: used };
}

/** A few words (for labels, names and JSON string values). */
export function shortPhrase(count: number, random: () => number): string {
  const words: string[] = [];
  for (let index = 0; index < count; index++) words.push(WORDS[Math.floor(random() * WORDS.length)]!);
  return words.join(" ");
}
