/**
 * How many requests one sampled span stands for. Two conventions, read exactly:
 * - Honeycomb's `SampleRate` attribute: "this event stands for N", an integer ≥ 1.
 * - OpenTelemetry consistent probability sampling: the rejection threshold T in the span's
 *   tracestate (`ot=th:<1–14 hex digits>`, right-padded to 56 bits); the span was kept with
 *   probability (2^56 − T) / 2^56, so it stands for 2^56 / (2^56 − T). A sampler at 1/N writes
 *   T = 2^56 − round(2^56 / N), whose adjusted count is N to within 2^-50: it is rounded to N.
 * `SampleRate` wins when both are present (it is the integer the sampler meant); absent both, 1.
 */
const RANDOMNESS_SPAN = 2n ** 56n;
const HEX_DIGITS = 14;

/** A weight, or why the span's sampling attributes cannot be read (it is then a bad span). */
export type SampleWeight = { ok: true; weight: number } | { ok: false; reason: string };

const ONE: SampleWeight = Object.freeze({ ok: true, weight: 1 });

/**
 * The weight of a span from its `SampleRate` value (a number, NaN when absent) and its
 * tracestate (undefined when absent).
 */
export function sampleWeight(sampleRate: number, traceState: unknown): SampleWeight {
  if (!Number.isNaN(sampleRate)) {
    return Number.isSafeInteger(sampleRate) && sampleRate >= 1
      ? { ok: true, weight: sampleRate }
      : { ok: false, reason: "SampleRate that is not a whole number ≥ 1" };
  }
  if (typeof traceState !== "string" || !traceState.includes("ot=")) return ONE;
  const threshold = otThreshold(traceState);
  if (threshold === undefined) return ONE;
  if (threshold === null)
    return { ok: false, reason: "tracestate ot=th: threshold that is not 1–14 hex digits" };
  return { ok: true, weight: thresholdWeight(threshold) };
}

/** The adjusted count of a rejection threshold T < 2^56, rounded to the nearest integer. */
export function thresholdWeight(threshold: bigint): number {
  const kept = RANDOMNESS_SPAN - threshold;
  return Number((RANDOMNESS_SPAN + kept / 2n) / kept);
}

/**
 * The `th` sub-key of the tracestate's `ot` entry as a 56-bit threshold; undefined when there is
 * none, null when it is malformed. (W3C tracestate: comma-separated `key=value`; OpenTelemetry's
 * value: semicolon-separated `sub:value`.)
 */
export function otThreshold(traceState: string): bigint | null | undefined {
  for (const member of traceState.split(",")) {
    const entry = member.trim();
    if (!entry.startsWith("ot=")) continue;
    for (const field of entry.slice(3).split(";")) {
      if (!field.startsWith("th:")) continue;
      const hex = field.slice(3);
      if (!/^[0-9a-f]{1,14}$/.test(hex)) return null;
      return BigInt(`0x${hex.padEnd(HEX_DIGITS, "0")}`);
    }
    return undefined;
  }
  return undefined;
}
