import { type PromptInput, visitPrompt } from "../internal/prompt-text.js";
import { lookupWord } from "../internal/word-hash.js";
import { COMPLEXITY_KEYWORDS, KEYWORD_CATEGORIES, KEYWORD_COUNT } from "./complexity-keywords.js";
import {
  COMPLEXITY_FEATURES,
  type ComplexityFeature,
  type ComplexityFeatures,
  type ComplexityModel,
  DEFAULT_COMPLEXITY_MODEL,
} from "./complexity-model.js";

export interface ComplexityScore {
  /** In [0, 1]: the `complexity` fact. */
  score: number;
  features: ComplexityFeatures;
  /** Features with a positive contribution, largest first: what drove the score. */
  drivers: ComplexityFeature[];
  model: string;
}

/**
 * @internal What the scorer counts in a text; the router's fused feature pass
 * (`router-features.ts`) fills the same counts so the scorer's features cost no second pass.
 */
export interface ComplexityCounts {
  /** All characters (the length feature, the document-size cue). */
  chars: number;
  /** The characters counted (densities are per character counted): `chars`, or the router's bounded material. */
  scanned: number;
  letters: number;
  nonAsciiLetters: number;
  codePunctuation: number;
  mathSymbols: number;
  fences: number;
  listItems: number;
  questions: number;
  numbers: number;
  keywordHits: number[];
  /** Per keyword, whether it was seen: each keyword counts once per prompt. */
  seen: Uint8Array;
  documentBlocks: number;
  longestText: number;
}

/**
 * Scores how demanding a prompt is, in one pass over its text with no allocation per word:
 * length, code, math, multi-step structure, constraints, reasoning cues, documents, non-Latin
 * language, questions and conversation depth feed a logistic model whose weights are data.
 * @example
 * const { score } = scoreComplexity({ system, messages });
 * decide({ policy, facts: { taskType, complexity: score } });
 */
export function scoreComplexity(options: PromptInput & { model?: ComplexityModel }): ComplexityScore {
  const counts = emptyComplexityCounts();
  visitPrompt(options, {
    text: (text) => scanText(text, counts),
    block: (type) => {
      if (type === "document" || type === "image") counts.documentBlocks++;
    },
  });
  const features = complexityFeaturesOf(counts, options.messages?.length ?? 0);
  const model = options.model ?? DEFAULT_COMPLEXITY_MODEL;
  let logit = model.bias;
  const contributions: [ComplexityFeature, number][] = [];
  for (const feature of COMPLEXITY_FEATURES) {
    const contribution = model.weights[feature] * features[feature];
    logit += contribution;
    if (contribution > 0.05) contributions.push([feature, contribution]);
  }
  contributions.sort((left, right) => right[1] - left[1]);
  return {
    score: 1 / (1 + Math.exp(-logit)),
    features,
    drivers: contributions.map(([feature]) => feature),
    model: model.version,
  };
}

/** @internal Zeroed counts (a fresh "seen" table). */
export function emptyComplexityCounts(): ComplexityCounts {
  return {
    chars: 0,
    scanned: 0,
    letters: 0,
    nonAsciiLetters: 0,
    codePunctuation: 0,
    mathSymbols: 0,
    fences: 0,
    listItems: 0,
    questions: 0,
    numbers: 0,
    keywordHits: new Array<number>(KEYWORD_CATEGORIES).fill(0),
    seen: new Uint8Array(KEYWORD_COUNT + 1),
    documentBlocks: 0,
    longestText: 0,
  };
}

function scanText(text: string, counts: ComplexityCounts): void {
  const length = text.length;
  counts.chars += length;
  counts.scanned += length;
  if (length > counts.longestText) counts.longestText = length;
  let hash = 0;
  let wordLength = 0;
  let lineStart = true;
  let backticks = 0;
  let inNumber = false;
  for (let index = 0; index <= length; index++) {
    const code = index < length ? text.charCodeAt(index) : 10;
    const lower = code | 0x20;
    if (lower >= 97 && lower <= 122) {
      hash = (Math.imul(hash, 31) + lower) | 0;
      wordLength++;
      counts.letters++;
      lineStart = false;
      backticks = 0;
      continue;
    }
    if (wordLength > 0) {
      if (wordLength >= 2 && wordLength <= 16) {
        const payload = lookupWord(COMPLEXITY_KEYWORDS, hash);
        if (payload !== 0) countKeyword(payload, counts);
      }
      hash = 0;
      wordLength = 0;
    }
    const digit = code >= 48 && code <= 57;
    if (digit && !inNumber) counts.numbers++;
    // "3.40", "1,200" and "2026-05-14" are one number each.
    inNumber = digit || (inNumber && (code === 46 || code === 44 || code === 45));
    if (code === 96) {
      if (++backticks === 3) counts.fences++;
      continue;
    }
    backticks = 0;
    if (code === 10) {
      lineStart = true;
      continue;
    }
    if (lineStart && code !== 32 && code !== 9) {
      // "- item", "* item", "1. item" / "1) item" at the start of a line.
      const next = index + 1 < length ? text.charCodeAt(index + 1) : 0;
      if ((code === 45 || code === 42) && next === 32) counts.listItems++;
      else if (code >= 48 && code <= 57 && (next === 46 || next === 41)) counts.listItems++;
      lineStart = false;
    }
    if (code > 127) {
      // Letters of other scripts (Latin-1 and beyond, not punctuation or math symbols).
      if (code >= 0x2200 && code <= 0x22ff) counts.mathSymbols++;
      else if (code >= 0xc0 && (code < 0x2000 || code > 0x2bff)) counts.nonAsciiLetters++;
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
        counts.codePunctuation++;
        break;
      case 61: // =
      case 43: // +
      case 94: // ^
      case 92: // backslash (LaTeX)
      case 37: // %
        counts.mathSymbols++;
        break;
      case 63: // ?
        counts.questions++;
        break;
    }
  }
}

/** @internal Counts a keyword's categories, once per prompt (`payload` from COMPLEXITY_KEYWORDS). */
export function countKeyword(payload: number, counts: ComplexityCounts): void {
  const index = payload >>> 8;
  if (counts.seen[index] !== 0) return;
  counts.seen[index] = 1;
  for (let category = 0; category < KEYWORD_CATEGORIES; category++) {
    if (payload & (1 << category)) counts.keywordHits[category]!++;
  }
}

const clamp = (value: number) => Math.min(1, Math.max(0, value));

/** @internal The scorer's features from its counts. */
export function complexityFeaturesOf(counts: ComplexityCounts, messageCount: number): ComplexityFeatures {
  const [constraint, reasoning, multiStep, code, math, document, demanding, routine] = counts.keywordHits as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  // About 4 characters per token; the length feature saturates around 32K tokens (log scale).
  const tokens = counts.chars / 4;
  const perThousand = counts.scanned > 0 ? 1000 / counts.scanned : 0;
  return {
    length: clamp(Math.log2(1 + tokens / 64) / 9),
    code: clamp(counts.fences * 0.25 + code * 0.15 + counts.codePunctuation * perThousand * 0.02),
    // Numbers count as math only beside math words: a word problem, not a log or an invoice.
    math: clamp(
      math * 0.2 + counts.mathSymbols * perThousand * 0.03 + (math >= 2 ? counts.numbers * 0.08 : 0),
    ),
    multiStep: clamp(counts.listItems / 8 + multiStep / 4),
    constraints: clamp(constraint / 4),
    reasoning: clamp(reasoning / 3),
    demanding: clamp(demanding / 3),
    routine: clamp(routine / 2),
    numbers: clamp(counts.numbers / 8),
    documents: clamp(counts.documentBlocks * 0.5 + document * 0.25 + (counts.longestText > 6000 ? 0.5 : 0)),
    language:
      counts.letters + counts.nonAsciiLetters > 0
        ? clamp((2 * counts.nonAsciiLetters) / (counts.letters + counts.nonAsciiLetters))
        : 0,
    questions: clamp(counts.questions / 5),
    turns: clamp((messageCount - 1) / 10),
  };
}
