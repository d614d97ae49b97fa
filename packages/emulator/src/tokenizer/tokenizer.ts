import type { TokenizerGeneration } from "../models/model-spec.js";

// A deterministic stand-in for Claude's tokenizers (no offline tokenizer is accurate for
// Claude 3 and later). v1 approximates the Claude 3/4 tokenizer: about one token per 4-5
// characters of English. v2 (Opus 4.7 and later, Sonnet 5+, Haiku 5.5, Fable/Mythos) yields
// 1.3x the v1 count for the same text, as Anthropic documents "about 30% more".
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

/**
 * v1 token estimate of a text. Runs of ASCII letters cost one token per 5 letters, digits one
 * per 3, a single space joins the next word while longer whitespace runs (indentation) cost one
 * token per 4 extra characters, and every other character (punctuation, symbols, non-Latin
 * scripts; a surrogate pair once) is one token. A hand-written scanner: this is the hot path.
 */
export function countTokensV1(text: string): number {
  let tokens = 0;
  let index = 0;
  const length = text.length;
  while (index < length) {
    const code = text.charCodeAt(index);
    const kind = classOf(code);
    if (kind === OTHER) {
      if (code < 0xd800 || code > 0xdbff) tokens++;
      index++;
      continue;
    }
    let end = index + 1;
    while (end < length && classOf(text.charCodeAt(end)) === kind) end++;
    const run = end - index;
    if (kind === LETTER) tokens += Math.ceil(run / 5);
    else if (kind === DIGIT) tokens += Math.ceil(run / 3);
    else if (run > 1) tokens += Math.ceil((run - 1) / 4);
    index = end;
  }
  return tokens;
}

/** Scales a v1 count to a tokenizer generation: v2 is 1.3x, rounded half up. */
export function scaleTokens(v1: number, generation: TokenizerGeneration): number {
  return generation === "v1" ? v1 : Math.floor((v1 * 13 + 5) / 10);
}

/** Token estimate of a text for a tokenizer generation. */
export function countTextTokens(text: string, generation: TokenizerGeneration): number {
  return scaleTokens(countTokensV1(text), generation);
}
