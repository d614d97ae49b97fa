import type { BudgetGuard, BudgetReservation } from "./budget-guard.js";

/** A settlement the store has not taken yet. */
export interface PendingSettlement {
  reservation: BudgetReservation;
  /** Pico-dollars spent; undefined for a release (nothing was billed). */
  actual: number | undefined;
  tries: number;
  firstFailedAt: number;
  lastError: unknown;
}

export interface SettlementQueueOptions {
  guard: () => BudgetGuard | undefined;
  /** Delays between retries (ms): 1 s doubling to 60 s by default. */
  retryDelayMs?: (tries: number) => number;
  /** Give up after this long (the spend is then reported to `onLost`): 24 h by default. */
  maxAgeMs?: number;
  /** Told about each settlement given up on, so the spend can be recorded elsewhere. */
  onLost?: (settlement: PendingSettlement) => void;
  now?: () => number;
}

/** Settlements of the routed client: answered at once, retried in the background when the store is down. */
export interface SettlementQueue {
  /** Settles now; when the store fails, queues the settlement and says `pending`. Never throws. */
  settle(options: { reservation: BudgetReservation; actual: number }): Promise<"settled" | "pending">;
  /** Releases now; when the store fails, queues the release. Never throws. */
  release(options: { reservation: BudgetReservation }): Promise<void>;
  /** Settlements waiting for the store, oldest first. */
  pending(): readonly PendingSettlement[];
  /** Pico-dollars of settlements given up on (see `onLost`). */
  lost(): number;
  /** Retries every waiting settlement now, once; resolves when that round is done. */
  flush(): Promise<void>;
  /** Stops the background retries (waiting settlements stay listed). */
  stop(): void;
}

/**
 * Keeps a paid answer from being held hostage by the budget store: when Redis is down, the
 * routed client returns the answer and its settlement waits here, retried with backoff until the
 * store takes it (the store's settle is idempotent per reservation, so a retry after a timeout
 * that did land counts once) or `maxAgeMs` passes (then `onLost` is told the spend).
 */
export function createSettlementQueue(options: SettlementQueueOptions): SettlementQueue {
  const now = options.now ?? Date.now;
  const delay = options.retryDelayMs ?? ((tries: number) => Math.min(1_000 * 2 ** (tries - 1), 60_000));
  const maxAgeMs = options.maxAgeMs ?? 86_400_000;
  const waiting: PendingSettlement[] = [];
  let lostTotal = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  async function attempt(entry: Pick<PendingSettlement, "reservation" | "actual">): Promise<unknown> {
    const guard = options.guard();
    if (!guard) return undefined;
    try {
      if (entry.actual === undefined) await guard.release({ reservation: entry.reservation });
      else await guard.settle({ reservation: entry.reservation, actual: entry.actual });
      return undefined;
    } catch (error) {
      return error ?? new Error("settlement failed");
    }
  }

  function schedule(): void {
    if (stopped || timer || waiting.length === 0) return;
    const wait = Math.min(...waiting.map((entry) => delay(entry.tries)));
    timer = setTimeout(() => {
      timer = undefined;
      void round().then(schedule);
    }, wait);
    timer.unref?.();
  }

  async function round(): Promise<void> {
    for (const entry of [...waiting]) {
      const error = await attempt(entry);
      const index = waiting.indexOf(entry);
      if (error === undefined) {
        if (index >= 0) waiting.splice(index, 1);
        continue;
      }
      entry.tries++;
      entry.lastError = error;
      if (now() - entry.firstFailedAt >= maxAgeMs) {
        if (index >= 0) waiting.splice(index, 1);
        lostTotal += entry.actual ?? 0;
        try {
          options.onLost?.(entry);
        } catch {
          // A throwing callback must not stop the other settlements.
        }
      }
    }
  }

  function enqueue(entry: Pick<PendingSettlement, "reservation" | "actual">, error: unknown): void {
    waiting.push({ ...entry, tries: 1, firstFailedAt: now(), lastError: error });
    schedule();
  }

  return {
    async settle({ reservation, actual }) {
      const error = await attempt({ reservation, actual });
      if (error === undefined) return "settled";
      enqueue({ reservation, actual }, error);
      return "pending";
    },
    async release({ reservation }) {
      const error = await attempt({ reservation, actual: undefined });
      if (error !== undefined) enqueue({ reservation, actual: undefined }, error);
    },
    pending: () => waiting,
    lost: () => lostTotal,
    flush: () => round(),
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}
