import { type PromptInput, visitPrompt } from "../internal/prompt-text.js";
import { foldLetter, keywordTable } from "../internal/word-hash.js";
import { TASK_KEYWORDS } from "./task-keywords.js";

export interface TaskClassification {
  /** The most likely task type, or "unknown" when the evidence is weak or split. */
  taskType: string;
  /** Share of the evidence behind `taskType`, damped when there is little of it; 0 for unknown. */
  confidence: number;
  /** Evidence per task type (sum of keyword weights; repeats count at most 3 times). */
  scores: Readonly<Record<string, number>>;
}

export interface TaskClassifier {
  classify(prompt: PromptInput): TaskClassification;
}

/** Instructions sit at the start of the system prompt and messages; data follows. */
const SCAN_LIMIT = 4000;

/**
 * A rule-and-keyword task classifier (trainable later: the vocabulary is data). It reads the
 * system prompt and the user turns and answers "unknown" rather than guess when the evidence
 * is thin (below `minEvidence`) or split (confidence below `minConfidence`).
 */
export function createTaskClassifier(
  options: {
    keywords?: Readonly<Record<string, Readonly<Record<string, number>>>>;
    minEvidence?: number;
    minConfidence?: number;
  } = {},
): TaskClassifier {
  const vocabulary = options.keywords ?? TASK_KEYWORDS;
  const taskTypes = Object.keys(vocabulary);
  const entries: [string, [number, number][]][] = [];
  const byWord = new Map<string, [number, number][]>();
  taskTypes.forEach((taskType, typeIndex) => {
    for (const [word, weight] of Object.entries(vocabulary[taskType]!)) {
      const list = byWord.get(word) ?? [];
      list.push([typeIndex, weight]);
      byWord.set(word, list);
    }
  });
  for (const [word, list] of byWord) entries.push([word, list]);
  const table = keywordTable(entries);
  const minEvidence = options.minEvidence ?? 3;
  const minConfidence = options.minConfidence ?? 0.5;
  return {
    classify(prompt) {
      const scores = new Array<number>(taskTypes.length).fill(0);
      const hits = new Map<number, number>();
      visitPrompt(prompt, {
        text: (text, role) => {
          if (role !== "assistant") scanWords(text, table, scores, hits);
        },
        block: () => {},
      });
      let best = -1;
      let total = 0;
      for (let index = 0; index < scores.length; index++) {
        total += scores[index]!;
        if (best < 0 || scores[index]! > scores[best]!) best = index;
      }
      const top = best >= 0 ? scores[best]! : 0;
      const share = total > 0 ? top / total : 0;
      const confidence = share * Math.min(1, top / (2 * minEvidence));
      const named = Object.fromEntries(taskTypes.map((taskType, index) => [taskType, scores[index]!]));
      if (top < minEvidence || confidence < minConfidence)
        return { taskType: "unknown", confidence: 0, scores: named };
      return { taskType: taskTypes[best]!, confidence, scores: named };
    },
  };
}

function scanWords(
  text: string,
  table: Map<number, [number, number][]>,
  scores: number[],
  hits: Map<number, number>,
) {
  const length = Math.min(text.length, SCAN_LIMIT);
  let hash = 0;
  let wordLength = 0;
  for (let index = 0; index <= length; index++) {
    const lower = index < length ? text.charCodeAt(index) | 0x20 : 0;
    if (lower >= 97 && lower <= 122) {
      hash = foldLetter(hash, lower);
      wordLength++;
      continue;
    }
    if (wordLength > 0 && wordLength <= 20) {
      const evidence = table.get(hash);
      const seen = hits.get(hash) ?? 0;
      // A word repeated all over a pasted document is one cue, not twenty.
      if (evidence !== undefined && seen < 3) {
        hits.set(hash, seen + 1);
        for (const [typeIndex, weight] of evidence) scores[typeIndex]! += weight;
      }
    }
    hash = 0;
    wordLength = 0;
  }
}

const defaultClassifier = createTaskClassifier();

/**
 * Classifies a request that arrived without a task type.
 * @example
 * const { taskType, confidence } = classifyTask({ system, messages });
 */
export function classifyTask(prompt: PromptInput): TaskClassification {
  return defaultClassifier.classify(prompt);
}
