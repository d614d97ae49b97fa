import type { CacheControl, CountTokensRequest, RequestContentBlock } from "../api/messages-request.js";
import { digest } from "../internal/hash.js";
import type { TokenizerGeneration } from "../models/model-spec.js";
import { countTokensV1, scaleTokens } from "./tokenizer.js";

// Fixed framing costs (v1 tokens) standing in for the API's hidden prompt scaffolding: a few
// tokens per request and per message, and a tool-use system preamble when tools are present.
const REQUEST_OVERHEAD = 3;
const MESSAGE_OVERHEAD = 4;
const TOOLS_PREAMBLE = 300;
const TOOL_OVERHEAD = 5;
const IMAGE_TOKENS = 1568;

/** One cacheable unit of the prompt, in API prefix order (tools, system, messages). */
export interface PromptBlock {
  section: "tools" | "system" | "messages";
  tokens: number;
  cacheControl: CacheControl | null;
}

/** The prompt as the cache and the accounting see it. */
export interface PromptLayout {
  blocks: PromptBlock[];
  /** prefixTokens[i]: tokens of blocks 0..i inclusive. */
  prefixTokens: number[];
  /** prefixDigests[i]: content digest of blocks 0..i (the cache key of a prefix). */
  prefixDigests: string[];
  totalTokens: number;
  /** Digest of the whole prompt: the identity quality and answers are derived from. */
  promptHash: string;
  systemText: string;
  firstUserText: string;
  /** All user-visible prompt text (system and user turns), for task classification. */
  userText: string;
  /** True when the last user turn carries a tool_result (an agent loop is answering a tool call). */
  endsWithToolResult: boolean;
}

/**
 * Splits a request into blocks with token counts and prefix digests. count_tokens, messages and
 * batches all go through here, so their counts always agree.
 */
export function layoutPrompt(request: CountTokensRequest, generation: TokenizerGeneration): PromptLayout {
  const raw: {
    section: PromptBlock["section"];
    v1: number;
    key: string;
    cacheControl: CacheControl | null;
  }[] = [];
  const tools = request.tools ?? [];
  tools.forEach((tool, index) => {
    const { cache_control, ...definition } = tool;
    const key = JSON.stringify(definition);
    const v1 = countTokensV1(key) + TOOL_OVERHEAD + (index === 0 ? TOOLS_PREAMBLE : 0);
    raw.push({ section: "tools", v1, key, cacheControl: cache_control ?? null });
  });
  let systemText = "";
  if (typeof request.system === "string") {
    systemText = request.system;
    raw.push({ section: "system", v1: countTokensV1(systemText), key: systemText, cacheControl: null });
  } else if (request.system) {
    for (const block of request.system) {
      systemText += `${block.text ?? ""}\n`;
      raw.push({ section: "system", ...blockCost(block), cacheControl: block.cache_control ?? null });
    }
  }
  let firstUserText: string | undefined;
  let userText = systemText;
  let endsWithToolResult = false;
  for (const message of request.messages) {
    const blocks: RequestContentBlock[] =
      typeof message.content === "string" ? [{ type: "text", text: message.content }] : message.content;
    let messageText = "";
    blocks.forEach((block, index) => {
      if (block.type === "text") messageText += `${block.text ?? ""}\n`;
      const cost = blockCost(block);
      raw.push({
        section: "messages",
        v1: cost.v1 + (index === 0 ? MESSAGE_OVERHEAD : 0),
        key: `${message.role}:${cost.key}`,
        cacheControl: block.cache_control ?? null,
      });
    });
    if (message.role === "user") {
      firstUserText ??= messageText;
      userText += `\n${messageText}`;
      endsWithToolResult = blocks.some((block) => block.type === "tool_result");
    }
  }
  if (raw.length > 0) raw[0]!.v1 += REQUEST_OVERHEAD;

  const blocks: PromptBlock[] = [];
  const prefixTokens: number[] = [];
  const prefixDigests: string[] = [];
  let total = 0;
  let previous: string = generation;
  for (const entry of raw) {
    const tokens = scaleTokens(entry.v1, generation);
    total += tokens;
    previous = digest(previous, entry.section, entry.key);
    blocks.push({ section: entry.section, tokens, cacheControl: entry.cacheControl });
    prefixTokens.push(total);
    prefixDigests.push(previous);
  }
  return {
    blocks,
    prefixTokens,
    prefixDigests,
    totalTokens: total,
    promptHash: previous,
    systemText,
    firstUserText: firstUserText ?? "",
    userText,
    endsWithToolResult,
  };
}

function blockCost(block: RequestContentBlock): { v1: number; key: string } {
  const { cache_control, ...content } = block;
  switch (block.type) {
    case "text":
      return { v1: countTokensV1(block.text ?? ""), key: block.text ?? "" };
    case "image":
      return { v1: IMAGE_TOKENS, key: JSON.stringify(content) };
    case "document": {
      const source = content.source as { type?: string; data?: string } | undefined;
      const data = typeof source?.data === "string" ? source.data : "";
      // Plain text documents are tokenized; base64 PDFs cost about a token per 3 bytes.
      const v1 = source?.type === "text" ? countTokensV1(data) : Math.ceil((data.length * 3) / 4 / 3);
      return { v1: v1 + 10, key: JSON.stringify(content) };
    }
    default: {
      const key = JSON.stringify(content);
      return { v1: countTokensV1(key), key };
    }
  }
}
