import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildReport } from "../build-report.js";

/** Attempt spans as the telemetry wrapper writes them for tagged plain calls. */
async function spanFile(latencyClass: string | undefined): Promise<string> {
  const spans = Array.from({ length: 20 }, (_, index) => ({
    name: "chat claude-opus-4-7",
    startTimeUnixNano: `${BigInt(Date.UTC(2026, 6, 1 + (index % 10), 10)) * 1_000_000n}`,
    attributes: [
      { key: "gen_ai.response.model", value: { stringValue: "claude-opus-4-7" } },
      { key: "gen_ai.usage.input_tokens", value: { intValue: "3000" } },
      { key: "gen_ai.usage.output_tokens", value: { intValue: "200" } },
      { key: "rightsize.task_type", value: { stringValue: "summarization" } },
      ...(latencyClass ? [{ key: "rightsize.latency_class", value: { stringValue: latencyClass } }] : []),
    ],
  }));
  const directory = await mkdtemp(join(tmpdir(), "rightsize-latency-"));
  const path = join(directory, "spans.jsonl");
  await writeFile(path, `${JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] })}\n`);
  return path;
}

const batchStep = async (latencyClass: string | undefined) => {
  const figures = await buildReport({ inputs: [await spanFile(latencyClass)], period: "2026-07" });
  return BigInt(figures.waterfall.steps.find((step) => step.key === "batch")!.amount.pico);
};

describe("rightsize.latency_class on spans", () => {
  it("lets the replay send async work to the Batch API (the default policy batches async)", async () => {
    expect(await batchStep("async")).toBeLessThan(0n);
    expect(await batchStep("realtime")).toBe(0n);
    expect(await batchStep(undefined)).toBe(0n);
  });
});
