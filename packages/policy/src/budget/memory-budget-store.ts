import type {
  BudgetCounter,
  BudgetStore,
  ReserveOutcome,
  ReserveRequest,
  SettleOutcome,
  SettleRequest,
} from "./budget-store.js";

interface Hold {
  amount: bigint;
  counters: readonly BudgetCounter[];
  deadlineMs: number;
}

interface Counter {
  committed: bigint;
  expiresAtMs: number;
}

/**
 * A budget store in process memory: for a single process, tests and the simulator. Every
 * operation runs to completion synchronously inside the promise, so reservations are atomic
 * with respect to each other exactly as the Redis scripts are.
 */
export function createMemoryBudgetStore(options: { now?: () => number } = {}): BudgetStore {
  const now = options.now ?? Date.now;
  const counters = new Map<string, Counter>();
  const holds = new Map<string, Hold>();
  // Settled reservation ids (with when), so a retried settle is counted once; kept two days.
  const settled = new Map<string, number>();

  function counter(key: string, at: number): Counter | undefined {
    const found = counters.get(key);
    if (found && found.expiresAtMs <= at) {
      counters.delete(key);
      return undefined;
    }
    return found;
  }

  function add(entry: { key: string; expiresAtMs: number }, delta: bigint, at: number): void {
    const { key, expiresAtMs } = entry;
    const found = counter(key, at);
    if (found) {
      found.committed += delta;
      found.expiresAtMs = Math.max(found.expiresAtMs, expiresAtMs);
    } else {
      counters.set(key, { committed: delta, expiresAtMs });
    }
  }

  function sweep(at: number): void {
    for (const [id, hold] of holds) {
      if (hold.deadlineMs > at) continue;
      returnHold(hold, at);
      holds.delete(id);
    }
  }

  function returnHold(hold: Hold, at: number): void {
    for (const { key } of hold.counters) {
      const found = counter(key, at);
      if (found) found.committed -= hold.amount;
    }
  }

  function reserve(request: ReserveRequest): ReserveOutcome {
    const at = now();
    sweep(at);
    const amount = BigInt(request.amount);
    const fit = request.admission === "fit";
    for (const { key, limit } of request.counters) {
      const committed = counter(key, at)?.committed ?? 0n;
      if (fit ? committed + amount > limit : committed >= limit)
        return { ok: false, exhausted: { key, committed, limit } };
    }
    for (const entry of request.counters) add(entry, amount, at);
    holds.set(request.reservationId, {
      amount,
      counters: request.counters,
      deadlineMs: at + request.holdMs,
    });
    return { ok: true };
  }

  function settle(request: SettleRequest): SettleOutcome {
    const at = now();
    const actual = BigInt(request.actual);
    if (settled.has(request.reservationId)) return "duplicate";
    for (const [id, when] of settled) {
      if (when > at - 2 * 86_400_000) break;
      settled.delete(id);
    }
    settled.set(request.reservationId, at);
    const hold = holds.get(request.reservationId);
    holds.delete(request.reservationId);
    if (hold) {
      for (const entry of hold.counters) add(entry, actual - hold.amount, at);
      return "held";
    }
    for (const entry of request.counters) add(entry, actual, at);
    return "lapsed";
  }

  return {
    name: "memory",
    reserve: async (request) => reserve(request),
    settle: async (request) => settle(request),
    release: async ({ reservationId }) => {
      const hold = holds.get(reservationId);
      if (!hold) return;
      holds.delete(reservationId);
      returnHold(hold, now());
    },
    read: async ({ keys }) => {
      const at = now();
      return new Map(keys.map((key) => [key, counter(key, at)?.committed ?? 0n]));
    },
  };
}
