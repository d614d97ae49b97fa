import type { FaultKind } from "../faults/fault-config.js";
import type { Simulation } from "../simulation/message-simulator.js";

/** Per-model totals of the requests the emulator answered. */
export interface ModelStats {
  requests: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  correct: number;
  incorrect: number;
}

/** A snapshot of what the emulator has served since it started. */
export interface EmulatorStats {
  startedAt: string;
  requests: {
    total: number;
    messages: number;
    streaming: number;
    countTokens: number;
    batches: number;
    models: number;
  };
  /** Responses by HTTP status code ("200", "429", ...); reset connections are not responses. */
  responsesByStatus: Record<string, number>;
  faults: Partial<Record<FaultKind, number>>;
  tokens: { input: number; output: number; cacheRead: number; cacheWrite5m: number; cacheWrite1h: number };
  byModel: Record<string, ModelStats>;
  cache: { hits: number; writes: number; entries: number };
  batches: { created: number; ended: number; requests: number };
  verdicts: number;
}

/** Collects counters cheaply on the hot path; snapshot() copies them. */
export class StatsCollector {
  private readonly startedAt = new Date().toISOString();
  readonly requests = { total: 0, messages: 0, streaming: 0, countTokens: 0, batches: 0, models: 0 };
  private readonly responsesByStatus = new Map<number, number>();
  private readonly faults = new Map<FaultKind, number>();
  private readonly tokens = { input: 0, output: 0, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0 };
  private readonly byModel = new Map<string, ModelStats>();
  private readonly cache = { hits: 0, writes: 0 };
  readonly batches = { created: 0, ended: 0, requests: 0 };

  status(code: number): void {
    this.responsesByStatus.set(code, (this.responsesByStatus.get(code) ?? 0) + 1);
  }

  fault(kind: FaultKind): void {
    this.faults.set(kind, (this.faults.get(kind) ?? 0) + 1);
  }

  /** Records a delivered answer (realtime or batch). */
  answered(simulation: Simulation): void {
    const { usage } = simulation.message;
    this.tokens.input += usage.input_tokens;
    this.tokens.output += usage.output_tokens;
    this.tokens.cacheRead += usage.cache_read_input_tokens;
    this.tokens.cacheWrite5m += usage.cache_creation.ephemeral_5m_input_tokens;
    this.tokens.cacheWrite1h += usage.cache_creation.ephemeral_1h_input_tokens;
    if (usage.cache_read_input_tokens > 0) this.cache.hits++;
    if (usage.cache_creation_input_tokens > 0) this.cache.writes++;
    let model = this.byModel.get(simulation.model.id);
    if (!model) {
      model = {
        requests: 0,
        inputTokens: 0,
        outputTokens: 0,
        cacheReadTokens: 0,
        cacheWriteTokens: 0,
        correct: 0,
        incorrect: 0,
      };
      this.byModel.set(simulation.model.id, model);
    }
    model.requests++;
    model.inputTokens += usage.input_tokens;
    model.outputTokens += usage.output_tokens;
    model.cacheReadTokens += usage.cache_read_input_tokens;
    model.cacheWriteTokens += usage.cache_creation_input_tokens;
    if (simulation.verdict.correct) model.correct++;
    else model.incorrect++;
  }

  snapshot(extra: { cacheEntries: number; verdicts: number }): EmulatorStats {
    return {
      startedAt: this.startedAt,
      requests: { ...this.requests },
      responsesByStatus: Object.fromEntries(
        [...this.responsesByStatus].map(([code, count]) => [String(code), count]),
      ),
      faults: Object.fromEntries(this.faults),
      tokens: { ...this.tokens },
      byModel: Object.fromEntries([...this.byModel].map(([id, stats]) => [id, { ...stats }])),
      cache: { ...this.cache, entries: extra.cacheEntries },
      batches: { ...this.batches },
      verdicts: extra.verdicts,
    };
  }
}
