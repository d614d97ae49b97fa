/** Content blocks the emulator produces (a subset of the SDK's ContentBlock union). */
export type ResponseBlock =
  | { type: "text"; text: string; citations: null }
  | { type: "thinking"; thinking: string; signature: string }
  | { type: "tool_use"; id: string; name: string; input: unknown; caller: { type: "direct" } };

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
