import type { OperationMetricAttributes } from "../internal/call-shapes.js";
import { withErrorType } from "./telemetry-metrics.js";

/** error.type values remembered per shared set; beyond, a call builds its sets (content-keyed, slower). */
const MAX_ERROR_TYPES_PER_SETS = 64;

/**
 * The metric attribute sets of a failed call: the call's shared sets with `error.type` added,
 * built once per (sets, error type) and frozen, so failed calls too are found by identity
 * instead of by content (a content key costs a few microseconds: sort, concatenate, hash).
 */
export class ErrorTypeSets {
  readonly #variants = new WeakMap<OperationMetricAttributes, Map<string, OperationMetricAttributes>>();

  of(sets: OperationMetricAttributes, errorType: string): OperationMetricAttributes {
    // Only frozen sets are shared and immutable, so only they may stand for their content.
    if (!Object.isFrozen(sets)) return withErrorType(sets, errorType);
    let byErrorType = this.#variants.get(sets);
    if (byErrorType === undefined) {
      byErrorType = new Map();
      this.#variants.set(sets, byErrorType);
    }
    const known = byErrorType.get(errorType);
    if (known !== undefined) return known;
    const built = withErrorType(sets, errorType);
    const frozen = Object.freeze({
      duration: Object.freeze(built.duration),
      input: Object.freeze(built.input),
      output: Object.freeze(built.output),
    });
    if (byErrorType.size < MAX_ERROR_TYPES_PER_SETS) byErrorType.set(errorType, frozen);
    return frozen;
  }
}
