import type { Attributes } from "@opentelemetry/api";
import type { OperationMetricAttributes } from "../internal/call-shapes.js";
import type { Savings } from "../spans/counterfactual.js";
import { CostLedgers } from "./cost-ledgers.js";
import { ErrorTypeSets } from "./error-type-sets.js";
import {
  inputTokenCount,
  operationSets,
  type RecordCallOptions,
  type RecordOperationOptions,
  type TelemetryMetrics,
} from "./telemetry-metrics.js";

/** A histogram as the recorders use it: an SDK instrument or the store's own. */
export interface HistogramSink {
  record(value: number, attributes: Attributes): void;
}

/**
 * What both metrics paths (the in-process store and SDK instruments) do per call: the GenAI
 * histograms get prebuilt attribute sets (a failed call's `error.type` sets are built once per
 * type and reused), cost, savings and request counts go to exact ledgers. Subclasses own the
 * histograms and export the ledgers.
 */
export abstract class CallMetrics implements TelemetryMetrics {
  protected readonly ledgers = new CostLedgers();
  protected abstract readonly tokenUsage: HistogramSink;
  protected abstract readonly operationDuration: HistogramSink;
  protected abstract readonly timeToFirstChunk: HistogramSink;
  protected abstract readonly timePerOutputChunk: HistogramSink;
  readonly #errorTypeSets = new ErrorTypeSets();

  recordCall(options: RecordCallOptions): void {
    // The options object travels down as is: nothing is allocated per call on this path.
    this.#recordOperation(options.metricAttributes, options);
    if (options.stream !== undefined) this.#recordStream(options.metricAttributes, options);
    const { costPicoUsd, savings, outcome } = options;
    if (costPicoUsd === undefined && savings === undefined && outcome === undefined) return;
    this.ledgers.addCall(options);
  }

  recordOperation(options: RecordOperationOptions): void {
    this.#recordOperation(operationSets(options.attributes), options);
  }

  recordCost(dimensions: Attributes, picoUsd: number): void {
    this.ledgers.addCost(dimensions, picoUsd);
  }

  recordSavings(dimensions: Attributes, savings: Savings): void {
    this.ledgers.addSavings(dimensions, savings);
  }

  recordRequest(dimensions: Attributes, outcome: string): void {
    this.ledgers.addRequest(dimensions, outcome);
  }

  /** The streaming histograms, with the duration's attribute set (`error.type` included). */
  #recordStream(sets: OperationMetricAttributes, call: RecordCallOptions): void {
    const stream = call.stream;
    if (stream === undefined) return;
    const attributes =
      call.errorType === undefined ? sets.duration : this.#errorTypeSets.of(sets, call.errorType).duration;
    if (stream.firstChunkSeconds !== undefined)
      this.timeToFirstChunk.record(stream.firstChunkSeconds, attributes);
    for (const gap of stream.chunkGaps ?? []) this.timePerOutputChunk.record(gap, attributes);
  }

  #recordOperation(
    sets: OperationMetricAttributes,
    call: Pick<RecordOperationOptions, "durationSeconds" | "usage" | "errorType">,
  ): void {
    const { durationSeconds, usage, errorType } = call;
    const attributes = errorType === undefined ? sets : this.#errorTypeSets.of(sets, errorType);
    this.operationDuration.record(durationSeconds, attributes.duration);
    if (usage === undefined) return;
    this.tokenUsage.record(inputTokenCount(usage), attributes.input);
    this.tokenUsage.record(usage.output, attributes.output);
  }
}
