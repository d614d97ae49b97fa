import { diag } from "@opentelemetry/api";

/**
 * Counts faults inside the instrumentation itself. Every hook runs through `guard`, so a bug in
 * attribute code, a malformed usage object or a throwing exporter never reaches the caller.
 */
export class InstrumentationHealth {
  errors = 0;

  /** Runs `step`; on a throw counts it, logs it through the OTel diag logger and returns `fallback`. */
  guard<Result>(where: string, step: () => Result, fallback: Result): Result {
    try {
      return step();
    } catch (error) {
      this.fault(where, error);
      return fallback;
    }
  }

  /** Counts a fault caught elsewhere (a hot path's own try) and logs it like `guard`. */
  fault(where: string, error: unknown): void {
    this.errors += 1;
    // Only the first few go to diag: a systematic bug would otherwise flood the host's logs.
    if (this.errors <= 10) diag.warn(`@rightsize/telemetry: ${where} failed`, error);
  }
}
