import {
  type Attributes,
  type Context,
  createTraceState,
  isSpanContextValid,
  type Sampler,
  SamplingDecision,
  type SamplingResult,
  TraceFlags,
  type TraceState,
  trace,
} from "@opentelemetry/api";
import { ATTR_SAMPLE_RATE } from "@rightsize/contracts/semconv";
import { TelemetryError, TelemetryErrorCode } from "../telemetry-error.js";

/** 2^56: OpenTelemetry's randomness and thresholds are 56-bit (14 hex digits). */
const RANDOMNESS_SPAN = 2n ** 56n;
const HEX_DIGITS = 14;

/** Options of {@link ProbabilitySampler}. */
export interface ProbabilitySamplerOptions {
  /**
   * Share of traces kept, in (0, 1], whose reciprocal is a whole number (0.1, 0.25, 0.01):
   * each kept span records it as `SampleRate` = 1/ratio, an integer by Honeycomb's convention.
   */
  ratio: number;
}

/**
 * Keeps a trace with probability `ratio`, deterministically by trace id, the way OpenTelemetry's
 * consistent probability sampling does (spec "TraceState: Probability Sampling"): the trace id's
 * lowest 56 bits are the randomness R, the rejection threshold is T = (1 - ratio) * 2^56, and a
 * root span is kept when R >= T. A kept root records the threshold in the `ot=th:` tracestate
 * entry (so the decision travels with the context) and every kept span carries `SampleRate`
 * (the number of spans it stands for), so a reader can weigh it. Children follow their parent's
 * decision (parent-based), their weight read from the parent's `th`.
 */
export class ProbabilitySampler implements Sampler {
  readonly sampleRate: number;
  /** T as 14 lowercase hex digits: compared as strings against the trace id's last 14. */
  readonly #thresholdHex: string;
  /** The tracestate `th` value: T without trailing zeros ("0" for T = 0). */
  readonly #th: string;
  readonly #keptRoot: Readonly<Attributes>;
  /** Last parent `ot` entry seen and the weight it encodes: children of one trace repeat it. */
  #lastOt: string | undefined;
  #lastOtAttributes: Readonly<Attributes> | undefined;

  constructor(options: ProbabilitySamplerOptions) {
    this.sampleRate = sampleRateOf(options.ratio);
    const threshold = RANDOMNESS_SPAN - roundedDivision(RANDOMNESS_SPAN, BigInt(this.sampleRate));
    this.#thresholdHex = threshold.toString(16).padStart(HEX_DIGITS, "0");
    this.#th = this.#thresholdHex.replace(/0+$/, "") || "0";
    this.#keptRoot = Object.freeze({ [ATTR_SAMPLE_RATE]: this.sampleRate });
  }

  shouldSample(context: Context, traceId: string): SamplingResult {
    const parent = trace.getSpanContext(context);
    if (parent !== undefined && isSpanContextValid(parent)) {
      if ((parent.traceFlags & TraceFlags.SAMPLED) === 0) return { decision: SamplingDecision.NOT_RECORD };
      return {
        decision: SamplingDecision.RECORD_AND_SAMPLED,
        attributes: this.#inherited(parent.traceState),
      };
    }
    if (traceId.length !== 32 || traceId.slice(-HEX_DIGITS).toLowerCase() < this.#thresholdHex) {
      return { decision: SamplingDecision.NOT_RECORD };
    }
    return {
      decision: SamplingDecision.RECORD_AND_SAMPLED,
      attributes: this.#keptRoot,
      traceState: withThreshold(parent?.traceState, this.#th),
    };
  }

  toString(): string {
    return `ProbabilitySampler{ratio=1/${this.sampleRate}}`;
  }

  /** The weight a sampled parent's `ot=th:` encodes; none when the parent did not record one. */
  #inherited(traceState: TraceState | undefined): Readonly<Attributes> | undefined {
    const ot = traceState?.get("ot");
    if (ot === undefined) return undefined;
    if (ot !== this.#lastOt) {
      this.#lastOt = ot;
      const weight = weightOfThreshold(ot);
      this.#lastOtAttributes =
        weight === undefined ? undefined : Object.freeze({ [ATTR_SAMPLE_RATE]: weight });
    }
    return this.#lastOtAttributes;
  }
}

/** 1/ratio as an integer; a ratio outside (0, 1] or with a fractional reciprocal is refused. */
function sampleRateOf(ratio: number): number {
  const reciprocal = 1 / ratio;
  const rounded = Math.round(reciprocal);
  if (!(ratio > 0 && ratio <= 1) || Math.abs(reciprocal - rounded) > 1e-9 * rounded) {
    throw new TelemetryError({
      code: TelemetryErrorCode.invalidOptions,
      message: `samplingRatio ${ratio}: must be in (0, 1] with a whole-number reciprocal (0.5, 0.1, 0.01), since each kept span records SampleRate = 1/ratio as an integer`,
    });
  }
  return rounded;
}

function roundedDivision(numerator: bigint, denominator: bigint): bigint {
  return (2n * numerator + denominator) / (2n * denominator);
}

/** Sets `th` in the `ot` tracestate entry, keeping its other sub-keys (e.g. `rv`). */
function withThreshold(traceState: TraceState | undefined, th: string): TraceState {
  const others = (traceState?.get("ot") ?? "")
    .split(";")
    .filter((entry) => entry !== "" && !entry.startsWith("th:"));
  const ot = [`th:${th}`, ...others].join(";");
  return (traceState ?? createTraceState()).set("ot", ot);
}

/** The integer weight 2^56 / (2^56 - T) of an `ot` entry's `th`; undefined without one. */
export function weightOfThreshold(ot: string): number | undefined {
  const th = ot
    .split(";")
    .find((entry) => entry.startsWith("th:"))
    ?.slice(3);
  if (th === undefined || !/^[0-9a-f]{1,14}$/.test(th)) return undefined;
  const threshold = BigInt(`0x${th.padEnd(HEX_DIGITS, "0")}`);
  return Math.round(Number(RANDOMNESS_SPAN) / Number(RANDOMNESS_SPAN - threshold));
}
