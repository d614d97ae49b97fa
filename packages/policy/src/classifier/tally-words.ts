import { foldLetter } from "../internal/word-hash.js";

/** An instruction is a text's opening or closing paragraph, or sentence, of at most this many characters. */
const INSTRUCTION_CHARS = 300;

/** Keyword evidence gathered so far: per task type, and per word how often it counted. */
export interface KeywordTally {
  table: Map<number, [number, number][]>;
  scores: number[];
  hits: Map<number, number>;
}

/**
 * Where a text's instructions are, as [from, to) ranges: the whole text when it is short; else
 * its opening and closing paragraphs when they are short (a blank line sets them apart from the
 * material); else its first and last sentences. "Translate this into French.\n\n<a page>"
 * yields the first line; "<a page>\n\nSummarize the above." the last.
 */
export function instructionSpans(text: string): [number, number][] {
  const length = text.length;
  if (length <= INSTRUCTION_CHARS) return [[0, length]];
  const paragraphs: [number, number][] = [];
  const headBreak = text.indexOf("\n\n");
  if (headBreak > 0 && headBreak <= INSTRUCTION_CHARS) paragraphs.push([0, headBreak]);
  const tailBreak = text.lastIndexOf("\n\n");
  const headEnd = paragraphs[0]?.[1] ?? 0;
  if (tailBreak >= headEnd && tailBreak > 0 && length - tailBreak <= INSTRUCTION_CHARS)
    paragraphs.push([tailBreak + 2, length]);
  if (paragraphs.length > 0) return paragraphs;
  const spans: [number, number][] = [];
  const head = sentenceEnd(text);
  if (head > 0) spans.push([0, head]);
  const tail = sentenceStart(text);
  if (tail > head && tail < length) spans.push([tail, length]);
  return spans;
}

/** The end of the first sentence if it ends within INSTRUCTION_CHARS, else 0. */
function sentenceEnd(text: string): number {
  for (let index = 0; index < INSTRUCTION_CHARS; index++) {
    const code = text.charCodeAt(index);
    const next = text.charCodeAt(index + 1);
    if ((code === 46 || code === 63 || code === 58 || code === 33) && (next === 32 || next === 10))
      return index + 1;
    if (code === 10) return index;
  }
  return 0;
}

/** The start of the last sentence if it starts within the last INSTRUCTION_CHARS, else the length. */
function sentenceStart(text: string): number {
  const length = text.length;
  // Skip the closing punctuation of the last sentence itself.
  let index = length - 2;
  for (; index >= length - INSTRUCTION_CHARS; index--) {
    const code = text.charCodeAt(index);
    if ((code === 46 || code === 63 || code === 33 || code === 10) && text.charCodeAt(index + 1) <= 32)
      return index + 1;
  }
  return length;
}

/**
 * Adds the keyword evidence of text[from, to): each keyword's weight times `factor` (a factor
 * of 0 counts every keyword as 1), for at most `repeats` occurrences of a word overall.
 */
export function tallyWords(
  text: string,
  range: { from: number; to: number; factor: number; repeats: number },
  tally: KeywordTally,
): void {
  const { from, to, factor, repeats } = range;
  const { table, scores, hits } = tally;
  let hash = 0;
  let wordLength = 0;
  for (let index = from; index <= to; index++) {
    const lower = index < to ? text.charCodeAt(index) | 0x20 : 0;
    if (lower >= 97 && lower <= 122) {
      hash = foldLetter(hash, lower);
      wordLength++;
      continue;
    }
    if (wordLength > 0 && wordLength <= 20) {
      const evidence = table.get(hash);
      const seen = hits.get(hash) ?? 0;
      // A word repeated all over a pasted document is one cue, not twenty.
      if (evidence !== undefined && seen < repeats) {
        hits.set(hash, seen + 1);
        for (const [typeIndex, weight] of evidence) scores[typeIndex]! += factor === 0 ? 1 : weight * factor;
      }
    }
    hash = 0;
    wordLength = 0;
  }
}
