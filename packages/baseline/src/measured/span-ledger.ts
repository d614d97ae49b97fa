import {
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_RS_BASELINE_COST_PICO_USD,
  ATTR_RS_BASELINE_MODEL,
  ATTR_RS_COST_PICO_USD,
  ATTR_RS_ESCALATED_AWAY,
  ATTR_RS_QA_COST_PICO_USD,
  ATTR_RS_QUALITY_VERDICT,
  ATTR_RS_SAVINGS_BATCH_PICO_USD,
  ATTR_RS_SAVINGS_CACHING_PICO_USD,
  ATTR_RS_SAVINGS_ROUTING_PICO_USD,
  ATTR_RS_SAVINGS_TOTAL_PICO_USD,
  ATTR_RS_TASK_TYPE,
  ATTR_RS_TIER,
  ATTR_SAMPLE_RATE,
  EVENT_RS_QUALITY_REGRESSION,
  SPAN_CHAT_PREFIX,
  SPAN_SHADOW_EVAL,
} from "@rightsize/contracts/semconv";
import { findModel } from "@rightsize/pricing";
import { utcDay } from "../cohort.js";
import { sampleRateValue } from "../ingest/otlp-spans.js";
import { boolValue, nanosToMillis, stringValue } from "../ingest/otlp-value.js";
import { readLines } from "../ingest/read-lines.js";
import { sampleWeight } from "../ingest/sample-weight.js";
import { SeenKeys } from "../ingest/seen-keys.js";
import { isUsableTimeMs } from "../usage-record.js";

/** Money the spans recorded themselves, in integer pico-dollars at list prices. */
export interface SpanLedger {
  /** Σ `rightsize.cost.pico_usd` over attempt (`chat *`) spans: the run's actual cost. */
  attemptCost: bigint;
  costByDay: Map<string, bigint>;
  /** Attempts and their cost per "model|tier" (canonical model id; tier "" when not routed). */
  costByModelTier: Map<string, { attempts: number; cost: bigint }>;
  escalatedAwayCost: bigint;
  /** Attempt spans with usage but without a recorded cost (unpriced when they were recorded). */
  attemptsWithoutCost: number;
  /** Σ of the per-request counterfactual attributes, and how many spans carried one. */
  counterfactual: { baseline: bigint; routing: bigint; caching: bigint; batch: bigint; total: bigint };
  counterfactuals: number;
  /** The baseline models the counterfactuals were priced on. */
  baselineModels: Set<string>;
  /** The continuous shadow eval's verdict spans: its own spend (quality assurance) and verdicts. */
  shadowEval: ShadowEvalLedger;
}

/** What the `rightsize.shadow_eval` spans of a run add up to. */
export interface ShadowEvalLedger {
  spans: number;
  verdicts: number;
  passes: number;
  regressions: number;
  cost: bigint;
  /** Verdicts and passes per "day|taskType|tier". */
  byDay: Map<string, { verdicts: number; passes: number }>;
}

interface OtlpSpan {
  traceState?: unknown;
  traceId?: unknown;
  spanId?: unknown;
  name?: unknown;
  startTimeUnixNano?: unknown;
  attributes?: unknown;
  events?: unknown;
}

/**
 * Reads the money attributes the telemetry package records on each span. The streamed ingest
 * (`ingestFiles`) turns attempt spans into usage records and re-prices them; it deliberately
 * keeps no recorded amounts, so the measured comparison reads those here, with the ingest's own
 * line reader. Lines the ingest counts as bad are simply passed over (its summary reports them).
 */
export async function readSpanLedger(options: {
  paths: readonly string[];
  inRange: (day: string) => boolean;
}): Promise<SpanLedger> {
  const ledger: SpanLedger = {
    attemptCost: 0n,
    costByDay: new Map(),
    costByModelTier: new Map(),
    escalatedAwayCost: 0n,
    attemptsWithoutCost: 0,
    counterfactual: { baseline: 0n, routing: 0n, caching: 0n, batch: 0n, total: 0n },
    counterfactuals: 0,
    baselineModels: new Set(),
    shadowEval: { spans: 0, verdicts: 0, passes: 0, regressions: 0, cost: 0n, byDay: new Map() },
  };
  // A span written twice (an exporter retry, a file given twice) is counted once, as the ingest does.
  const seen = new SeenKeys();
  for (const path of options.paths) {
    await readLines({
      path,
      onLine: (line) => {
        for (const span of spansOf(line)) {
          const { traceId, spanId } = span;
          if (typeof traceId === "string" && typeof spanId === "string" && !seen.add(`${traceId}/${spanId}`))
            continue;
          readSpan(span, ledger, options.inRange);
        }
      },
    });
  }
  return ledger;
}

function spansOf(line: string): OtlpSpan[] {
  if (line.trim() === "") return [];
  let document: unknown;
  try {
    document = JSON.parse(line);
  } catch {
    return [];
  }
  const spans: OtlpSpan[] = [];
  const resourceSpans = (document as { resourceSpans?: unknown } | null)?.resourceSpans;
  for (const resource of Array.isArray(resourceSpans) ? resourceSpans : []) {
    const scopeSpans = (resource as { scopeSpans?: unknown } | null)?.scopeSpans;
    for (const scope of Array.isArray(scopeSpans) ? scopeSpans : []) {
      const list = (scope as { spans?: unknown } | null)?.spans;
      if (Array.isArray(list)) spans.push(...(list as OtlpSpan[]));
    }
  }
  return spans;
}

function readSpan(span: OtlpSpan, ledger: SpanLedger, inRange: (day: string) => boolean): void {
  const name = typeof span?.name === "string" ? span.name : "";
  const timeMs = nanosToMillis(span.startTimeUnixNano);
  if (!isUsableTimeMs(timeMs) || !inRange(utcDay(timeMs))) return;
  const values = new Map<string, unknown>();
  for (const attribute of Array.isArray(span.attributes) ? span.attributes : []) {
    const key = (attribute as { key?: unknown })?.key;
    if (typeof key === "string" && TRACKED.has(key))
      values.set(key, (attribute as { value?: unknown }).value);
  }
  // A sampled span stands for `weight` spans; one whose sampling cannot be read is a bad span
  // of the ingest (counted there) and is passed over here too.
  const sampled = sampleWeight(sampleRateValue(values.get(ATTR_SAMPLE_RATE)), span.traceState);
  if (!sampled.ok) return;
  const weight = BigInt(sampled.weight);
  if (name.startsWith(SPAN_CHAT_PREFIX)) readAttempt({ name, day: utcDay(timeMs), values, weight }, ledger);
  if (name === SPAN_SHADOW_EVAL) readShadowEval({ span, day: utcDay(timeMs), values, weight }, ledger);
  // Routed requests carry the counterfactual on the parent span, plain calls on the attempt.
  const baseline = picoValue(values.get(ATTR_RS_BASELINE_COST_PICO_USD));
  if (baseline === null) return;
  const sums = ledger.counterfactual;
  sums.baseline += baseline * weight;
  sums.routing += (picoValue(values.get(ATTR_RS_SAVINGS_ROUTING_PICO_USD)) ?? 0n) * weight;
  sums.caching += (picoValue(values.get(ATTR_RS_SAVINGS_CACHING_PICO_USD)) ?? 0n) * weight;
  sums.batch += (picoValue(values.get(ATTR_RS_SAVINGS_BATCH_PICO_USD)) ?? 0n) * weight;
  sums.total += (picoValue(values.get(ATTR_RS_SAVINGS_TOTAL_PICO_USD)) ?? 0n) * weight;
  ledger.counterfactuals += sampled.weight;
  const baselineModel = stringValue(values.get(ATTR_RS_BASELINE_MODEL));
  if (baselineModel) ledger.baselineModels.add(canonicalModel(baselineModel));
}

/** An attempt span as read: its name, UTC day and the tracked attribute values. */
function readAttempt(
  attempt: { name: string; day: string; values: Map<string, unknown>; weight: bigint },
  ledger: SpanLedger,
): void {
  const { name, day, values, weight } = attempt;
  const recorded = picoValue(values.get(ATTR_RS_COST_PICO_USD));
  if (recorded === null) {
    // A failed attempt without usage was never billed; one with usage but no cost was unpriced.
    if (values.has(ATTR_GEN_AI_USAGE_OUTPUT_TOKENS)) ledger.attemptsWithoutCost += Number(weight);
    return;
  }
  const cost = recorded * weight;
  ledger.attemptCost += cost;
  ledger.costByDay.set(day, (ledger.costByDay.get(day) ?? 0n) + cost);
  const model = canonicalModel(
    stringValue(values.get(ATTR_GEN_AI_RESPONSE_MODEL)) ||
      stringValue(values.get(ATTR_GEN_AI_REQUEST_MODEL)) ||
      name.slice(SPAN_CHAT_PREFIX.length),
  );
  const key = `${model}|${stringValue(values.get(ATTR_RS_TIER)) ?? ""}`;
  const entry = ledger.costByModelTier.get(key) ?? { attempts: 0, cost: 0n };
  entry.attempts += Number(weight);
  entry.cost += cost;
  ledger.costByModelTier.set(key, entry);
  if (boolValue(values.get(ATTR_RS_ESCALATED_AWAY)) === true) ledger.escalatedAwayCost += cost;
}

/**
 * A continuous shadow-eval verdict span: its spend (the shadow re-run and judge, batch prices) is
 * the run's quality-assurance cost, paid beside its attempts; its verdict joins the quality series.
 */
function readShadowEval(
  verdict: { span: OtlpSpan; day: string; values: Map<string, unknown>; weight: bigint },
  ledger: SpanLedger,
): void {
  const { span, day, values, weight } = verdict;
  const shadow = ledger.shadowEval;
  shadow.spans++;
  // A sampled verdict span stands for `weight` verdicts' spend; the pass rates stay per verdict seen.
  const cost = (picoValue(values.get(ATTR_RS_QA_COST_PICO_USD)) ?? 0n) * weight;
  shadow.cost += cost;
  ledger.costByDay.set(day, (ledger.costByDay.get(day) ?? 0n) + cost);
  const events = Array.isArray(span.events) ? span.events : [];
  if (events.some((event) => (event as { name?: unknown })?.name === EVENT_RS_QUALITY_REGRESSION))
    shadow.regressions++;
  const outcome = stringValue(values.get(ATTR_RS_QUALITY_VERDICT));
  if (outcome !== "pass" && outcome !== "fail") return; // The eval failed (error status): no verdict.
  const key = `${day}|${stringValue(values.get(ATTR_RS_TASK_TYPE)) ?? ""}|${stringValue(values.get(ATTR_RS_TIER)) ?? ""}`;
  const entry = shadow.byDay.get(key) ?? { verdicts: 0, passes: 0 };
  entry.verdicts++;
  shadow.verdicts++;
  if (outcome === "pass") {
    entry.passes++;
    shadow.passes++;
  }
  shadow.byDay.set(key, entry);
}

const TRACKED = new Set<string>([
  ATTR_SAMPLE_RATE,
  ATTR_RS_QA_COST_PICO_USD,
  ATTR_RS_QUALITY_VERDICT,
  ATTR_RS_TASK_TYPE,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_RS_ESCALATED_AWAY,
  ATTR_RS_TIER,
  ATTR_RS_COST_PICO_USD,
  ATTR_RS_BASELINE_MODEL,
  ATTR_RS_BASELINE_COST_PICO_USD,
  ATTR_RS_SAVINGS_ROUTING_PICO_USD,
  ATTR_RS_SAVINGS_CACHING_PICO_USD,
  ATTR_RS_SAVINGS_BATCH_PICO_USD,
  ATTR_RS_SAVINGS_TOTAL_PICO_USD,
]);

const canonicalIds = new Map<string, string>();

/** Aliases and dated ids of one model become one id, as the main ingest does. */
export function canonicalModel(model: string): string {
  let id = canonicalIds.get(model);
  if (id === undefined) {
    id = findModel(model)?.id ?? model;
    canonicalIds.set(model, id);
  }
  return id;
}

/**
 * An integer pico-dollar attribute as an exact bigint: OTLP JSON writes 64-bit ints as decimal
 * strings (parsed without a float), a JS exporter may write a whole double; anything else is null.
 */
export function picoValue(value: unknown): bigint | null {
  if (value === null || typeof value !== "object") return null;
  const raw =
    (value as { intValue?: unknown; doubleValue?: unknown }).intValue ??
    (value as { doubleValue?: unknown }).doubleValue;
  if (typeof raw === "string" && /^-?\d{1,30}$/.test(raw)) return BigInt(raw);
  if (typeof raw === "number" && Number.isSafeInteger(raw)) return BigInt(raw);
  return null;
}
