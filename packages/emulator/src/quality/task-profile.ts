import { unitFrom } from "../internal/hash.js";
import type { PromptLayout } from "../tokenizer/prompt-layout.js";
import { isTaskType, type TaskType } from "./task-type.js";

/** Where a task type or difficulty came from. */
export type ProfileSource = "header" | "hint" | "derived";

/** What the quality model knows about a request before any model answers it. */
export interface TaskProfile {
  /** The requested task type as given (any string); `scoredAs` is the capability column used. */
  taskType: string;
  scoredAs: TaskType;
  taskTypeSource: ProfileSource;
  difficulty: number;
  difficultySource: ProfileSource;
  /** The request asks for JSON (output_config.format, a system prompt asking for JSON, or extraction). */
  structured: boolean;
  /** A hint forced a refusal (`refusal=true`). */
  forceRefusal: boolean;
  /** A hint fixed the answer's natural length in tokens (`length=5000`). */
  answerTokens: number | null;
  /** A hint forced a batch outcome (`batch=errored|expired`); batch requests cannot carry headers. */
  batchOutcome: "errored" | "expired" | null;
}

const HINT = /\[\[emulator\s+([^\]]*)\]\]/i;

/** Parses `[[emulator task=classification difficulty=0.82]]` into its key/value pairs. */
export function parseHint(text: string): Map<string, string> | null {
  const match = HINT.exec(text);
  if (!match) return null;
  const pairs = new Map<string, string>();
  for (const part of match[1]!.trim().split(/\s+/)) {
    const [key, value] = part.split("=", 2);
    if (key) pairs.set(key.toLowerCase(), value ?? "true");
  }
  return pairs;
}

// Keyword rules in priority order; the first that matches the prompt names its task type.
const KEYWORDS: readonly [TaskType, RegExp][] = [
  ["extraction", /\b(extract|parse|pull out|fields?)\b/i],
  ["classification", /\b(classify|categori[sz]e|label|sentiment|which category)\b/i],
  ["summarization", /\b(summari[sz]e|summary|tl;?dr|condense)\b/i],
  ["translation", /\b(translate|translation|in (french|german|spanish|japanese|english))\b/i],
  ["coding", /\b(code|function|typescript|python|bug|implement|refactor|sql)\b|```/i],
  ["reasoning", /\b(prove|step by step|reason|why does|calculate|solve|plan)\b/i],
  ["writing", /\b(write|draft|essay|story|email|poem|blog)\b/i],
  ["qa", /\?\s*$|\b(what|who|when|where|how)\b/i],
];

/**
 * Resolves task type and difficulty: request headers first, then an inline hint in the system
 * prompt or first user message, then a deterministic derivation from the prompt text.
 */
export function resolveTaskProfile(options: {
  layout: PromptLayout;
  headerTaskType?: string | undefined;
  headerDifficulty?: string | undefined;
  formatRequested: boolean;
}): TaskProfile {
  const { layout } = options;
  const hint = parseHint(layout.systemText) ?? parseHint(layout.firstUserText);

  let taskType: string;
  let taskTypeSource: ProfileSource;
  const hintedTask = hint?.get("task");
  if (options.headerTaskType) [taskType, taskTypeSource] = [options.headerTaskType, "header"];
  else if (hintedTask) [taskType, taskTypeSource] = [hintedTask, "hint"];
  else [taskType, taskTypeSource] = [deriveTaskType(layout.userText), "derived"];

  let difficulty: number;
  let difficultySource: ProfileSource;
  const headerDifficulty = parseUnit(options.headerDifficulty);
  const hintedDifficulty = parseUnit(hint?.get("difficulty"));
  if (headerDifficulty !== null) [difficulty, difficultySource] = [headerDifficulty, "header"];
  else if (hintedDifficulty !== null) [difficulty, difficultySource] = [hintedDifficulty, "hint"];
  else [difficulty, difficultySource] = [deriveDifficulty(layout), "derived"];

  const scoredAs: TaskType = isTaskType(taskType) ? taskType : "general";
  const jsonHint = hint?.get("json");
  const structured =
    jsonHint !== undefined
      ? jsonHint === "true"
      : options.formatRequested || scoredAs === "extraction" || /\bjson\b/i.test(layout.systemText);
  const batch = hint?.get("batch");
  const length = Number(hint?.get("length"));
  return {
    taskType,
    scoredAs,
    taskTypeSource,
    difficulty,
    difficultySource,
    structured,
    forceRefusal: hint?.get("refusal") === "true",
    answerTokens: Number.isInteger(length) && length > 0 ? length : null,
    batchOutcome: batch === "errored" || batch === "expired" ? batch : null,
  };
}

function deriveTaskType(text: string): TaskType {
  for (const [taskType, pattern] of KEYWORDS) if (pattern.test(text)) return taskType;
  return "general";
}

/** Longer prompts skew harder; the rest is a stable function of the prompt's content. */
function deriveDifficulty(layout: PromptLayout): number {
  const lengthFactor = Math.min(1, Math.log10(1 + layout.totalTokens) / 5);
  const value = 0.65 * unitFrom(layout.promptHash, "difficulty") + 0.35 * lengthFactor;
  return Math.round(value * 1000) / 1000;
}

function parseUnit(text: string | undefined): number | null {
  if (text === undefined || text.trim() === "") return null;
  const value = Number(text);
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : null;
}
