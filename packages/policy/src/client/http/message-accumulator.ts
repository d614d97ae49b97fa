import type { Message } from "@anthropic-ai/sdk/resources/messages";
import { type AnthropicUsage, mergeStreamUsage } from "@rightsize/contracts";

type Block = Record<string, unknown> & { type?: string };

/** Why a streamed body cannot be assembled into a message. */
export class StreamProtocolError extends Error {
  override readonly name = "StreamProtocolError";
}

/**
 * Assembles a Messages API event stream (as JSON values, in order) into the Message a
 * non-streamed call would have returned: content blocks from their deltas (text, tool input
 * JSON, thinking, signatures, citations, and any block type it does not know, kept as started),
 * stop_reason and the cumulative usage. Beta streams assemble the same way.
 */
export class MessageAccumulator {
  #message: (Record<string, unknown> & { content: Block[] }) | undefined;
  readonly #partialJson = new Map<number, string>();
  #usage: AnthropicUsage | undefined;
  #stopped = false;
  /** An `error` event the server sent inside the stream (e.g. overloaded_error), if any. */
  error: { type: string; message: string } | undefined;

  /** True once the first content event arrived (for time-to-first-chunk). */
  get started(): boolean {
    return (this.#message?.content.length ?? 0) > 0;
  }

  /** True when `message_stop` was seen: the stream ended as the protocol says it must. */
  get complete(): boolean {
    return this.#stopped;
  }

  /** What was seen so far: enough to settle a budget for a stream cut in the middle. */
  get partial(): { id: string; model: string; stopReason: string | null; usage: AnthropicUsage | undefined } {
    return {
      id: String(this.#message?.id ?? ""),
      model: String(this.#message?.model ?? ""),
      stopReason: (this.#message?.stop_reason as string | null | undefined) ?? null,
      usage: this.#usage,
    };
  }

  /** Applies one event (`data` already parsed). Throws StreamProtocolError on an impossible order. */
  push(event: Record<string, unknown>): void {
    switch (event.type) {
      case "message_start": {
        const message = event.message as Record<string, unknown> & { content?: Block[] };
        this.#message = { ...message, content: [...(message.content ?? [])] };
        this.#usage = mergeStreamUsage(undefined, message.usage as AnthropicUsage);
        return;
      }
      case "content_block_start":
        this.#content()[event.index as number] = { ...(event.content_block as Block) };
        return;
      case "content_block_delta":
        this.#delta(event.index as number, event.delta as Record<string, unknown>);
        return;
      case "content_block_stop":
        this.#stopBlock(event.index as number);
        return;
      case "message_delta": {
        const message = this.#require();
        Object.assign(message, event.delta as object);
        this.#usage = mergeStreamUsage(this.#usage, event.usage as AnthropicUsage);
        return;
      }
      case "message_stop":
        this.#stopped = true;
        return;
      case "error": {
        const error = (event.error ?? {}) as { type?: string; message?: string };
        this.error = { type: error.type ?? "error", message: error.message ?? "stream error" };
        return;
      }
      default:
        return; // ping and event types added later: nothing to assemble
    }
  }

  /** The assembled message. */
  message(): Message {
    const message = this.#require();
    return { ...message, usage: this.#usage ?? message.usage } as unknown as Message;
  }

  #require() {
    if (!this.#message) throw new StreamProtocolError("event before message_start");
    return this.#message;
  }

  #content(): Block[] {
    return this.#require().content;
  }

  #delta(index: number, delta: Record<string, unknown>): void {
    const block = this.#content()[index];
    if (!block) throw new StreamProtocolError(`content_block_delta for block ${index} before its start`);
    switch (delta.type) {
      case "text_delta":
        block.text = String(block.text ?? "") + String(delta.text);
        return;
      case "input_json_delta":
        this.#partialJson.set(index, (this.#partialJson.get(index) ?? "") + String(delta.partial_json));
        return;
      case "thinking_delta":
        block.thinking = String(block.thinking ?? "") + String(delta.thinking);
        return;
      case "signature_delta":
        block.signature = delta.signature;
        return;
      case "citations_delta":
        block.citations = [...((block.citations as unknown[]) ?? []), delta.citation];
        return;
      default: {
        // Deltas of newer block kinds: merge their fields except the type.
        const { type: _type, ...fields } = delta;
        Object.assign(block, fields);
      }
    }
  }

  #stopBlock(index: number): void {
    const json = this.#partialJson.get(index);
    if (json === undefined) return;
    this.#partialJson.delete(index);
    const block = this.#content()[index];
    if (!block) return;
    try {
      block.input = json === "" ? {} : JSON.parse(json);
    } catch (error) {
      throw new StreamProtocolError(`tool input of block ${index} is not JSON: ${(error as Error).message}`);
    }
  }
}
