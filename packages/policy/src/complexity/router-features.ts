import { type PromptInput, visitPrompt } from "../internal/prompt-text.js";
import { COMPLEXITY_FEATURES } from "./complexity-model.js";
import { scoreComplexity } from "./score-complexity.js";

/**
 * What a router sees of a prompt, as one sparse vector: hashed word unigrams and bigrams,
 * hashed character 4-grams (of the first and last 1,024 characters), the task type (hashed), and dense features after the hashed ones:
 * the scorer's own features, lengths, structure, digits and operators, code. Each hashed group
 * is scaled by 1/sqrt(its gram count), so a long prompt does not outweigh a short one.
 *
 * The emulator's inline hint (`[[emulator task=... difficulty=...]]`) is test scaffolding, not
 * prompt content: it is skipped, or a router trained on emulator outcomes would read the answer key.
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

/** Hashed groups: their index in a gram's hash seed and in the per-group scales. */
const WORD = 0;
const BIGRAM = 1;
const CHAR = 2;
const GROUPS = 3;
// Int32 seeds (a literal above 2^31 would be a heap number on the hot path).
const SEEDS = [0x9e3779b1 | 0, 0x85ebca77 | 0, 0xc2b2ae3d | 0] as const;
const TASK_SEED = 0x27d4eb2f;
/**
 * Character 4-grams are taken where the instruction usually is: the first and last CHAR_SPAN
 * characters. One gram per character is the costliest feature, and the middle of a long
 * prompt is mostly material whose words the word grams already see.
 */
const CHAR_SPAN = 1024;

/** A sink for the features of one prompt: a hashed gram of a group, or a dense feature's value. */
export interface FeatureSink {
  gram(bucket: number, group: number): void;
  dense(index: number, value: number): void;
  task(bucket: number): void;
}

/** The prompt as one text, as the outcomes file stores it (system, then each message, blank-line separated). */
export function promptTextOf(prompt: PromptInput): string {
  const parts: string[] = [];
  visitPrompt(prompt, { text: (text) => parts.push(text), block: () => {} });
  return parts.filter((part) => part !== "").join("\n\n");
}

/** Gram counts per hashed group, for the 1/sqrt(count) scales. */
export function groupCounts(): Float64Array {
  return new Float64Array(GROUPS);
}

export const ROUTER_GROUPS = GROUPS;

/**
 * Walks the features of `text` into `sink`; returns the per-group gram counts (the caller
 * scales each group's sum by 1/sqrt(count)). `buckets` is a power of two.
 */
export function extractRouterFeatures(options: {
  text: string;
  taskType?: string | undefined;
  buckets: number;
  sink: FeatureSink;
}): Float64Array {
  const { text, buckets, sink } = options;
  const mask = buckets - 1;
  const counts = groupCounts();
  let wordHash = 0;
  let previousWord = 0;
  let wordLength = 0;
  let window = 0;
  let windowLength = 0;
  let words = 0;
  let lines = 1;
  let digits = 0;
  let operators = 0;
  let uppercase = 0;
  let questions = 0;
  let fences = 0;
  let backticks = 0;
  const length = text.length;
  const charTail = length - CHAR_SPAN;
  for (let index = 0; index <= length; index++) {
    let code = index < length ? text.charCodeAt(index) : 32;
    if (code === 91 && text.startsWith("[[emulator", index)) {
      const end = text.indexOf("]]", index);
      if (end >= 0) {
        index = end + 1;
        continue;
      }
    }
    if (code >= 65 && code <= 90) {
      uppercase++;
      code |= 0x20;
    }
    // Character 4-grams over the lower-cased text (other scripts fold to their low byte).
    window = (window << 8) | (code & 0xff);
    if (++windowLength >= 4 && (index < CHAR_SPAN || index >= charTail)) {
      sink.gram(mix(window ^ SEEDS[CHAR]) & mask, CHAR);
      counts[CHAR]!++;
    }
    const letterOrDigit = (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code > 127;
    if (letterOrDigit) {
      wordHash = (Math.imul(wordHash, 31) + code) | 0;
      wordLength++;
      if (code >= 48 && code <= 57) digits++;
    } else if (wordLength > 0) {
      const word = mix(wordHash ^ SEEDS[WORD]);
      sink.gram(word & mask, WORD);
      counts[WORD]!++;
      if (words > 0) {
        sink.gram(mix(Math.imul(previousWord, 0x27d4eb2d) ^ word ^ SEEDS[BIGRAM]) & mask, BIGRAM);
        counts[BIGRAM]!++;
      }
      previousWord = word;
      words++;
      wordHash = 0;
      wordLength = 0;
    }
    if (code === 96) {
      if (++backticks === 3) fences++;
    } else backticks = 0;
    if (code === 10) lines++;
    else if (code === 63) questions++;
    else if (
      code === 43 ||
      code === 45 ||
      code === 42 ||
      code === 47 ||
      code === 61 ||
      code === 37 ||
      code === 94
    )
      operators++;
  }
  if (options.taskType !== undefined) sink.task(mix(hashString(options.taskType) ^ TASK_SEED) & mask);
  denseFeatures(text, { words, lines, digits, operators, uppercase, questions, fences }, sink);
  return counts;
}

function denseFeatures(
  text: string,
  counts: {
    words: number;
    lines: number;
    digits: number;
    operators: number;
    uppercase: number;
    questions: number;
    fences: number;
  },
  sink: FeatureSink,
): void {
  const scorer = scoreComplexity({ messages: [{ role: "user", content: text }] }).features;
  let index = 0;
  for (const feature of COMPLEXITY_FEATURES) sink.dense(index++, scorer[feature]);
  const chars = Math.max(1, text.length);
  sink.dense(index++, Math.log2(1 + text.length) / 16);
  sink.dense(index++, Math.log2(1 + counts.words) / 14);
  sink.dense(index++, Math.log2(1 + counts.lines) / 10);
  sink.dense(index++, Math.min(1, (4 * counts.digits) / chars));
  sink.dense(index++, Math.min(1, (10 * counts.operators) / chars));
  sink.dense(index++, Math.min(1, (4 * counts.uppercase) / chars));
  sink.dense(index++, Math.min(1, counts.fences / 4));
  sink.dense(index++, Math.log2(1 + counts.questions) / 4);
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

function hashString(text: string): number {
  let hash = 0;
  for (let index = 0; index < text.length; index++) hash = (Math.imul(hash, 31) + text.charCodeAt(index)) | 0;
  return hash;
}
