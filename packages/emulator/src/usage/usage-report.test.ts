import type Anthropic from "@anthropic-ai/sdk";
import { afterEach, describe, expect, it } from "vitest";
import { createManualClock } from "../clock.js";
import type { Emulator } from "../start-emulator.js";
import { startWithClient } from "../test-support/emulator-fixture.js";
import type { UsageReportBucket } from "./usage-ledger.js";

let emulator: Emulator | undefined;
afterEach(() => emulator?.close());

const DAY = 86_400_000;
const start = Date.UTC(2026, 6, 1);

async function usageReport(query: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${emulator!.url}/v1/organizations/usage_report/messages?${query}`, {
    headers: { "x-api-key": "admin-key", "anthropic-version": "2023-06-01" },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function waitForBatch(client: Anthropic, id: string): Promise<void> {
  for (let attempt = 0; attempt < 400; attempt++) {
    if ((await client.messages.batches.retrieve(id)).processing_status === "ended") return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`batch ${id} did not end`);
}

describe("Admin usage report", () => {
  it("reports exactly what was billed, per day, model and service tier, realtime and batch", async () => {
    const clock = createManualClock(start + 9 * 3_600_000);
    const started = await startWithClient({ seed: 3, clock });
    emulator = started.emulator;
    const { client } = started;
    const billed = new Map<string, { uncached: number; output: number; read: number; write5m: number }>();
    const add = (key: string, usage: Anthropic.Messages.Usage) => {
      const row = billed.get(key) ?? { uncached: 0, output: 0, read: 0, write5m: 0 };
      row.uncached += usage.input_tokens;
      row.output += usage.output_tokens;
      row.read += usage.cache_read_input_tokens ?? 0;
      row.write5m += usage.cache_creation?.ephemeral_5m_input_tokens ?? 0;
      billed.set(key, row);
    };
    const system = [
      { type: "text" as const, text: "policy ".repeat(3000), cache_control: { type: "ephemeral" as const } },
    ];
    for (const day of [0, 0, 1]) {
      clock.set(start + day * DAY + 10 * 3_600_000);
      const message = await client.messages.create({
        model: "claude-haiku-4-5",
        max_tokens: 100,
        system,
        messages: [{ role: "user", content: `question on day ${day}` }],
      });
      add(`${day}|claude-haiku-4-5-20251001|standard`, message.usage);
    }
    clock.set(start + 1 * DAY + 11 * 3_600_000);
    const batch = await client.messages.batches.create({
      requests: [0, 1, 2].map((index) => ({
        custom_id: `r${index}`,
        params: {
          model: "claude-sonnet-4-6",
          max_tokens: 50,
          messages: [{ role: "user" as const, content: `batch ${index}` }],
        },
      })),
    });
    await waitForBatch(client, batch.id);
    for await (const line of await client.messages.batches.results(batch.id)) {
      if (line.result.type === "succeeded") add("1|claude-sonnet-4-6|batch", line.result.message.usage);
    }

    const report = await usageReport(
      `starting_at=2026-07-01T00:00:00Z&ending_at=2026-07-03T00:00:00Z&bucket_width=1d&group_by[]=model&group_by[]=service_tier`,
    );
    expect(report.status).toBe(200);
    expect(report.body.has_more).toBe(false);
    const data = report.body.data as UsageReportBucket[];
    expect(data.map((bucket) => bucket.starting_at)).toEqual([
      "2026-07-01T00:00:00Z",
      "2026-07-02T00:00:00Z",
    ]);
    const reported = new Map<string, { uncached: number; output: number; read: number; write5m: number }>();
    data.forEach((bucket, day) => {
      for (const result of bucket.results) {
        reported.set(`${day}|${result.model}|${result.service_tier}`, {
          uncached: result.uncached_input_tokens,
          output: result.output_tokens,
          read: result.cache_read_input_tokens,
          write5m: result.cache_creation.ephemeral_5m_input_tokens,
        });
      }
    });
    expect(reported).toEqual(billed);
    // The second call of day 0 read the prefix the first one wrote.
    expect(billed.get("0|claude-haiku-4-5-20251001|standard")!.read).toBeGreaterThan(0);
  });

  it("pages by buckets and rejects bad queries like the Admin API", async () => {
    const started = await startWithClient({ seed: 3, clock: createManualClock(start) });
    emulator = started.emulator;
    const first = await usageReport(
      "starting_at=2026-07-01T00:00:00Z&ending_at=2026-07-11T00:00:00Z&bucket_width=1d&limit=7",
    );
    expect((first.body.data as unknown[]).length).toBe(7);
    expect(first.body.has_more).toBe(true);
    const second = await usageReport(
      `starting_at=2026-07-01T00:00:00Z&ending_at=2026-07-11T00:00:00Z&bucket_width=1d&limit=7&page=${String(first.body.next_page)}`,
    );
    expect((second.body.data as UsageReportBucket[]).map((bucket) => bucket.starting_at)).toEqual([
      "2026-07-08T00:00:00Z",
      "2026-07-09T00:00:00Z",
      "2026-07-10T00:00:00Z",
    ]);
    expect(second.body.has_more).toBe(false);
    const bad = await usageReport("starting_at=2026-07-01T00:00:00Z&bucket_width=1w");
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      type: "error",
      error: { type: "invalid_request_error", message: expect.stringContaining("bucket_width") },
    });
    expect((await usageReport("bucket_width=1d")).status).toBe(400);
    expect((await usageReport("starting_at=2026-07-01T00:00:00Z&limit=99")).status).toBe(400);
  });
});
