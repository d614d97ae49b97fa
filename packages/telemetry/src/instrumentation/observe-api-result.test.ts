import Anthropic from "@anthropic-ai/sdk";
import { describe, expect, it } from "vitest";
import { observeApiResult } from "./observe-api-result.js";

const MESSAGE = {
  id: "msg_1",
  type: "message",
  role: "assistant",
  model: "claude-sonnet-4-6",
  content: [{ type: "text", text: "ok" }],
  stop_reason: "end_turn",
  stop_sequence: null,
  usage: { input_tokens: 10, output_tokens: 2 },
};

/** A real SDK client whose fetch answers in-process with `body` and `status`. */
function clientAnswering(body: string, status = 200) {
  return new Anthropic({
    apiKey: "test",
    maxRetries: 0,
    openTelemetry: false,
    fetch: async () =>
      new Response(body, { status, headers: { "content-type": "application/json", "request-id": "req_7" } }),
  });
}

const params = {
  model: "claude-sonnet-4-6",
  max_tokens: 16,
  messages: [{ role: "user" as const, content: "Hi" }],
};

function observe(client: Anthropic) {
  const seen: { data: unknown[]; errors: unknown[] } = { data: [], errors: [] };
  const promise = client.messages.create(params);
  const observed = observeApiResult(
    promise,
    (data) => {
      seen.data.push(data);
      return data;
    },
    (error) => seen.errors.push(error),
  ) as typeof promise;
  return { promise, observed, seen };
}

describe("observeApiResult on the SDK's APIPromise", () => {
  it("sees the parsed body once and hands back the same lazy APIPromise with its request id", async () => {
    const { promise, observed, seen } = observe(clientAnswering(JSON.stringify(MESSAGE)));
    expect(observed).toBe(promise);
    const message = await observed;
    expect(seen.data).toEqual([message]);
    expect(seen.errors).toEqual([]);
    expect(message._request_id).toBe("req_7");
    // A second await reuses the parse: the observer is not called again.
    await observed;
    expect(seen.data).toHaveLength(1);
  });

  it("keeps withResponse() and asResponse() working", async () => {
    const { observed, seen } = observe(clientAnswering(JSON.stringify(MESSAGE)));
    const { data, response, request_id: requestId } = await observed.withResponse();
    expect(data.id).toBe("msg_1");
    expect(response.status).toBe(200);
    expect(requestId).toBe("req_7");
    expect(seen.data).toHaveLength(1);
    const raw = await observe(clientAnswering(JSON.stringify(MESSAGE))).observed.asResponse();
    expect(await raw.json()).toEqual(MESSAGE);
  });

  it("reports an HTTP error and a body that is not JSON, and the caller still gets the SDK's error", async () => {
    const http = observe(
      clientAnswering(JSON.stringify({ type: "error", error: { type: "overloaded_error" } }), 529),
    );
    const httpFailure = await http.observed.catch((error: unknown) => error);
    expect(httpFailure).toBeInstanceOf(Anthropic.APIError);
    expect(http.seen.errors).toEqual([httpFailure]);

    const malformed = observe(clientAnswering("{not json"));
    const parseFailure = await malformed.observed.catch((error: unknown) => error);
    expect(parseFailure).toBeInstanceOf(Error);
    expect(malformed.seen.errors).toEqual([parseFailure]);
    expect(malformed.seen.data).toEqual([]);
  });

  it("observes a plain promise with then", async () => {
    const seen: unknown[] = [];
    const result = await (observeApiResult(
      Promise.resolve(3),
      (value) => (value as number) + 1,
      (error) => seen.push(error),
    ) as Promise<number>);
    expect(result).toBe(4);
    const rejected = observeApiResult(
      Promise.reject(new Error("boom")),
      (value) => value,
      (error) => seen.push(error),
    );
    await expect(rejected).rejects.toThrow("boom");
    expect(seen).toHaveLength(1);
  });
});
