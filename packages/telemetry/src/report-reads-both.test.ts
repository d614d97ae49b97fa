import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { context } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { buildReport } from "@rightsize/baseline";
import {
  ATTR_ANTHROPIC_USAGE_CACHE_CREATION_1H_TOKENS,
  ATTR_RS_COST_PICO_USD,
  ATTR_RS_USAGE_CACHE_WRITE_1H_TOKENS,
} from "@rightsize/contracts/semconv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeTraceRequest } from "./node/otlp-json.js";
import { createOtelHarness } from "./test-support/otel-harness.js";
import { runScenario } from "./test-support/scenario.js";

// The report reads spans written both ways with the same figures: rightsize's attributes on the
// SDK's own call spans (SDK tracing on) and on spans rightsize made (SDK tracing off), from the
// same calls (the wire scenario: plain, streamed, failed, routed with an escalation, feedback).

const directory = mkdtempSync(join(tmpdir(), "rightsize-both-ways-"));
const contextManager = new AsyncLocalStorageContextManager();
beforeAll(() => {
  context.setGlobalContextManager(contextManager.enable());
});
afterAll(() => {
  context.disable();
  rmSync(directory, { recursive: true, force: true });
});

async function spansWritten(sdkTracing: boolean) {
  const harness = createOtelHarness();
  await runScenario({ ...harness, sdkTracing });
  // Routed requests end a moment after the caller has its answer.
  await new Promise((resolve) => setTimeout(resolve, 50));
  const spans = harness.spans();
  const file = join(directory, sdkTracing ? "sdk" : "own", "spans.jsonl");
  mkdirSync(join(file, ".."), { recursive: true });
  writeFileSync(file, `${JSON.stringify(encodeTraceRequest(spans))}\n`);
  await harness.shutdown();
  return { spans, file };
}

describe("the report reads SDK-enriched spans and rightsize's own alike", () => {
  it("computes identical figures from either", async () => {
    const enriched = await spansWritten(true);
    const own = await spansWritten(false);
    // The two really differ: one set has the SDK's spans carrying rightsize's cost.
    const sdkScope = (spans: typeof own.spans) =>
      spans.filter(
        (span) =>
          span.instrumentationScope.name === "com.anthropic.sdk.typescript" &&
          span.attributes[ATTR_RS_COST_PICO_USD] !== undefined,
      ).length;
    expect(sdkScope(enriched.spans)).toBeGreaterThan(0);
    expect(sdkScope(own.spans)).toBe(0);
    // The 1h cache write: on the SDK's span only the SDK's own split carries it (rightsize leaves
    // its copy out), on rightsize's own span rightsize's; the report reads either.
    const writes1h = (spans: typeof own.spans, name: string) =>
      spans.filter((span) => Number(span.attributes[name] ?? 0) > 0).length;
    expect(writes1h(enriched.spans, ATTR_ANTHROPIC_USAGE_CACHE_CREATION_1H_TOKENS)).toBeGreaterThan(0);
    expect(writes1h(enriched.spans, ATTR_RS_USAGE_CACHE_WRITE_1H_TOKENS)).toBe(0);
    expect(writes1h(own.spans, ATTR_RS_USAGE_CACHE_WRITE_1H_TOKENS)).toBeGreaterThan(0);
    const now = new Date("2026-12-03T00:00:00Z");
    const report = async (file: string) => {
      const figures = await buildReport({
        inputs: [file],
        measured: [file],
        baselineModel: "claude-opus-4-7",
        now,
        ingest: { workers: 0 },
      });
      // Beside the figures: the file's size and a quoted line (ids differ from run to run).
      const varies = new Set(["bytes", "excerpt"]);
      return JSON.parse(
        JSON.stringify(figures, (key, value) => (varies.has(key) ? undefined : value)).replaceAll(
          join(file, ".."),
          "<dir>",
        ),
      );
    };
    const fromEnriched = await report(enriched.file);
    const fromOwn = await report(own.file);
    // Not vacuous: the after run's attempts, their escalation and the counterfactual are there.
    expect(fromEnriched.measured.attempts).toBe(4);
    expect(fromEnriched.measured.escalatedAway.attempts).toBe(1);
    expect(fromEnriched.measured.cacheReadShare).toBeGreaterThan(0);
    expect(fromEnriched.measured.counterfactualBaseline).not.toEqual(fromEnriched.measured.runRate);
    expect(fromEnriched).toEqual(fromOwn);
  });
});
