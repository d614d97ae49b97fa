import type { BatchStore } from "../batches/batch-store.js";
import type { PromptCache } from "../caching/prompt-cache.js";
import type { EmulatorClock } from "../clock.js";
import type { FaultInjector } from "../faults/fault-injector.js";
import type { ModelRegistry } from "../models/model-registry.js";
import type { MessageSimulator, Simulation } from "../simulation/message-simulator.js";
import type { VerdictStore } from "../simulation/verdict-store.js";
import type { StatsCollector } from "../stats/emulator-stats.js";
import type { UsageLedger } from "../usage/usage-ledger.js";
import type { RateLimitWindow } from "./rate-limit-window.js";

/** Everything a route handler needs; one per running emulator. */
export interface EmulatorRuntime {
  seed: number;
  clock: EmulatorClock;
  registry: ModelRegistry;
  cache: PromptCache;
  simulator: MessageSimulator;
  faults: FaultInjector;
  batches: BatchStore;
  verdicts: VerdictStore;
  stats: StatsCollector;
  /** What was billed, for the Admin usage report. */
  usage: UsageLedger;
  rateLimits: RateLimitWindow;
  newId: (prefix: string) => string;
  /** Multiplier on simulated latency; 0 disables it. Mutable at runtime via the control API. */
  latencyScale: number;
  /** Records a delivered answer: verdict, stats, rate-limit window. */
  delivered(simulation: Simulation): void;
}
