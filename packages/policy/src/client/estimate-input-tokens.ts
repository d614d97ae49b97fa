import type { MessageCreateParamsBase } from "@anthropic-ai/sdk/resources/messages";

/**
 * Token rates per script, in tokens of the newer tokenizer (Opus 4.7 and later, Sonnet 5+,
 * Haiku 5.5: about 1.3x the older one on the same text, Anthropic's "about 30% more"). Measured
 * against the emulator's tokenizer model (`packages/emulator`, the project's stand-in for the
 * API's, which count_tokens, messages and batches share); the figures per script are in the
 * client README. For the older models the estimate is about 30% high: the safe side for context
 * fit and budget holds.
 *
 * - Latin letters: a word costs one old-tokenizer token per 5 letters (ceil), so ~3.85 letters
 *   per new token; digits one per 3; a single space is free, longer whitespace one per 4.
 * - Punctuation and symbols: one each. Prompts of JSON, code or markup are punctuation-heavy, which
 *   is why a flat characters-per-token rule under-counts them by 3-4x.
 * - CJK (Han, kana, Hangul) and other non-Latin scripts (Cyrillic, Greek, Arabic, Hebrew,
 *   Devanagari, Thai...): one per character; an emoji (a surrogate pair) once. A 300,000-character
 *   Japanese prompt is ~390k new tokens, not the ~100k a 3-characters-per-token rule says.
 */
export const TOKEN_RATES = {
  lettersPerToken: 5,
  digitsPerToken: 3,
  extraSpacesPerToken: 4,
  newTokenizerFactor: 1.3,
  /** Framing the API adds: per request, per message, the tool-use preamble and per tool. */
  requestOverhead: 3,
  messageOverhead: 4,
  toolsPreamble: 300,
  toolOverhead: 5,
  /** An image of about a megapixel (the API's (width x height) / 750, capped near 1,600). */
  imageTokens: 1_600,
} as const;

const LETTER = 1;
const DIGIT = 2;
const SPACE = 3;
const OTHER = 4;

function classOf(code: number): number {
  if ((code >= 97 && code <= 122) || (code >= 65 && code <= 90)) return LETTER;
  if (code >= 48 && code <= 57) return DIGIT;
  if (code === 32 || code === 10 || code === 9 || code === 13) return SPACE;
  return OTHER;
}

/** Old-tokenizer units of a text by the rates above (one pass, no allocation). */
function textUnits(text: string): number {
  let units = 0;
  let index = 0;
  const length = text.length;
  while (index < length) {
    const code = text.charCodeAt(index);
    const kind = classOf(code);
    if (kind === OTHER) {
      // A high surrogate and its low half are one character (an emoji, a rare Han).
      if (code < 0xd800 || code > 0xdbff) units++;
      index++;
      continue;
    }
    let end = index + 1;
    while (end < length && classOf(text.charCodeAt(end)) === kind) end++;
    const run = end - index;
    if (kind === LETTER) units += Math.ceil(run / TOKEN_RATES.lettersPerToken);
    else if (kind === DIGIT) units += Math.ceil(run / TOKEN_RATES.digitsPerToken);
    else if (run > 1) units += Math.ceil((run - 1) / TOKEN_RATES.extraSpacesPerToken);
    index = end;
  }
  return units;
}

/** Estimated tokens of a text (newer tokenizer). */
export function estimateTextTokens(text: string): number {
  return Math.ceil(textUnits(text) * TOKEN_RATES.newTokenizerFactor);
}

function blockUnits(block: Record<string, unknown>): number {
  switch (block.type) {
    case "text":
      return textUnits(typeof block.text === "string" ? block.text : "");
    case "image":
      return Math.ceil(TOKEN_RATES.imageTokens / TOKEN_RATES.newTokenizerFactor);
    case "document": {
      const source = block.source as { type?: string; data?: unknown } | undefined;
      const data = typeof source?.data === "string" ? source.data : "";
      // Plain text is tokenized; a base64 PDF costs about a token per 3 decoded bytes.
      return (source?.type === "text" ? textUnits(data) : Math.ceil((data.length * 3) / 4 / 3)) + 10;
    }
    case "tool_result": {
      const content = block.content;
      if (typeof content === "string") return textUnits(content) + 10;
      if (Array.isArray(content)) {
        let units = 10;
        for (const inner of content as Array<Record<string, unknown>>) units += blockUnits(inner);
        return units;
      }
      return 10;
    }
    default: {
      // Tool use, thinking, server tool blocks: their JSON is what the model reads.
      const { cache_control: _cache, ...rest } = block;
      return textUnits(JSON.stringify(rest));
    }
  }
}

function contentUnits(content: unknown): number {
  if (typeof content === "string") return textUnits(content);
  if (!Array.isArray(content)) return 0;
  let units = 0;
  for (const block of content as Array<Record<string, unknown>>) units += blockUnits(block);
  return units;
}

/**
 * An offline estimate of a request's input tokens, calibrated per script (see TOKEN_RATES):
 * used for context-window fit and budget holds when the caller gave no `estimatedInputTokens`
 * fact. Near a context window the routed client can ask count_tokens instead (`contextFit`).
 */
export function estimateInputTokens(
  params: Pick<MessageCreateParamsBase, "messages" | "system" | "tools">,
): number {
  let units = TOKEN_RATES.requestOverhead;
  const tools = (params.tools ?? []) as unknown as Array<Record<string, unknown>>;
  tools.forEach((tool, index) => {
    const { cache_control: _cache, ...definition } = tool;
    units +=
      textUnits(JSON.stringify(definition)) +
      TOKEN_RATES.toolOverhead +
      (index === 0 ? TOKEN_RATES.toolsPreamble : 0);
  });
  units += contentUnits(params.system);
  for (const message of params.messages) units += contentUnits(message.content) + TOKEN_RATES.messageOverhead;
  return Math.ceil(units * TOKEN_RATES.newTokenizerFactor);
}
