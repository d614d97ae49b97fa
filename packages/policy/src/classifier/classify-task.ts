import { type PromptInput, visitPrompt } from "../internal/prompt-text.js";
import { keywordTable } from "../internal/word-hash.js";
import { instructionSpans, type KeywordTally, tallyWords } from "./tally-words.js";
import { TASK_KEYWORDS } from "./task-keywords.js";

export interface TaskClassification {
  /** The most likely task type, or "unknown" when the evidence is weak or split. */
  taskType: string;
  /** Share of the evidence behind `taskType`, damped when there is little of it (below 12); 0 for unknown. */
  confidence: number;
  /** Evidence per task type (keyword weights, four times over in an instruction; see `createTaskClassifier`). */
  scores: Readonly<Record<string, number>>;
}

export interface TaskClassifier {
  classify(prompt: PromptInput): TaskClassification;
}

/** How much more a word of an instruction counts than a word of the material it is about. */
const INSTRUCTION_FACTOR = 4;
/** Evidence a question mark in an instruction gives question answering (before the factor). */
const QUESTION_EVIDENCE = 1;
/** Material is read up to this many characters per text. */
const SCAN_LIMIT = 4000;

/**
 * A keyword task classifier over a common taxonomy (`TASK_KEYWORDS`; the vocabulary is data).
 * It reads the system prompt and user turns in two passes: first the instructions (a text's
 * opening and closing paragraph or sentence, words weighted four times), and only when they do
 * not decide, the material in between (each word once, weight 1), so a pasted contract to
 * translate is translation. It answers "unknown" rather than guess when the evidence is thin
 * (below `minEvidence`) or split (the leading type holds less than `minShare` of it). `aliases`
 * renames task types in the answer (`POLICY_TASK_ALIASES`: the example policies' names).
 */
export function createTaskClassifier(
  options: {
    keywords?: Readonly<Record<string, Readonly<Record<string, number>>>>;
    aliases?: Readonly<Record<string, string>>;
    minEvidence?: number;
    minShare?: number;
  } = {},
): TaskClassifier {
  const vocabulary = options.keywords ?? TASK_KEYWORDS;
  const taskTypes = Object.keys(vocabulary);
  const byWord = new Map<string, [number, number][]>();
  taskTypes.forEach((taskType, typeIndex) => {
    for (const [word, weight] of Object.entries(vocabulary[taskType]!)) {
      const list = byWord.get(word) ?? [];
      list.push([typeIndex, weight]);
      byWord.set(word, list);
    }
  });
  const table = keywordTable(byWord);
  const minEvidence = options.minEvidence ?? 6;
  const minShare = options.minShare ?? 0.4;
  const aliases = options.aliases ?? {};
  const questionIndex = taskTypes.indexOf("question-answering");

  const verdict = (scores: readonly number[]) => {
    let best = 0;
    let total = 0;
    for (let index = 0; index < scores.length; index++) {
      total += scores[index]!;
      if (scores[index]! > scores[best]!) best = index;
    }
    const top = scores[best] ?? 0;
    const share = total > 0 ? top / total : 0;
    return { best, share, decided: top >= minEvidence && share >= minShare, top };
  };

  return {
    classify(prompt) {
      const texts: string[] = [];
      visitPrompt(prompt, {
        text: (text, role) => {
          if (role !== "assistant") texts.push(text);
        },
        block: () => {},
      });
      const tally: KeywordTally = {
        table,
        scores: new Array<number>(taskTypes.length).fill(0),
        hits: new Map(),
      };
      let question = false;
      for (const text of texts) {
        for (const [from, to] of instructionSpans(text)) {
          tallyWords(text, { from, to, factor: INSTRUCTION_FACTOR, repeats: 3 }, tally);
          if (!question && questionIndex >= 0 && text.lastIndexOf("?", to - 1) >= from) {
            question = true;
            tally.scores[questionIndex]! += QUESTION_EVIDENCE * INSTRUCTION_FACTOR;
          }
        }
      }
      let result = verdict(tally.scores);
      if (!result.decided) {
        // The material: each word once at weight 1, whatever it weighs in an instruction.
        for (const text of texts)
          tallyWords(text, { from: 0, to: Math.min(text.length, SCAN_LIMIT), factor: 0, repeats: 1 }, tally);
        result = verdict(tally.scores);
      }
      const named = Object.fromEntries(taskTypes.map((taskType, index) => [taskType, tally.scores[index]!]));
      if (!result.decided) return { taskType: "unknown", confidence: 0, scores: named };
      const taskType = taskTypes[result.best]!;
      return {
        taskType: aliases[taskType] ?? taskType,
        confidence: result.share * Math.min(1, result.top / (2 * minEvidence)),
        scores: named,
      };
    },
  };
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
