import type { MessagesRequest, RequestTool } from "../api/messages-request.js";
import { hash32 } from "../internal/hash.js";
import type { TokenizerGeneration } from "../models/model-spec.js";
import type { PromptLayout } from "../tokenizer/prompt-layout.js";
import { countTextTokens, scaleTokens } from "../tokenizer/tokenizer.js";
import type { ResponseBlock, WebSearchResult } from "./response-block.js";

/** The web search tool versions the API (and SDK 1.12) knows. */
export const WEB_SEARCH_TOOL_TYPES: ReadonlySet<string> = new Set([
  "web_search_20250305",
  "web_search_20260209",
  "web_search_20260318",
]);
const RESULTS_PER_SEARCH = 3;
// Tokens (v1) of page text per result: results reach the model as input tokens, as with the API.
// Simulated: the API does not publish a per-result size.
const RESULT_TOKENS_V1 = 220;

/** The searches of one answer: blocks to put before the text, and what they add to usage. */
export interface WebSearchPlan {
  blocks: ResponseBlock[];
  /** Searches run (`usage.server_tool_use.web_search_requests`); a refused one past max_uses is not one. */
  requests: number;
  /** The results' tokens, which the model reads: uncached input. */
  inputTokens: number;
  /** The queries the model writes: output. */
  outputTokens: number;
}

/**
 * Simulates the web search server tool: 1 to 3 searches per answer (a function of the prompt),
 * at most `max_uses`; one planned past that gets the API's `max_uses_exceeded` result. Each
 * search is a `server_tool_use` block followed by its `web_search_tool_result` with three results
 * (in `allowed_domains` when given). No network: urls, titles and contents are made up, stably.
 */
export function planWebSearch(options: {
  request: MessagesRequest;
  layout: PromptLayout;
  tokenizer: TokenizerGeneration;
  newId: () => string;
}): WebSearchPlan | null {
  const { request, layout, tokenizer } = options;
  const tool = (request.tools ?? []).find((candidate) => WEB_SEARCH_TOOL_TYPES.has(String(candidate.type)));
  if (!tool || request.tool_choice?.type === "none") return null;
  const planned = 1 + (hash32(`${layout.promptHash}|web_search`) % 3);
  const maxUses = typeof tool.max_uses === "number" ? tool.max_uses : Number.POSITIVE_INFINITY;
  const words = layout.userText.split(/\s+/).filter((word) => /^[\p{L}\p{N}]+$/u.test(word));
  const blocks: ResponseBlock[] = [];
  let inputTokens = 0;
  let outputTokens = 0;
  let requests = 0;
  for (let search = 0; search < planned; search++) {
    const start = words.length > 0 ? hash32(`${layout.promptHash}|q${search}`) % words.length : 0;
    const query = words.slice(start, start + 6).join(" ") || "latest news";
    const id = options.newId();
    blocks.push({
      type: "server_tool_use",
      id,
      name: "web_search",
      input: { query },
      caller: { type: "direct" },
    });
    outputTokens += countTextTokens(JSON.stringify({ query }), tokenizer);
    if (search >= maxUses) {
      const content = { type: "web_search_tool_result_error", error_code: "max_uses_exceeded" } as const;
      blocks.push({ type: "web_search_tool_result", tool_use_id: id, content, caller: { type: "direct" } });
      break;
    }
    requests++;
    const results = Array.from({ length: RESULTS_PER_SEARCH }, (_, index) =>
      result({ tool, query, search, index, layout }),
    );
    for (const found of results) {
      inputTokens += countTextTokens(found.title, tokenizer) + scaleTokens(RESULT_TOKENS_V1, tokenizer);
    }
    blocks.push({
      type: "web_search_tool_result",
      tool_use_id: id,
      content: results,
      caller: { type: "direct" },
    });
  }
  return { blocks, requests, inputTokens, outputTokens };
}

function result(options: {
  tool: RequestTool;
  query: string;
  search: number;
  index: number;
  layout: PromptLayout;
}): WebSearchResult {
  const { tool, query, search, index, layout } = options;
  const allowed = Array.isArray(tool.allowed_domains) ? (tool.allowed_domains as string[]) : [];
  const key = hash32(`${layout.promptHash}|${search}|${index}`).toString(36);
  const domain =
    allowed.length > 0 ? allowed[(search + index) % allowed.length] : `site${key.slice(0, 3)}.example`;
  return {
    type: "web_search_result",
    url: `https://${domain}/${key}`,
    title: `${query} (${index + 1})`,
    encrypted_content: Buffer.from(`emulator:${key}:${query}`).toString("base64"),
    page_age: `${1 + (hash32(key) % 30)} days ago`,
  };
}
