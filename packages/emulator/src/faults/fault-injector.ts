import { unitFrom } from "../internal/hash.js";
import { FAULT_KINDS, type FaultConfig, type FaultKind, faultFromHeader } from "./fault-config.js";

/** Where a fault decision came from. */
export type FaultDecision = { kind: FaultKind; source: "header" | "script" | "rate" } | null;

/**
 * Decides per request whether to inject a fault. Random faults are a function of
 * (seed, request sequence number), so the same run with the same client order reproduces them.
 */
export class FaultInjector {
  private config: FaultConfig = {};
  private script: FaultKind[] = [];
  private resultsScript: Array<"stream_cut" | "malformed_json"> = [];
  private sequence = 0;

  private readonly defaultSeed: number;

  constructor(defaultSeed: number, config: FaultConfig = {}) {
    this.defaultSeed = defaultSeed;
    this.configure(config);
  }

  /** Replaces the configuration and restarts the random sequence. */
  configure(config: FaultConfig): void {
    this.config = config;
    this.script = [...(config.next ?? [])];
    this.resultsScript = [...(config.batchResults ?? [])];
    this.sequence = 0;
  }

  get current(): FaultConfig {
    return { ...this.config, next: [...this.script], batchResults: [...this.resultsScript] };
  }

  get retryAfterSeconds(): number {
    return this.config.retryAfterSeconds ?? 1;
  }

  get slowMs(): number {
    return this.config.slowMs ?? 2000;
  }

  /**
   * `x-emulator-fault` forces a fault; with `x-emulator-fault-count: N` only on the first N
   * attempts (the SDK numbers retries in `x-stainless-retry-count`), so a retry can succeed.
   */
  fromHeaders(headers: {
    fault?: string | undefined;
    count?: string | undefined;
    attempt?: string | undefined;
  }): FaultDecision {
    if (!headers.fault) return null;
    const kind = faultFromHeader(headers.fault);
    if (!kind) return null;
    if (headers.count !== undefined) {
      const attempt = Number(headers.attempt ?? 0);
      if (Number.isFinite(attempt) && attempt >= Number(headers.count)) return null;
    }
    return { kind, source: "header" };
  }

  /** The scripted fault of the next batch results download, if any. */
  nextForBatchResults(): "stream_cut" | "malformed_json" | null {
    return this.resultsScript.shift() ?? null;
  }

  /** The scripted or random fault for the next Messages request, if any. */
  nextForMessages(): FaultDecision {
    const scripted = this.script.shift();
    if (scripted) return { kind: scripted, source: "script" };
    const rate = this.config.rate ?? 0;
    if (rate <= 0) return null;
    const sequence = this.sequence++;
    const seed = this.config.seed ?? this.defaultSeed;
    if (unitFrom(seed, "fault", sequence) >= rate) return null;
    return { kind: this.pickKind(unitFrom(seed, "fault-kind", sequence)), source: "rate" };
  }

  /** Deterministic per-request batch outcome from the configured batch rates. */
  batchOutcome(customId: string, batchId: string): "errored" | "expired" | null {
    const seed = this.config.seed ?? this.defaultSeed;
    const draw = unitFrom(seed, "batch", batchId, customId);
    const errorRate = this.config.batchErrorRate ?? 0;
    if (draw < errorRate) return "errored";
    if (draw < errorRate + (this.config.batchExpireRate ?? 0)) return "expired";
    return null;
  }

  private pickKind(draw: number): FaultKind {
    const weights = FAULT_KINDS.map(
      (kind) => [kind, this.config.kinds ? (this.config.kinds[kind] ?? 0) : 1] as const,
    );
    const total = weights.reduce((sum, [, weight]) => sum + weight, 0);
    if (total <= 0) return "api_error";
    let remaining = draw * total;
    for (const [kind, weight] of weights) {
      remaining -= weight;
      if (remaining < 0) return kind;
    }
    return weights.filter(([, weight]) => weight > 0).at(-1)![0];
  }
}
