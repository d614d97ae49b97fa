import { describe, expect, it } from "vitest";
import { SseDecoder } from "./sse-decoder.js";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("SseDecoder", () => {
  it("decodes events split anywhere across chunks, with CRLF, comments and multi-line data", () => {
    const text =
      'event: message_start\r\ndata: {"a":1}\r\n\r\n: keep-alive\n\nevent: x\ndata: one\ndata: two\n\n';
    for (let cut = 0; cut <= text.length; cut++) {
      const decoder = new SseDecoder();
      const events = [
        ...decoder.push(bytes(text.slice(0, cut))),
        ...decoder.push(bytes(text.slice(cut))),
        ...decoder.end(),
      ];
      expect(events).toEqual([
        { event: "message_start", data: '{"a":1}' },
        { event: "x", data: "one\ntwo" },
      ]);
    }
  });

  it("returns a last event that lacks its blank line at the end of input", () => {
    const decoder = new SseDecoder();
    expect(decoder.push(bytes("event: ping\ndata: {}"))).toEqual([]);
    expect(decoder.end()).toEqual([{ event: "ping", data: "{}" }]);
  });

  it("keeps multi-byte characters split between chunks", () => {
    const encoded = bytes('data: "日本"\n\n');
    const decoder = new SseDecoder();
    const events = [...decoder.push(encoded.slice(0, 8)), ...decoder.push(encoded.slice(8))];
    expect(events).toEqual([{ event: null, data: '"日本"' }]);
  });
});
