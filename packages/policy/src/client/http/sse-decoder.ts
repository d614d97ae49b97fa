/** One server-sent event: its `event:` name (null when absent) and its `data:` lines joined. */
export interface SseEvent {
  event: string | null;
  data: string;
}

/**
 * An incremental decoder of a `text/event-stream` body (the WHATWG rules the API follows): bytes
 * in, whole events out. Lines end in LF, CRLF or CR; a blank line ends an event; `:` lines are
 * comments. Kept local because the SDK's decoder is internal and reads a Response whole.
 */
export class SseDecoder {
  readonly #text = new TextDecoder();
  #buffer = "";
  #event: string | null = null;
  #data: string[] = [];

  /** Feeds a chunk; returns the events it completed. */
  push(chunk: Uint8Array): SseEvent[] {
    this.#buffer += this.#text.decode(chunk, { stream: true });
    return this.#drain(false);
  }

  /** Ends the input; returns a last event left without its blank line, if any. */
  end(): SseEvent[] {
    this.#buffer += this.#text.decode();
    return this.#drain(true);
  }

  #drain(final: boolean): SseEvent[] {
    const events: SseEvent[] = [];
    for (;;) {
      const match = /\r\n|\r|\n/.exec(this.#buffer);
      // A lone CR at the end of a chunk may be the first half of CRLF: wait for more.
      if (!match || (match[0] === "\r" && match.index === this.#buffer.length - 1 && !final)) break;
      const line = this.#buffer.slice(0, match.index);
      this.#buffer = this.#buffer.slice(match.index + match[0].length);
      const event = this.#line(line);
      if (event) events.push(event);
    }
    if (final) {
      if (this.#buffer !== "") this.#line(this.#buffer);
      this.#buffer = "";
      const event = this.#line("");
      if (event) events.push(event);
    }
    return events;
  }

  #line(line: string): SseEvent | undefined {
    if (line === "") {
      if (this.#data.length === 0 && this.#event === null) return undefined;
      const event = { event: this.#event, data: this.#data.join("\n") };
      this.#event = null;
      this.#data = [];
      return event;
    }
    if (line.startsWith(":")) return undefined;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") this.#event = value;
    else if (field === "data") this.#data.push(value);
    return undefined;
  }
}
