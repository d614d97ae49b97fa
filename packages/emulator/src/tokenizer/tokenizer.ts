import type { TokenizerGeneration } from "../models/model-spec.js";

// A deterministic stand-in for Claude's tokenizers (no offline tokenizer is accurate for
// Claude 3 and later). v1 approximates the Claude 3/4 tokenizer: about one token per 4-5
// characters of English. v2 (Opus 4.7 and later, Sonnet 5+, Haiku 5.5, Fable/Mythos) yields
// 1.3x the v1 count for the same text, as Anthropic documents "about 30% more".
const PIECE = /[A-Za-z]+|\d+|\s+|[^\sA-Za-z\d]/g;

/** v1 token estimate of a text: words of up to 5 letters are one token, digits go in threes. */
export function countTokensV1(text: string): number {
  let tokens = 0;
  PIECE.lastIndex = 0;
  for (let match = PIECE.exec(text); match !== null; match = PIECE.exec(text)) {
    const piece = match[0];
    const first = piece.charCodeAt(0);
    if (first === 32 || first === 10 || first === 9 || first === 13) {
      // A single space joins the next word; runs of whitespace (indentation) cost tokens.
      if (piece.length > 1) tokens += Math.ceil((piece.length - 1) / 4);
    } else if (first >= 48 && first <= 57) {
      tokens += Math.ceil(piece.length / 3);
    } else if ((first >= 65 && first <= 90) || (first >= 97 && first <= 122)) {
      tokens += Math.ceil(piece.length / 5);
    } else {
      // Punctuation, symbols and non-Latin characters: one token each (a surrogate pair counts once).
      tokens += first >= 0xd800 && first <= 0xdbff ? 0 : 1;
    }
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
