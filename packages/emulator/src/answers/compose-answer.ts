import { seededRandom } from "@rightsize/contracts";
import type { MessagesRequest, RequestTool } from "../api/messages-request.js";
import { digest, hash32, unitFrom } from "../internal/hash.js";
import type { ModelSpec } from "../models/model-spec.js";
import type { QualityJudgement } from "../quality/quality-model.js";
import type { TaskProfile } from "../quality/task-profile.js";
import type { TaskType } from "../quality/task-type.js";
import type { PromptLayout } from "../tokenizer/prompt-layout.js";
import { countTextTokens } from "../tokenizer/tokenizer.js";
import { type ClosedAnswer, closedAnswerText } from "./closed-answer.js";
import { fillerText } from "./filler-text.js";
import { jsonAnswerText, malformJson, valueForSchema } from "./json-answer.js";
import type { RefusalStopDetails, ResponseBlock, StopReason } from "./response-block.js";

/** Answer length range (tokens, before model verbosity) per task type; translation follows the input. */
const LENGTH_RANGE: Readonly<Record<TaskType, readonly [number, number]>> = {
  classification: [3, 12],
  extraction: [30, 160],
  summarization: [80, 260],
  translation: [10, 2000],
  qa: [40, 250],
  writing: [250, 900],
  coding: [150, 700],
  reasoning: [200, 800],
  general: [60, 400],
};

/** A finished simulated answer. */
export interface ComposedAnswer {
  content: ResponseBlock[];
  outputTokens: number;
  thinkingTokens: number;
  stopReason: StopReason;
  stopSequence: string | null;
  stopDetails: RefusalStopDetails | null;
  truncated: boolean;
  validJson: boolean | null;
}

/** The answer's natural length in tokens: a function of (task type, model, prompt) only. */
export function naturalLength(options: {
  model: ModelSpec;
  profile: TaskProfile;
  layout: PromptLayout;
}): number {
  const { model, profile, layout } = options;
  if (profile.answerTokens !== null) return profile.answerTokens;
  const [low, high] = LENGTH_RANGE[profile.scoredAs];
  const position = unitFrom(layout.promptHash, profile.taskType, "length");
  const base =
    profile.scoredAs === "translation"
      ? Math.min(high, Math.max(low, layout.totalTokens * (0.9 + 0.4 * position)))
      : low + (high - low) * position;
  const jitter = 0.9 + 0.2 * unitFrom(layout.promptHash, model.id, "length");
  return Math.max(1, Math.round(base * model.verbosity * jitter));
}

/**
 * Shapes the answer: refusal, extended thinking, tool use, text or JSON; honours max_tokens,
 * the context window and stop sequences.
 */
export function composeAnswer(options: {
  request: MessagesRequest;
  model: ModelSpec;
  profile: TaskProfile;
  judgement: QualityJudgement;
  layout: PromptLayout;
  thinkingTokens: number;
  seed: number;
  newToolUseId: () => string;
  /** A closed question's reference or a judge's verdict from the eval hint: the answer's words. */
  closed?: ClosedAnswer | null;
}): ComposedAnswer {
  const { request, model, profile, judgement, layout } = options;
  const random = seededRandom(hash32(`${options.seed}|${model.id}|${layout.promptHash}`));
  const contextRoom = model.contextWindow - layout.totalTokens;
  const limit = Math.max(0, Math.min(request.max_tokens, contextRoom));
  const limitStop: StopReason =
    request.max_tokens <= contextRoom ? "max_tokens" : "model_context_window_exceeded";
  const content: ResponseBlock[] = [];

  if (judgement.refusal) {
    const text = "I can't help with that request.";
    const tokens = Math.min(limit, countTextTokens(text, model.tokenizer));
    content.push({ type: "text", text, citations: null });
    const details: RefusalStopDetails = { type: "refusal", category: null, explanation: null };
    return {
      ...finish({ content, outputTokens: tokens, thinkingTokens: 0, stopReason: "refusal" }),
      stopDetails: details,
      validJson: null,
    };
  }

  const thinkingTokens = Math.min(options.thinkingTokens, limit);
  if (thinkingTokens > 0) {
    const display = request.thinking && "display" in request.thinking ? request.thinking.display : undefined;
    content.push({
      type: "thinking",
      thinking: display === "omitted" ? "" : fillerText(thinkingTokens, random).text,
      signature: Buffer.from(digest("signature", layout.promptHash, model.id)).toString("base64"),
    });
  }
  let room = limit - thinkingTokens;
  if (room <= 0)
    return finish({
      content,
      outputTokens: thinkingTokens,
      thinkingTokens,
      stopReason: limitStop,
      truncated: true,
    });

  if (options.closed) {
    const text = closedAnswerText({ answer: options.closed, correct: judgement.capable, random });
    return fixedText({
      content,
      text,
      room,
      thinkingTokens,
      limitStop,
      model,
      structured: profile.structured,
    });
  }

  const tool = pickTool(request, layout);
  if (tool) {
    const input = valueForSchema(
      (tool.input_schema ?? { type: "object" }) as Record<string, unknown>,
      random,
    );
    const preamble =
      request.tool_choice?.type === "auto" || !request.tool_choice ? `I'll use the ${tool.name} tool.` : "";
    const preambleTokens = preamble ? countTextTokens(preamble, model.tokenizer) : 0;
    const toolTokens = countTextTokens(JSON.stringify(input), model.tokenizer) + 10;
    if (preambleTokens + toolTokens <= room) {
      if (preamble) content.push({ type: "text", text: preamble, citations: null });
      content.push({
        type: "tool_use",
        id: options.newToolUseId(),
        name: tool.name ?? "tool",
        input,
        caller: { type: "direct" },
      });
      return finish({
        content,
        outputTokens: thinkingTokens + preambleTokens + toolTokens,
        thinkingTokens,
        stopReason: "tool_use",
      });
    }
  }

  const target = naturalLength({ model, profile, layout });
  if (profile.structured) {
    const schema = request.output_config?.format?.schema ?? null;
    let text = jsonAnswerText({ schema, targetTokens: target, random });
    if (!judgement.capable) text = malformJson(text);
    let tokens = countTextTokens(text, model.tokenizer);
    let truncated = false;
    if (tokens > room) {
      text = text.slice(0, Math.floor((text.length * room) / tokens));
      tokens = room;
      truncated = true;
    }
    content.push({ type: "text", text, citations: null });
    const answer = finish({
      content,
      outputTokens: thinkingTokens + tokens,
      thinkingTokens,
      stopReason: truncated ? limitStop : "end_turn",
      truncated,
    });
    return { ...answer, validJson: parses(text) };
  }

  room = Math.min(room, target);
  const generated = fillerText(room, random);
  let text = generated.text;
  const truncated = target > limit - thinkingTokens;
  const stop = firstStopSequence(text, request.stop_sequences);
  if (stop) {
    const kept = text.slice(0, stop.index);
    text = kept;
    const tokens = Math.max(
      1,
      Math.round((generated.tokens * kept.length) / Math.max(1, generated.text.length)),
    );
    content.push({ type: "text", text, citations: null });
    return {
      ...finish({
        content,
        outputTokens: thinkingTokens + tokens,
        thinkingTokens,
        stopReason: "stop_sequence",
      }),
      stopSequence: stop.sequence,
    };
  }
  content.push({ type: "text", text, citations: null });
  return finish({
    content,
    outputTokens: thinkingTokens + generated.tokens,
    thinkingTokens,
    stopReason: truncated ? limitStop : "end_turn",
    truncated,
  });
}

/** A text answer whose words are given (a closed answer): cut at `room` tokens like any other. */
function fixedText(options: {
  content: ResponseBlock[];
  text: string;
  room: number;
  thinkingTokens: number;
  limitStop: StopReason;
  model: ModelSpec;
  structured: boolean;
}): ComposedAnswer {
  const { content, room, thinkingTokens } = options;
  let text = options.text;
  let tokens = countTextTokens(text, options.model.tokenizer);
  const truncated = tokens > room;
  if (truncated) {
    text = text.slice(0, Math.floor((text.length * room) / tokens));
    tokens = room;
  }
  content.push({ type: "text", text, citations: null });
  const stop = truncated ? options.limitStop : "end_turn";
  const answer = finish({
    content,
    outputTokens: thinkingTokens + tokens,
    thinkingTokens,
    stopReason: stop,
    truncated,
  });
  return options.structured ? { ...answer, validJson: parses(text) } : answer;
}

function finish(options: {
  content: ResponseBlock[];
  outputTokens: number;
  thinkingTokens: number;
  stopReason: StopReason;
  truncated?: boolean;
}): ComposedAnswer {
  const { content, outputTokens, thinkingTokens, stopReason, truncated = false } = options;
  return {
    content,
    // The API reports at least one output token even for an empty answer.
    outputTokens: Math.max(1, outputTokens),
    thinkingTokens,
    stopReason,
    stopSequence: null,
    stopDetails: null,
    truncated,
    validJson: null,
  };
}

/** tool_choice any/tool always calls a tool; auto calls one unless the last user turn answers a tool call. */
function pickTool(request: MessagesRequest, layout: PromptLayout): RequestTool | null {
  const tools = (request.tools ?? []).filter((tool) => tool.type === undefined || tool.type === "custom");
  const choice = request.tool_choice ?? { type: "auto" };
  if (tools.length === 0 || choice.type === "none") return null;
  if (choice.type === "tool") return tools.find((tool) => tool.name === choice.name) ?? null;
  if (choice.type === "auto" && layout.endsWithToolResult) return null;
  return tools[hash32(layout.promptHash) % tools.length]!;
}

function firstStopSequence(text: string, sequences: readonly string[] | undefined) {
  let best: { index: number; sequence: string } | null = null;
  for (const sequence of sequences ?? []) {
    if (sequence.length === 0) continue;
    const index = text.indexOf(sequence);
    if (index >= 0 && (best === null || index < best.index)) best = { index, sequence };
  }
  return best;
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
