import { type PromptInput, visitPrompt } from "../internal/prompt-text.js";
import { lookupWord } from "../internal/word-hash.js";
import { COMPLEXITY_KEYWORDS } from "./complexity-keywords.js";
import { COMPLEXITY_FEATURES } from "./complexity-model.js";
import {
  type ComplexityCounts,
  complexityFeaturesOf,
  countKeyword,
  emptyComplexityCounts,
} from "./score-complexity.js";

/**
 * What a router sees of a prompt: hashed word unigrams and bigrams, hashed character 4-grams,
 * the task type (hashed), and dense features after the hashed buckets: the built-in scorer's
 * own features, lengths, structure, digits and operators, code. Each hashed group is scaled by
 * 1/sqrt(its gram count), so a long prompt does not outweigh a short one.
 *
 * One pass over a bounded amount of the text computes all of it (router file format 2):
 * - the material read is the whole text up to ROUTER_HEAD_CHARS + ROUTER_TAIL_CHARS characters,
 *   else its first ROUTER_HEAD_CHARS and last ROUTER_TAIL_CHARS (the instruction is usually at
 *   one end; the middle of a long prompt is pasted material), so scoring costs the same for a
 *   2,000-token prompt as for a 200-token one; the cut ends a word and a line;
 * - the scorer's counts (keywords, numbers, list items, symbols) are taken in the same pass over
 *   the same material (its length and document cues from the whole length, its densities per
 *   character read): within the budget they equal `scoreComplexity`'s features exactly;
 * - grams are written as bucket indices into arrays reused from one scan to the next (no string,
 *   Map or closure per prompt or per gram).
 *
 * The emulator's inline hint (`[[emulator task=... difficulty=...]]`) is test scaffolding, not
 * prompt content: it is read as a space, or a router trained on emulator outcomes would read
 * the answer key.
 */
export const ROUTER_DENSE_FEATURES = [
  ...COMPLEXITY_FEATURES.map((feature) => `scorer.${feature}`),
  "chars.log",
  "words.log",
  "lines.log",
  "digits.share",
  "operators.share",
  "uppercase.share",
  "fences",
  "questions.log",
] as const;

/** Characters read from the start of a text longer than the budget. */
export const ROUTER_HEAD_CHARS = 2048;
/** Characters read from the end of a text longer than the budget. */
export const ROUTER_TAIL_CHARS = 1024;
const BUDGET = ROUTER_HEAD_CHARS + ROUTER_TAIL_CHARS;

/** Hashed groups, in `RouterScan.grams` order: word unigrams, word bigrams, character 4-grams. */
export const ROUTER_GROUPS = 3;
// Int32 seeds (a literal above 2^31 would be a heap number on the hot path).
const WORD_SEED = 0x9e3779b1 | 0;
const BIGRAM_SEED = 0x85ebca77 | 0;
const CHAR_SEED = 0xc2b2ae3d | 0;
const TASK_SEED = 0x27d4eb2f;
const GOLDEN = 0x9e3779b9 | 0;
const SCORER_FEATURES = COMPLEXITY_FEATURES.length;

/** The features of one text, in arrays a scan reuses: read them before the next scan. */
export interface RouterScan {
  /** Bucket indices per hashed group (ROUTER_GROUPS), the first `counts[group]` of each valid. */
  readonly grams: readonly [Int32Array, Int32Array, Int32Array];
  readonly counts: Int32Array;
  /** The task type's bucket, or -1 when none is known. */
  task: number;
  /** In ROUTER_DENSE_FEATURES order. */
  readonly dense: Float64Array;
  /** @internal The scorer's counts, reset by each scan. */
  readonly scorer: ComplexityCounts;
  /** @internal The spans read, as `spansOf` writes them. */
  readonly spans: number[];
}

/** Scratch for `scanRouterFeatures`: one per caller (a router, a training run). */
export function createRouterScan(): RouterScan {
  // At most one gram of each group per character read (plus the cut and the end).
  const capacity = BUDGET + 2;
  return {
    grams: [new Int32Array(capacity), new Int32Array(capacity), new Int32Array(capacity)],
    counts: new Int32Array(ROUTER_GROUPS),
    task: -1,
    dense: new Float64Array(ROUTER_DENSE_FEATURES.length),
    scorer: emptyComplexityCounts(),
    spans: [],
  };
}

/** The prompt as one text, as the outcomes file stores it (system, then each message, blank-line separated). */
export function promptTextOf(prompt: PromptInput): string {
  const parts: string[] = [];
  visitPrompt(prompt, { text: (text) => parts.push(text), block: () => {} });
  return parts.filter((part) => part !== "").join("\n\n");
}

/**
 * Computes the router features of `text` into `scan` (which it returns) in one pass over the
 * material read. `buckets` is a power of two.
 * @example
 * const scan = scanRouterFeatures({ text, taskType, buckets: file.buckets, scan: createRouterScan() });
 */
export function scanRouterFeatures(options: {
  text: string;
  taskType?: string | undefined;
  buckets: number;
  scan: RouterScan;
}): RouterScan {
  const { text, taskType, buckets, scan } = options;
  const mask = buckets - 1;
  const shift = 32 - Math.log2(buckets);
  const [wordGrams, bigramGrams, charGrams] = scan.grams;
  const spans = spansOf(text, scan.spans);
  // The text's length and the material read, each hint counting as the one space it is read as.
  let length = text.length;
  let read = 0;
  for (let span = 0; span < spans.length; span += 3) {
    read += spans[span + 1]! - spans[span]!;
    if (spans[span + 2] === 32) {
      length -= spans[span + 3]! - spans[span + 1]! - 1;
      read++;
    }
  }
  const counts = resetCounts(scan.scorer, length, read);
  let wordCount = 0;
  let bigramCount = 0;
  let charCount = 0;
  // The router's word: a run of letters, digits and non-ASCII; the scorer's keyword: a run of letters.
  let wordHash = 0;
  let wordLength = 0;
  let previousWord = 0;
  let hasPrevious = false;
  let keyHash = 0;
  let keyLength = 0;
  let window = 0;
  let windowLength = 0;
  let lines = 1;
  let digits = 0;
  let operators = 0;
  let uppercase = 0;
  let letters = 0;
  let nonAsciiLetters = 0;
  let codePunctuation = 0;
  let mathSymbols = 0;
  let listItems = 0;
  let questions = 0;
  let numbers = 0;
  let fences = 0;
  let backticks = 0;
  let lineStart = true;
  let inNumber = false;
  for (let span = 0; span < spans.length; span += 3) {
    const end = spans[span + 1]!;
    const separator = spans[span + 2]!;
    // The index is never moved inside this loop (V8 then keeps it a plain induction variable).
    for (let index = spans[span]!; index <= end; index++) {
      const real = index < end;
      let code = real ? text.charCodeAt(index) : separator;
      if (code >= 65 && code <= 90) {
        uppercase++;
        code |= 0x20;
      }
      if (real) {
        // Character 4-grams over the lower-cased text (other scripts fold to their low byte).
        window = (window << 8) | (code & 0xff);
        // One multiply (Fibonacci hashing: the top bits depend on every byte of the window).
        if (++windowLength >= 4) charGrams[charCount++] = Math.imul(window ^ CHAR_SEED, GOLDEN) >>> shift;
      } else windowLength = 0;
      if (code >= 97 && code <= 122) {
        wordHash = (Math.imul(wordHash, 31) + code) | 0;
        wordLength++;
        keyHash = (Math.imul(keyHash, 31) + code) | 0;
        keyLength++;
        letters++;
        lineStart = false;
        backticks = 0;
        continue;
      }
      if (keyLength > 0) {
        if (keyLength >= 2 && keyLength <= 16) {
          const payload = lookupWord(COMPLEXITY_KEYWORDS, keyHash);
          if (payload !== 0) countKeyword(payload, counts);
        }
        keyHash = 0;
        keyLength = 0;
      }
      const digit = code >= 48 && code <= 57;
      if (digit || code > 127) {
        wordHash = (Math.imul(wordHash, 31) + code) | 0;
        wordLength++;
        if (digit) digits++;
      } else if (wordLength > 0) {
        const word = mix(wordHash ^ WORD_SEED);
        wordGrams[wordCount++] = word & mask;
        if (hasPrevious)
          bigramGrams[bigramCount++] = mix(Math.imul(previousWord, 0x27d4eb2d) ^ word ^ BIGRAM_SEED) & mask;
        previousWord = word;
        hasPrevious = real || code === 32;
        wordHash = 0;
        wordLength = 0;
      } else if (!real && code === 10) hasPrevious = false;
      if (code === 32) {
        // A space: nothing else to count (the most common character after letters).
        inNumber = false;
        backticks = 0;
        continue;
      }
      // The scorer's counts, as `scoreComplexity` takes them.
      if (digit && !inNumber) numbers++;
      // "3.40", "1,200" and "2026-05-14" are one number each.
      inNumber = digit || (inNumber && (code === 46 || code === 44 || code === 45));
      if (code === 96) {
        if (++backticks === 3) fences++;
        continue;
      }
      backticks = 0;
      if (code === 10) {
        lineStart = true;
        if (real) lines++;
        continue;
      }
      if (lineStart && code !== 32 && code !== 9) {
        // "- item", "* item", "1. item" / "1) item" at the start of a line.
        const next = index + 1 < end ? text.charCodeAt(index + 1) : 0;
        if ((code === 45 || code === 42) && next === 32) listItems++;
        else if (digit && (next === 46 || next === 41)) listItems++;
        lineStart = false;
      }
      if (code > 127) {
        // Letters of other scripts (Latin-1 and beyond, not punctuation or math symbols).
        if (code >= 0x2200 && code <= 0x22ff) mathSymbols++;
        else if (code >= 0xc0 && (code < 0x2000 || code > 0x2bff)) nonAsciiLetters++;
        continue;
      }
      switch (code) {
        case 59: // ;
        case 123: // {
        case 125: // }
        case 60: // <
        case 62: // >
        case 91: // [
        case 93: // ]
          codePunctuation++;
          break;
        case 61: // =
        case 43: // +
        case 94: // ^
        case 37: // %
          mathSymbols++;
          operators++;
          break;
        case 92: // backslash (LaTeX)
          mathSymbols++;
          break;
        case 45: // -
        case 42: // *
        case 47: // /
          operators++;
          break;
        case 63: // ?
          questions++;
          break;
      }
    }
  }
  counts.letters = letters;
  counts.nonAsciiLetters = nonAsciiLetters;
  counts.codePunctuation = codePunctuation;
  counts.mathSymbols = mathSymbols;
  counts.fences = fences;
  counts.listItems = listItems;
  counts.questions = questions;
  counts.numbers = numbers;
  scan.counts[0] = wordCount;
  scan.counts[1] = bigramCount;
  scan.counts[2] = charCount;
  scan.task = taskBucket(taskType, mask);
  writeDense(scan.dense, counts, { length, words: wordCount, lines, digits, operators, uppercase });
  return scan;
}

const HINT = "[[emulator";

/**
 * The text with each emulator hint replaced by a space, as the router reads it: for the
 * baselines a router is evaluated beside, which must not read the answer key either.
 */
export function withoutEmulatorHints(text: string): string {
  let from = text.indexOf(HINT);
  if (from < 0) return text;
  let result = "";
  let kept = 0;
  while (from >= 0) {
    const close = text.indexOf("]]", from + HINT.length);
    if (close < 0) break;
    result += `${text.slice(kept, from)} `;
    kept = close + 2;
    from = text.indexOf(HINT, kept);
  }
  return result + text.slice(kept);
}

/**
 * The material read, as (start, end, separator) triples into `spans` (emptied first): the
 * whole text within the budget, else its head and tail; around an emulator hint, which is read
 * as a space (the separator after the span before it). After the head and at the end the
 * separator is a newline.
 */
function spansOf(text: string, spans: number[]): number[] {
  spans.length = 0;
  const length = text.length;
  const regions = length > BUDGET ? [0, ROUTER_HEAD_CHARS, length - ROUTER_TAIL_CHARS, length] : [0, length];
  let skipTo = 0;
  for (let region = 0; region < regions.length; region += 2) {
    let from = Math.max(regions[region]!, skipTo);
    const to = regions[region + 1]!;
    for (;;) {
      const hint = from < to ? text.indexOf(HINT, from) : -1;
      const close = hint >= 0 && hint < to ? text.indexOf("]]", hint + HINT.length) : -1;
      if (close < 0) {
        spans.push(from, Math.max(from, to), 10);
        break;
      }
      skipTo = close + 2;
      if (skipTo > to) {
        spans.push(from, hint, 10);
        break;
      }
      spans.push(from, hint, 32);
      from = skipTo;
    }
  }
  return spans;
}

/** The dense features, in ROUTER_DENSE_FEATURES order. */
function writeDense(
  dense: Float64Array,
  counts: ComplexityCounts,
  text: {
    length: number;
    words: number;
    lines: number;
    digits: number;
    operators: number;
    uppercase: number;
  },
): void {
  const scorer = complexityFeaturesOf(counts, 1);
  for (let index = 0; index < SCORER_FEATURES; index++) dense[index] = scorer[COMPLEXITY_FEATURES[index]!];
  const chars = Math.max(1, counts.scanned);
  let at = SCORER_FEATURES;
  dense[at++] = Math.log2(1 + text.length) / 16;
  dense[at++] = Math.log2(1 + text.words) / 14;
  dense[at++] = Math.log2(1 + text.lines) / 10;
  dense[at++] = Math.min(1, (4 * text.digits) / chars);
  dense[at++] = Math.min(1, (10 * text.operators) / chars);
  dense[at++] = Math.min(1, (4 * text.uppercase) / chars);
  dense[at++] = Math.min(1, counts.fences / 4);
  dense[at++] = Math.log2(1 + counts.questions) / 4;
}

function taskBucket(taskType: string | undefined, mask: number): number {
  if (taskType === undefined) return -1;
  let hash = 0;
  for (let index = 0; index < taskType.length; index++)
    hash = (Math.imul(hash, 31) + taskType.charCodeAt(index)) | 0;
  return mix(hash ^ TASK_SEED) & mask;
}

/** Zeroes the scorer's counts for a text of `length` characters, `read` of them read. */
function resetCounts(counts: ComplexityCounts, length: number, read: number): ComplexityCounts {
  counts.chars = length;
  counts.scanned = read;
  counts.longestText = length;
  counts.documentBlocks = 0;
  counts.keywordHits.fill(0);
  counts.seen.fill(0);
  return counts;
}

/** A 32-bit finalizer (murmur3's fmix32): spreads a hash over the buckets. */
function mix(hash: number): number {
  let value = hash | 0;
  value ^= value >>> 16;
  value = Math.imul(value, 0x85ebca6b);
  value ^= value >>> 13;
  value = Math.imul(value, 0xc2b2ae35);
  // An int32 (not `>>> 0`): a uint32 above 2^31 is a heap number in V8, one allocation per gram.
  return value ^ (value >>> 16);
}
