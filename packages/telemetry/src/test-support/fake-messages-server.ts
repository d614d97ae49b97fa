import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { AnthropicUsage } from "@rightsize/contracts";

/** What the fake returns for one request (usage is the final, cumulative usage). */
export interface FakeReply {
  usage: AnthropicUsage;
  text?: string;
  stopReason?: string;
  /** Respond with this API error instead (status, error type). */
  error?: { status: number; type: string };
}

/**
 * A tiny Messages API server speaking the real wire shapes (JSON, SSE, batches JSONL) for unit
 * tests of the wrapper; the end-to-end tests use packages/emulator.
 */
export async function startFakeMessagesServer(reply: (body: Record<string, unknown>) => FakeReply) {
  const batches = new Map<string, Array<{ custom_id: string; params: Record<string, unknown> }>>();
  let counter = 0;
  const server = createServer((request, response) => {
    let raw = "";
    request.on("data", (chunk: Buffer) => {
      raw += chunk.toString("utf8");
    });
    request.on("end", () => handle(request, response, raw === "" ? {} : JSON.parse(raw)));
  });
  const message = (body: Record<string, unknown>, result: FakeReply) => ({
    id: `msg_${++counter}`,
    type: "message",
    role: "assistant",
    model: body.model,
    content: [{ type: "text", text: result.text ?? "ok" }],
    stop_reason: result.stopReason ?? "end_turn",
    stop_sequence: null,
    usage: result.usage,
  });
  const handle = (request: IncomingMessage, response: ServerResponse, body: Record<string, unknown>) => {
    const url = request.url ?? "";
    const json = (status: number, value: unknown) => {
      response.writeHead(status, { "content-type": "application/json", "request-id": `req_${counter}` });
      response.end(JSON.stringify(value));
    };
    if (request.method === "POST" && url === "/v1/messages") {
      const result = reply(body);
      if (result.error !== undefined) {
        json(result.error.status, {
          type: "error",
          error: { type: result.error.type, message: "fake error" },
        });
        return;
      }
      const full = message(body, result);
      if (body.stream !== true) return json(200, full);
      response.writeHead(200, { "content-type": "text/event-stream" });
      const { output_tokens: outputTokens, ...startUsage } = result.usage;
      const events: Array<[string, unknown]> = [
        [
          "message_start",
          {
            type: "message_start",
            message: { ...full, content: [], stop_reason: null, usage: { ...startUsage, output_tokens: 1 } },
          },
        ],
        [
          "content_block_start",
          { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } },
        ],
        [
          "content_block_delta",
          { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: result.text ?? "ok" } },
        ],
        ["content_block_stop", { type: "content_block_stop", index: 0 }],
        [
          "message_delta",
          {
            type: "message_delta",
            delta: { stop_reason: full.stop_reason, stop_sequence: null },
            usage: { ...result.usage, output_tokens: outputTokens },
          },
        ],
        ["message_stop", { type: "message_stop" }],
      ];
      for (const [event, data] of events)
        response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      response.end();
      return;
    }
    const batchMatch = /^\/v1\/messages\/batches(?:\/([^/]+))?(\/results)?$/.exec(url);
    if (batchMatch !== null) {
      const id = batchMatch[1] ?? `msgbatch_${++counter}`;
      if (request.method === "POST") batches.set(id, body.requests as never);
      const requests = batches.get(id) ?? [];
      if (batchMatch[2] !== undefined) {
        response.writeHead(200, { "content-type": "application/binary" });
        for (const item of requests) {
          const result = reply(item.params);
          const line =
            result.error !== undefined
              ? {
                  custom_id: item.custom_id,
                  result: {
                    type: "errored",
                    error: { type: "error", error: { type: result.error.type, message: "x" } },
                  },
                }
              : {
                  custom_id: item.custom_id,
                  result: { type: "succeeded", message: message(item.params, result) },
                };
          response.write(`${JSON.stringify(line)}\n`);
        }
        response.end();
        return;
      }
      return json(200, {
        id,
        type: "message_batch",
        processing_status: "ended",
        request_counts: { processing: 0, succeeded: requests.length, errored: 0, canceled: 0, expired: 0 },
        created_at: new Date().toISOString(),
        expires_at: new Date().toISOString(),
        ended_at: new Date().toISOString(),
        results_url: `${baseUrl}/v1/messages/batches/${id}/results`,
      });
    }
    json(404, { type: "error", error: { type: "not_found_error", message: url } });
  };
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: baseUrl,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
