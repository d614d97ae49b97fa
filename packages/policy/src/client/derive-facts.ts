import type { MessageCreateParamsBase } from "@anthropic-ai/sdk/resources/messages";
import type { RequestFacts } from "@rightsize/contracts";
import { classifyTask } from "../classifier/classify-task.js";
import { scoreComplexity } from "../complexity/score-complexity.js";
import type { PromptInput } from "../internal/prompt-text.js";
import { estimateInputTokens } from "./estimate-input-tokens.js";

/** Turns a prompt into a task type; "unknown" when it cannot tell (it must not guess). */
export type ClassifyFunction = (prompt: PromptInput) => { taskType: string };
/** Turns a prompt (and its task type, when known) into a complexity score in [0, 1]. */
export type ScoreFunction = (
  prompt: PromptInput,
  context?: { taskType?: string | undefined },
) => { score: number };

function hasImages(params: MessageCreateParamsBase): boolean {
  return params.messages.some(
    (message) => Array.isArray(message.content) && message.content.some((block) => block.type === "image"),
  );
}

/**
 * The facts a decision reads, from the caller's facts plus what the request itself tells:
 * requested max_tokens, tools, images, input and stable-prefix token estimates, and (only when the caller gave
 * none) a task type and complexity from the classifier and scorer. Caller facts always win.
 */
export async function deriveFacts(options: {
  params: MessageCreateParamsBase;
  facts?: RequestFacts | undefined;
  /** Default: the package's keyword classifier (`classifyTask`). */
  classify?: ClassifyFunction | undefined;
  /** Default: the package's complexity scorer (`scoreComplexity`). */
  score?: ScoreFunction | undefined;
  estimate?: ((params: MessageCreateParamsBase) => number | Promise<number>) | undefined;
  /** Leading messages the caller marked static: part of the stable prefix. */
  staticMessages?: number | undefined;
}): Promise<RequestFacts> {
  const { params } = options;
  const facts: RequestFacts = { ...options.facts };
  const prompt: PromptInput = { system: params.system, messages: params.messages };
  if (facts.taskType === undefined) facts.taskType = (options.classify ?? classifyTask)(prompt).taskType;
  if (facts.complexity === undefined) {
    const score: ScoreFunction = options.score ?? scoreComplexity;
    facts.complexity = score(prompt, { taskType: facts.taskType }).score;
  }
  facts.estimatedInputTokens ??= await (options.estimate ?? estimateInputTokens)(params);
  if (facts.requestedMaxTokens === undefined && typeof params.max_tokens === "number") {
    facts.requestedMaxTokens = params.max_tokens;
  }
  if (facts.stablePrefixTokens === undefined) {
    // Tools, system and the static messages: what a cache breakpoint could cover.
    const staticMessages = params.messages.slice(0, options.staticMessages ?? 0);
    const prefix = { ...params, messages: staticMessages };
    facts.stablePrefixTokens =
      prefix.system || prefix.tools?.length || staticMessages.length ? estimateInputTokens(prefix) : 0;
  }
  facts.hasTools ??= (params.tools?.length ?? 0) > 0;
  facts.hasImages ??= hasImages(params);
  return facts;
}
