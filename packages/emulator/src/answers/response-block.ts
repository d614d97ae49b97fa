/** Content blocks the emulator produces (a subset of the SDK's ContentBlock union). */
export type ResponseBlock =
  | { type: "text"; text: string; citations: null }
  | { type: "thinking"; thinking: string; signature: string }
  | { type: "tool_use"; id: string; name: string; input: unknown; caller: { type: "direct" } }
  | {
      type: "server_tool_use";
      id: string;
      name: "web_search";
      input: { query: string };
      caller: { type: "direct" };
    }
  | {
      type: "web_search_tool_result";
      tool_use_id: string;
      content: WebSearchResult[] | { type: "web_search_tool_result_error"; error_code: "max_uses_exceeded" };
      caller: { type: "direct" };
    };

/** One result of a simulated web search (SDK type WebSearchResultBlock). */
export interface WebSearchResult {
  type: "web_search_result";
  url: string;
  title: string;
  encrypted_content: string;
  page_age: string | null;
}

export type StopReason =
  | "end_turn"
  | "max_tokens"
  | "stop_sequence"
  | "tool_use"
  | "refusal"
  | "model_context_window_exceeded";

export interface RefusalStopDetails {
  type: "refusal";
  category: null;
  explanation: null;
}
