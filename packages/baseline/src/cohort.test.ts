import { cost } from "@rightsize/pricing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CohortAccumulator } from "./cohort.js";
import { buildWaterfall, stageTotals } from "./figures/waterfall.js";
import { replayCohort } from "./replay/replay-cohort.js";
import type { ReplayDecision } from "./replay/replay-decision.js";
import { ScenarioPricer } from "./replay/scenario-pricer.js";
import { emptyUsageRecord, type UsageRecord } from "./usage-record.js";

const MODELS = ["claude-haiku-5-5", "claude-sonnet-4-6", "claude-opus-4-7", "claude-haiku-4-5"] as const;
const DAY0 = Date.parse("2026-07-01T00:00:00Z");

const recordArbitrary: fc.Arbitrary<UsageRecord> = fc
  .record({
    day: fc.integer({ min: 0, max: 5 }),
    model: fc.constantFrom(...MODELS),
    taskType: fc.constantFrom("classification", "analysis", "unknown"),
    batch: fc.boolean(),
    uncachedInput: fc.integer({ min: 0, max: 150_000 }),
    cacheRead: fc.integer({ min: 0, max: 60_000 }),
    cacheWrite5m: fc.integer({ min: 0, max: 5000 }),
    cacheWrite1h: fc.integer({ min: 0, max: 3000 }),
    output: fc.integer({ min: 0, max: 9000 }),
    webSearchRequests: fc.integer({ min: 0, max: 3 }),
    complexity: fc.double({ min: 0, max: 1, noNaN: true }),
    escalatedAway: fc.boolean(),
  })
  .map((fields) => ({
    ...emptyUsageRecord(),
    ...fields,
    timeMs: DAY0 + fields.day * 86_400_000 + 3_600_000,
    serviceTier: fields.batch ? ("batch" as const) : ("standard" as const),
  }));

function accumulate(records: readonly UsageRecord[]) {
  const accumulator = new CohortAccumulator();
  for (const record of records) accumulator.add(record);
  return accumulator.list();
}

describe("cohorts", () => {
  it("are independent of record order", () => {
    const permuted = fc
      .array(recordArbitrary, { maxLength: 60 })
      .chain((records) =>
        fc
          .shuffledSubarray(records, { minLength: records.length, maxLength: records.length })
          .map((shuffled) => [records, shuffled] as const),
      );
    fc.assert(
      fc.property(permuted, ([records, shuffled]) => {
        expect(accumulate(shuffled)).toEqual(accumulate(records));
      }),
      { numRuns: 60 },
    );
  });

  it("merge exactly: records split over accumulators and absorbed give the one-accumulator cohorts", () => {
    const split = fc
      .array(recordArbitrary, { maxLength: 60 })
      .chain((records) =>
        fc
          .array(fc.integer({ min: 0, max: 2 }), { minLength: records.length, maxLength: records.length })
          .map((parts) => [records, parts] as const),
      );
    fc.assert(
      fc.property(split, ([records, parts]) => {
        const accumulators = [new CohortAccumulator(), new CohortAccumulator(), new CohortAccumulator()];
        records.forEach((record, index) => {
          accumulators[parts[index] ?? 0]?.add(record);
        });
        const merged = new CohortAccumulator();
        for (const accumulator of accumulators) {
          for (const cohort of [...accumulator.values()]) merged.absorb(cohort);
        }
        expect(merged.list()).toEqual(accumulate(records));
      }),
      { numRuns: 60 },
    );
  });

  it("merge under a canonical model id as if the records had carried it", () => {
    const alias = (model: string) => `${model}-alias`;
    fc.assert(
      fc.property(fc.array(recordArbitrary, { maxLength: 40 }), fc.boolean(), (records, aliasFirst) => {
        const aliased = new CohortAccumulator();
        records.forEach((record, index) => {
          const model = (index % 2 === 0) === aliasFirst ? alias(record.model) : record.model;
          aliased.add({ ...record, model });
        });
        const merged = new CohortAccumulator();
        for (const cohort of [...aliased.values()])
          merged.absorb(cohort, cohort.model.replace(/-alias$/, ""));
        expect(merged.list()).toEqual(accumulate(records));
      }),
      { numRuns: 40 },
    );
  });

  it("price to exactly the per-request sum of cost(), to the pico-dollar", () => {
    const pricer = new ScenarioPricer({});
    fc.assert(
      fc.property(fc.array(recordArbitrary, { minLength: 1, maxLength: 40 }), (records) => {
        let perRequest = 0n;
        for (const record of records) {
          perRequest += BigInt(
            cost({
              model: record.model,
              at: new Date(record.timeMs),
              usage: {
                input_tokens: record.uncachedInput,
                cache_read_input_tokens: record.cacheRead,
                cache_creation: {
                  ephemeral_5m_input_tokens: record.cacheWrite5m,
                  ephemeral_1h_input_tokens: record.cacheWrite1h,
                },
                output_tokens: record.output,
                server_tool_use: { web_search_requests: record.webSearchRequests },
                service_tier: record.serviceTier,
              },
            }).list,
          );
        }
        let perCohort = 0n;
        for (const cohort of accumulate(records)) {
          perCohort += pricer.price({
            ...cohort,
            tokens: cohort,
            batch: cohort.serviceTier === "batch",
          }).list;
        }
        expect(perCohort).toBe(perRequest);
      }),
      { numRuns: 80 },
    );
  });
});

const decisionArbitrary: fc.Arbitrary<ReplayDecision> = fc.oneof(
  fc.record({
    kind: fc.constant("route" as const),
    tier: fc.constantFrom("haiku", "sonnet", "opus"),
    model: fc.constantFrom(...MODELS),
    maxTokens: fc.integer({ min: 16, max: 10_000 }),
    mode: fc.constantFrom("realtime" as const, "batch" as const),
    cache: fc.record({ enabled: fc.boolean(), ttl: fc.constantFrom("5m" as const, "1h" as const) }),
    matchedRules: fc.constant([]),
  }),
  fc.constant<ReplayDecision>({ kind: "reject", code: "no_eligible_model", reason: "test" }),
);

describe("the lever waterfall", () => {
  it("sums exactly: baseline + every step = optimized = the sum of replayed cohorts", () => {
    const pricer = new ScenarioPricer({});
    fc.assert(
      fc.property(
        fc.array(recordArbitrary, { minLength: 1, maxLength: 30 }),
        fc.array(decisionArbitrary, { minLength: 1, maxLength: 5 }),
        fc.constantFrom(...MODELS),
        (records, decisions, baselineModel) => {
          const replayed = accumulate(records).map((cohort, index) =>
            replayCohort({ cohort, decision: decisions[index % decisions.length]!, baselineModel, pricer }),
          );
          const steps = buildWaterfall(stageTotals(replayed), { tokenizerConverted: true });
          const [first, ...rest] = steps;
          const last = rest.pop()!;
          const sum = rest.reduce(
            (total, step) => total + BigInt(step.amount.pico),
            BigInt(first!.amount.pico),
          );
          expect(sum).toBe(BigInt(last.amount.pico));
          const direct = replayed.reduce(
            (total, entry) => total + (entry.cohort.escalatedAway ? entry.actual.list : entry.optimized.list),
            0n,
          );
          expect(BigInt(last.amount.pico)).toBe(direct);
          expect(steps.map((step) => step.key)).toEqual([
            "baseline",
            "routing",
            "caching",
            "batch",
            "ceilings",
            "escalated_away",
            "optimized",
          ]);
        },
      ),
      { numRuns: 60 },
    );
  });
});
