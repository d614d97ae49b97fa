import { type AnthropicUsage, mergeStreamUsage } from "@rightsize/contracts";
import type { AttemptOutcome } from "../spans/attempt-recorder.js";
import { outputMessages } from "./content.js";

/** What a streamed response reveals as it is read; `finish` is called exactly once. */
export interface StreamWatcher {
  firstChunk(): void;
  /** Every chunk after the first. */
  chunk(): void;
  finish(outcome: AttemptOutcome): void;
}

interface StreamEvent {
  type?: string;
  index?: number;
  message?: { id?: string; model?: string; usage?: AnthropicUsage; stop_reason?: string | null };
  delta?: {
    stop_reason?: string | null;
    type?: string;
    text?: string;
    thinking?: string;
    partial_json?: string;
  };
  usage?: AnthropicUsage;
  content_block?: Record<string, unknown>;
}

/**
 * Accumulates a Messages API event stream into the observed response: id and model from
 * message_start, stop reason from message_delta, usage merged cumulatively (message_start's
 * input and cache counts, then each message_delta's cumulative counts), and, only when content
 * capture is on, the content blocks.
 */
class StreamAccumulator {
  id = "";
  model = "";
  stopReason: string | null = null;
  usage: AnthropicUsage | undefined;
  readonly blocks: Record<string, unknown>[] | undefined;

  constructor(captureContent: boolean) {
    this.blocks = captureContent ? [] : undefined;
  }

  add(event: StreamEvent): void {
    switch (event.type) {
      case "message_start":
        this.id = event.message?.id ?? this.id;
        this.model = event.message?.model ?? this.model;
        this.usage = mergeStreamUsage(this.usage, event.message?.usage);
        break;
      case "message_delta":
        if (event.delta?.stop_reason !== undefined) this.stopReason = event.delta.stop_reason;
        this.usage = mergeStreamUsage(this.usage, event.usage);
        break;
      case "content_block_start":
        if (this.blocks !== undefined && event.content_block !== undefined) {
          this.blocks[event.index ?? this.blocks.length] = { ...event.content_block };
        }
        break;
      case "content_block_delta":
        if (this.blocks !== undefined) this.#appendDelta(event);
        break;
      default:
        // ping, content_block_stop, message_stop and event types added later carry nothing we read.
        break;
    }
  }

  #appendDelta(event: StreamEvent): void {
    const block = this.blocks?.[event.index ?? -1];
    if (block === undefined || event.delta === undefined) return;
    if (event.delta.type === "text_delta") block.text = `${block.text ?? ""}${event.delta.text ?? ""}`;
    if (event.delta.type === "thinking_delta")
      block.thinking = `${block.thinking ?? ""}${event.delta.thinking ?? ""}`;
  }

  outcome(): AttemptOutcome {
    if (this.id === "" && this.usage === undefined)
      return { error: new Error("stream ended without a message") };
    return {
      response: { id: this.id, model: this.model, stop_reason: this.stopReason, usage: this.usage ?? {} },
      outputMessages: this.blocks === undefined ? undefined : outputMessages(this.blocks, this.stopReason),
    };
  }
}

/**
 * Wraps an async iterator of stream events so that reading it feeds the watcher. Errors pass
 * through unchanged; the watcher's own faults are swallowed (it is guarded by its owner).
 */
export function tapEventIterator<Item>(
  iterator: AsyncIterator<Item>,
  watcher: StreamWatcher,
  captureContent: boolean,
): AsyncIterator<Item> & AsyncIterable<Item> {
  const accumulator = new StreamAccumulator(captureContent);
  let seenFirst = false;
  let finished = false;
  const finish = (outcome: AttemptOutcome): void => {
    if (finished) return;
    finished = true;
    watcher.finish(outcome);
  };
  const tapped: AsyncIterator<Item> & AsyncIterable<Item> = {
    async next(...args: [] | [unknown]) {
      let result: IteratorResult<Item>;
      try {
        result = await iterator.next(...args);
      } catch (error) {
        finish({ ...accumulator.outcome(), error });
        throw error;
      }
      if (result.done === true) {
        finish(accumulator.outcome());
      } else {
        if (!seenFirst) {
          seenFirst = true;
          watcher.firstChunk();
        } else watcher.chunk();
        try {
          accumulator.add(result.value as StreamEvent);
        } catch {
          // A malformed event must not break the caller's stream.
        }
      }
      return result;
    },
    async return(value?: unknown) {
      // The reader stopped early: what was read so far is what we know was billed.
      finish(accumulator.outcome());
      return iterator.return ? iterator.return(value) : { done: true, value: value as Item };
    },
    [Symbol.asyncIterator]() {
      return tapped;
    },
  };
  return tapped;
}
