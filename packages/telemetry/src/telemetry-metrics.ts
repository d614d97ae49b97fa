import type { Attributes, Histogram, Meter, ObservableResult } from "@opentelemetry/api";
import type { Savings } from "./counterfactual.js";
import type { OperationMetricAttributes } from "./internal/call-shapes.js";
import type { NormalizedUsage } from "./internal/usage.js";
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_TOKEN_TYPE,
  ATTR_RS_REQUEST_OUTCOME,
  ATTR_RS_SAVINGS_LEVER,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
  METRIC_RS_BASELINE_COST,
  METRIC_RS_COST,
  METRIC_RS_REQUESTS,
  METRIC_RS_SAVINGS,
  UNIT_PICO_USD,
} from "./semconv.js";

/** GenAI semconv v1.41.0: powers of 4 from 1 to 67,108,864 tokens. */
export const TOKEN_USAGE_BUCKETS: readonly number[] = Array.from({ length: 14 }, (_, index) => 4 ** index);
/** GenAI semconv v1.41.0: doubling from 10 ms to 81.92 s. */
export const OPERATION_DURATION_BUCKETS: readonly number[] = [
  0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
];

/** Series beyond this many dimension sets fold into one `rightsize.overflow` series. */
const MAX_SERIES = 2000;

/** Exact running sums of one dimension set (model, tier, mode, task type, policy). */
interface Ledger {
  attributes: Attributes;
  cost: bigint;
  baseline: bigint;
  routing: bigint;
  caching: bigint;
  batch: bigint;
  requests: Map<string, number>;
}

/**
 * The instruments: the two GenAI client histograms exactly as the conventions define them
 * (names, units, bucket advice, attributes), plus rightsize's money and request counters.
 * The counters are observable: each call adds to an exact bigint ledger per dimension set (a
 * map lookup, no SDK work), and the SDK reads the cumulative sums when it exports. That keeps
 * the per-call cost off the hot path and the sums exact until they are reported (as doubles:
 * exact up to 2^53 pico-dollars, about $9,007, per series; beyond that within 1 part in 2^53).
 */
export class TelemetryMetrics {
  readonly #tokenUsage: Histogram;
  readonly #operationDuration: Histogram;
  readonly #ledgers = new Map<string, Ledger>();
  /** Ledgers of frozen (shared, immutable) dimension objects by identity: no key built per call. */
  readonly #ledgersOfShared = new WeakMap<Attributes, Ledger>();

  constructor(meter: Meter) {
    this.#tokenUsage = meter.createHistogram(METRIC_GEN_AI_CLIENT_TOKEN_USAGE, {
      description: "Number of input and output tokens used",
      unit: "{token}",
      advice: { explicitBucketBoundaries: [...TOKEN_USAGE_BUCKETS] },
    });
    this.#operationDuration = meter.createHistogram(METRIC_GEN_AI_CLIENT_OPERATION_DURATION, {
      description: "GenAI operation duration",
      unit: "s",
      advice: { explicitBucketBoundaries: [...OPERATION_DURATION_BUCKETS] },
    });
    const observe =
      (read: (ledger: Ledger, result: ObservableResult) => void) => (result: ObservableResult) => {
        for (const ledger of this.#ledgers.values()) read(ledger, result);
      };
    meter
      .createObservableCounter(METRIC_RS_COST, {
        description: "Cost of model calls at list prices, integer pico-dollars (1e-12 USD)",
        unit: UNIT_PICO_USD,
      })
      .addCallback(observe((ledger, result) => result.observe(Number(ledger.cost), ledger.attributes)));
    meter
      .createObservableCounter(METRIC_RS_BASELINE_COST, {
        description: "Cost of the same requests on the baseline model, uncached, realtime (pico-dollars)",
        unit: UNIT_PICO_USD,
      })
      .addCallback(observe((ledger, result) => result.observe(Number(ledger.baseline), ledger.attributes)));
    // Savings can be negative (a cache write never read back costs more than plain input).
    meter
      .createObservableUpDownCounter(METRIC_RS_SAVINGS, {
        description: "Savings against the baseline by lever (routing, caching, batch), pico-dollars",
        unit: UNIT_PICO_USD,
      })
      .addCallback(
        observe((ledger, result) => {
          for (const lever of ["routing", "caching", "batch"] as const) {
            result.observe(Number(ledger[lever]), { ...ledger.attributes, [ATTR_RS_SAVINGS_LEVER]: lever });
          }
        }),
      );
    meter
      .createObservableCounter(METRIC_RS_REQUESTS, {
        description: "Requests by tier and outcome",
        unit: "{request}",
      })
      .addCallback(
        observe((ledger, result) => {
          for (const [outcome, count] of ledger.requests) {
            result.observe(count, { ...ledger.attributes, [ATTR_RS_REQUEST_OUTCOME]: outcome });
          }
        }),
      );
  }

  #ledger(dimensions: Attributes): Ledger {
    const shared = this.#ledgersOfShared.get(dimensions);
    if (shared !== undefined) return shared;
    const ledger = this.#ledgerByKey(dimensions);
    if (Object.isFrozen(dimensions)) this.#ledgersOfShared.set(dimensions, ledger);
    return ledger;
  }

  #ledgerByKey(dimensions: Attributes): Ledger {
    let key = "";
    for (const name in dimensions) key += `${name}=${String(dimensions[name])};`;
    let ledger = this.#ledgers.get(key);
    if (ledger !== undefined) return ledger;
    if (this.#ledgers.size >= MAX_SERIES) return this.#ledgerByKey({ "rightsize.overflow": true });
    ledger = {
      attributes: dimensions,
      cost: 0n,
      baseline: 0n,
      routing: 0n,
      caching: 0n,
      batch: 0n,
      requests: new Map(),
    };
    this.#ledgers.set(key, ledger);
    return ledger;
  }

  /** One model call: its duration and, when it returned usage, input and output tokens. */
  recordOperation(options: {
    attributes: Attributes;
    durationSeconds: number;
    usage: NormalizedUsage | undefined;
    errorType: string | undefined;
  }): void {
    const attributes = options.attributes;
    this.#recordOperation(
      {
        duration: attributes,
        input: { ...attributes, [ATTR_GEN_AI_TOKEN_TYPE]: "input" },
        output: { ...attributes, [ATTR_GEN_AI_TOKEN_TYPE]: "output" },
      },
      options.durationSeconds,
      options.usage,
      options.errorType,
    );
  }

  /**
   * One model call in one go (the per-call hot path): the GenAI histograms with prebuilt
   * attribute sets, and cost, savings and the request count added to one ledger lookup.
   */
  recordCall(options: {
    metricAttributes: OperationMetricAttributes;
    durationSeconds: number;
    usage: NormalizedUsage | undefined;
    errorType: string | undefined;
    dimensions: Attributes;
    costPicoUsd?: number | undefined;
    savings?: Savings | undefined;
    /** The request outcome, when the call is a whole request. */
    outcome?: string | undefined;
  }): void {
    this.#recordOperation(
      options.metricAttributes,
      options.durationSeconds,
      options.usage,
      options.errorType,
    );
    const { costPicoUsd, savings, outcome } = options;
    if (costPicoUsd === undefined && savings === undefined && outcome === undefined) return;
    const ledger = this.#ledger(options.dimensions);
    if (costPicoUsd !== undefined) ledger.cost += BigInt(costPicoUsd);
    if (savings !== undefined) addSavings(ledger, savings);
    if (outcome !== undefined) ledger.requests.set(outcome, (ledger.requests.get(outcome) ?? 0) + 1);
  }

  #recordOperation(
    sets: OperationMetricAttributes,
    durationSeconds: number,
    usage: NormalizedUsage | undefined,
    errorType: string | undefined,
  ): void {
    // error.type varies per call: failed calls (rare, and usually without usage) build their sets.
    const attributes = errorType === undefined ? sets : withErrorType(sets, errorType);
    this.#operationDuration.record(durationSeconds, attributes.duration);
    if (usage === undefined) return;
    const input = usage.uncachedInput + usage.cacheRead + usage.cacheWrite5m + usage.cacheWrite1h;
    this.#tokenUsage.record(input, attributes.input);
    this.#tokenUsage.record(usage.output, attributes.output);
  }

  recordCost(dimensions: Attributes, picoUsd: number): void {
    this.#ledger(dimensions).cost += BigInt(picoUsd);
  }

  recordSavings(dimensions: Attributes, savings: Savings): void {
    addSavings(this.#ledger(dimensions), savings);
  }

  recordRequest(dimensions: Attributes, outcome: string): void {
    const requests = this.#ledger(dimensions).requests;
    requests.set(outcome, (requests.get(outcome) ?? 0) + 1);
  }
}

function addSavings(ledger: Ledger, savings: Savings): void {
  ledger.baseline += BigInt(savings.baseline);
  ledger.routing += BigInt(savings.routing);
  ledger.caching += BigInt(savings.caching);
  ledger.batch += BigInt(savings.batch);
}

function withErrorType(sets: OperationMetricAttributes, errorType: string): OperationMetricAttributes {
  return {
    duration: { ...sets.duration, [ATTR_ERROR_TYPE]: errorType },
    input: { ...sets.input, [ATTR_ERROR_TYPE]: errorType },
    output: { ...sets.output, [ATTR_ERROR_TYPE]: errorType },
  };
}
