import type Anthropic from "@anthropic-ai/sdk";
import { afterEach, describe, expect, it } from "vitest";
import type { Emulator } from "../start-emulator.js";
import { startWithClient } from "../test-support/emulator-fixture.js";

let emulator: Emulator | undefined;
afterEach(() => emulator?.close());

async function setup(options: Parameters<typeof startWithClient>[0] = {}) {
  const started = await startWithClient({ seed: 5, ...options });
  emulator = started.emulator;
  return started;
}

const params = (content: string, model = "claude-haiku-4-5") => ({
  model,
  max_tokens: 200,
  messages: [{ role: "user" as const, content }],
});

async function waitUntilEnded(client: Anthropic, id: string): Promise<Anthropic.Messages.MessageBatch> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const batch = await client.messages.batches.retrieve(id);
    if (batch.processing_status === "ended") return batch;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`batch ${id} did not end`);
}

async function results(client: Anthropic, id: string) {
  const lines: Anthropic.Messages.MessageBatchIndividualResponse[] = [];
  for await (const line of await client.messages.batches.results(id)) lines.push(line);
  return lines;
}

describe("message batches through the official SDK", () => {
  it("processes a batch asynchronously; results are JSONL at results_url, out of order, service_tier batch", async () => {
    const { client } = await setup();
    const requests = Array.from({ length: 12 }, (_, index) => ({
      custom_id: `request-${index}`,
      params: params(`Summarize document number ${index}.`),
    }));
    const created = await client.messages.batches.create({ requests });
    expect(created).toMatchObject({
      type: "message_batch",
      processing_status: "in_progress",
      results_url: null,
    });
    expect(created.id).toMatch(/^msgbatch_01/);
    expect(created.request_counts.processing).toBe(12);
    expect(Date.parse(created.expires_at) - Date.parse(created.created_at)).toBe(24 * 3600_000);

    const ended = await waitUntilEnded(client, created.id);
    expect(ended.request_counts).toEqual({
      processing: 0,
      succeeded: 12,
      errored: 0,
      canceled: 0,
      expired: 0,
    });
    expect(ended.results_url).toBe(`${emulator!.url}/v1/messages/batches/${created.id}/results`);
    expect(ended.ended_at).not.toBeNull();

    const lines = await results(client, created.id);
    expect(lines.map((line) => line.custom_id).sort()).toEqual(
      requests.map((request) => request.custom_id).sort(),
    );
    expect(lines.map((line) => line.custom_id)).not.toEqual(requests.map((request) => request.custom_id));
    for (const line of lines) {
      expect(line.result.type).toBe("succeeded");
      if (line.result.type !== "succeeded") continue;
      expect(line.result.message.usage.service_tier).toBe("batch");
      expect(emulator!.verdict(line.result.message.id)?.serviceTier).toBe("batch");
    }
  });

  it("counts tokens in batches exactly as in realtime messages", async () => {
    const { client } = await setup();
    const realtime = await client.messages.create(
      params("Extract the invoice fields as JSON.", "claude-opus-5"),
    );
    const batch = await client.messages.batches.create({
      requests: [
        { custom_id: "one", params: params("Extract the invoice fields as JSON.", "claude-opus-5") },
      ],
    });
    await waitUntilEnded(client, batch.id);
    const [line] = await results(client, batch.id);
    expect(line?.result.type).toBe("succeeded");
    if (line?.result.type === "succeeded") {
      expect(line.result.message.usage.input_tokens).toBe(realtime.usage.input_tokens);
      expect(line.result.message.content).toEqual(realtime.content);
    }
  });

  it("reports per-request errors and forced expiry without failing the batch", async () => {
    const { client } = await setup();
    const batch = await client.messages.batches.create({
      requests: [
        { custom_id: "ok", params: params("Classify: refund request.") },
        { custom_id: "unknown-model", params: params("Hello", "claude-nope-1") },
        { custom_id: "forced-expiry", params: params("[[emulator batch=expired]] Translate this.") },
        { custom_id: "forced-error", params: params("[[emulator batch=errored]] Translate that.") },
      ],
    });
    const ended = await waitUntilEnded(client, batch.id);
    expect(ended.request_counts).toEqual({
      processing: 0,
      succeeded: 1,
      errored: 2,
      canceled: 0,
      expired: 1,
    });
    const byId = new Map((await results(client, batch.id)).map((line) => [line.custom_id, line.result]));
    expect(byId.get("unknown-model")).toEqual({
      type: "errored",
      error: {
        type: "error",
        error: { type: "not_found_error", message: "model: claude-nope-1" },
        request_id: null,
      },
    });
    expect(byId.get("forced-expiry")).toEqual({ type: "expired" });
    expect(byId.get("forced-error")).toMatchObject({
      type: "errored",
      error: { error: { type: "api_error" } },
    });
  });

  it("rejects structurally invalid batches as a whole", async () => {
    const { client } = await setup();
    await expect(client.messages.batches.create({ requests: [] })).rejects.toMatchObject({ status: 400 });
    await expect(
      client.messages.batches.create({
        requests: [
          { custom_id: "same", params: params("a") },
          { custom_id: "same", params: params("b") },
        ],
      }),
    ).rejects.toMatchObject({ status: 400 });
    await expect(
      client.messages.batches.create({
        requests: [
          {
            custom_id: "x",
            params: { model: "claude-haiku-4-5", messages: [{ role: "user", content: "a" }] } as never,
          },
        ],
      }),
    ).rejects.toMatchObject({
      status: 400,
      error: { error: { message: "requests.0.params.max_tokens: Field required" } },
    });
  });

  it("expires unfinished requests when the emulator clock passes expires_at", async () => {
    const { client, clock } = await setup({ batchDelayMs: 60_000 });
    const batch = await client.messages.batches.create({
      requests: [
        { custom_id: "a", params: params("one") },
        { custom_id: "b", params: params("two") },
      ],
    });
    expect((await client.messages.batches.retrieve(batch.id)).processing_status).toBe("in_progress");
    clock.advance(24 * 3600_000);
    const expired = await client.messages.batches.retrieve(batch.id);
    expect(expired.processing_status).toBe("ended");
    expect(expired.request_counts).toMatchObject({ expired: 2, succeeded: 0, processing: 0 });
    expect((await results(client, batch.id)).map((line) => line.result.type)).toEqual(["expired", "expired"]);
  });

  it("cancels, refuses to delete while in progress, deletes once ended, and lists newest first", async () => {
    const { client } = await setup({ batchDelayMs: 60_000 });
    const first = await client.messages.batches.create({
      requests: [{ custom_id: "a", params: params("one") }],
    });
    const second = await client.messages.batches.create({
      requests: [{ custom_id: "b", params: params("two") }],
    });
    await expect(client.messages.batches.delete(second.id)).rejects.toMatchObject({ status: 400 });
    const canceling = await client.messages.batches.cancel(second.id);
    expect(canceling.processing_status).toBe("canceling");
    expect(canceling.cancel_initiated_at).not.toBeNull();
    const canceled = await waitUntilEnded(client, second.id);
    expect(canceled.request_counts).toMatchObject({ canceled: 1, processing: 0 });
    expect((await results(client, second.id))[0]?.result).toEqual({ type: "canceled" });

    const page = await client.messages.batches.list({ limit: 1 });
    expect(page.data.map((batch) => batch.id)).toEqual([second.id]);
    expect(page.has_more).toBe(true);
    const all = [];
    for await (const batch of client.messages.batches.list({ limit: 1 })) all.push(batch.id);
    expect(all).toEqual([second.id, first.id]);

    await expect(client.messages.batches.delete(second.id)).resolves.toEqual({
      id: second.id,
      type: "message_batch_deleted",
    });
    await expect(client.messages.batches.retrieve(second.id)).rejects.toMatchObject({ status: 404 });
  });
});
