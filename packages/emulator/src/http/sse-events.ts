import type { ResponseBlock } from "../answers/response-block.js";
import type { SimulatedMessage } from "../simulation/simulated-message.js";

/** One server-sent event and how many output tokens it carries (for pacing). */
export interface StreamEvent {
  event: string;
  data: unknown;
  tokens: number;
}

const WORDS_PER_TEXT_DELTA = 6;

/**
 * The SSE sequence of a message as the API streams it: message_start (initial usage),
 * per block content_block_start / deltas / content_block_stop, a ping, message_delta
 * (cumulative usage, stop_reason), message_stop.
 */
export function streamEvents(message: SimulatedMessage): StreamEvent[] {
  const { usage } = message;
  const events: StreamEvent[] = [
    {
      event: "message_start",
      data: {
        type: "message_start",
        message: {
          ...message,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          stop_details: null,
          usage: { ...usage, output_tokens: 1, output_tokens_details: null },
        },
      },
      tokens: 0,
    },
  ];
  const totalPieces = message.content.reduce((sum, block) => sum + pieceCount(block), 0);
  message.content.forEach((block, index) => {
    events.push({
      event: "content_block_start",
      data: { type: "content_block_start", index, content_block: shell(block) },
      tokens: 0,
    });
    if (index === 0) events.push({ event: "ping", data: { type: "ping" }, tokens: 0 });
    for (const delta of deltas(block)) {
      // Spread the output tokens over the deltas so streaming pace follows the model's speed.
      const tokens = totalPieces > 0 ? (usage.output_tokens * delta.pieces) / totalPieces : 0;
      events.push({
        event: "content_block_delta",
        data: { type: "content_block_delta", index, delta: delta.delta },
        tokens,
      });
    }
    events.push({ event: "content_block_stop", data: { type: "content_block_stop", index }, tokens: 0 });
  });
  events.push({
    event: "message_delta",
    data: {
      type: "message_delta",
      delta: {
        stop_reason: message.stop_reason,
        stop_sequence: message.stop_sequence,
        stop_details: message.stop_details,
        container: null,
      },
      usage: {
        input_tokens: usage.input_tokens,
        cache_creation_input_tokens: usage.cache_creation_input_tokens,
        cache_read_input_tokens: usage.cache_read_input_tokens,
        output_tokens: usage.output_tokens,
        output_tokens_details: usage.output_tokens_details,
        server_tool_use: usage.server_tool_use,
      },
    },
    tokens: 0,
  });
  events.push({ event: "message_stop", data: { type: "message_stop" }, tokens: 0 });
  return events;
}

/** Serializes one event in the SSE wire format. */
export function formatEvent(event: StreamEvent): string {
  return `event: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`;
}

function shell(block: ResponseBlock): unknown {
  switch (block.type) {
    case "text":
      return { type: "text", text: "" };
    case "thinking":
      return { type: "thinking", thinking: "", signature: "" };
    case "tool_use":
      return { type: "tool_use", id: block.id, name: block.name, input: {}, caller: block.caller };
    case "server_tool_use":
      return { type: "server_tool_use", id: block.id, name: block.name, input: {}, caller: block.caller };
    // A search result arrives whole in its start event, as the API streams it.
    case "web_search_tool_result":
      return block;
  }
}

function deltas(block: ResponseBlock): { delta: unknown; pieces: number }[] {
  switch (block.type) {
    case "text":
      return chunkWords(block.text).map((text) => ({ delta: { type: "text_delta", text }, pieces: 1 }));
    case "thinking": {
      const parts = chunkWords(block.thinking).map((thinking) => ({
        delta: { type: "thinking_delta", thinking },
        pieces: 1,
      }));
      return [...parts, { delta: { type: "signature_delta", signature: block.signature }, pieces: 0 }];
    }
    case "web_search_tool_result":
      return [];
    case "tool_use":
    case "server_tool_use": {
      const json = JSON.stringify(block.input);
      const size = Math.max(1, Math.ceil(json.length / 3));
      const parts: { delta: unknown; pieces: number }[] = [];
      for (let start = 0; start < json.length; start += size)
        parts.push({
          delta: { type: "input_json_delta", partial_json: json.slice(start, start + size) },
          pieces: 1,
        });
      return parts;
    }
  }
}

function pieceCount(block: ResponseBlock): number {
  return deltas(block).reduce((sum, delta) => sum + delta.pieces, 0);
}

/** Splits text into chunks of a few words, keeping every character (spaces included). */
function chunkWords(text: string): string[] {
  if (text.length === 0) return [];
  const words = text.match(/\S+\s*|\s+/g) ?? [text];
  const chunks: string[] = [];
  for (let index = 0; index < words.length; index += WORDS_PER_TEXT_DELTA)
    chunks.push(words.slice(index, index + WORDS_PER_TEXT_DELTA).join(""));
  return chunks;
}
