/**
 * The storage contract of budgets. A counter holds the pico-dollars committed in one scope and
 * period: settled spend plus live reservations. Stores make reserve all-or-nothing across every
 * counter a request draws on, so concurrent callers can never jointly pass a limit.
 */

/** One counter a reservation draws on: one scope subject (a tenant, a feature, a key) in one period. */
export interface BudgetCounter {
  /** Stable key, e.g. `tenant:acme:day:2026-11-14`; the store may prefix it. */
  key: string;
  /** The cap in pico-dollars (1e-12 USD). */
  limit: bigint;
  /** When the counter may be forgotten (ms since epoch): the period's end plus a retention margin. */
  expiresAtMs: number;
}

/** Why a reservation was refused: the first counter it would have pushed past its limit. */
export interface BudgetExhaustion {
  key: string;
  /** Pico-dollars committed on that counter at the time of the refusal. */
  committed: bigint;
  limit: bigint;
}

export type ReserveOutcome = { ok: true } | { ok: false; exhausted: BudgetExhaustion };

/**
 * When a hold is admitted. `room` (the default): while a counter has any room left, so a budget
 * is never refused with money left in it, and the spend can pass the limit by at most the one
 * worst case admitted last. `fit`: only when the whole worst case fits, so the limit is never
 * passed, at the price of refusing large requests while the budget still has room.
 */
export type BudgetAdmission = "room" | "fit";

export interface ReserveRequest {
  /** Unique per request; settle and release name it. */
  reservationId: string;
  counters: readonly BudgetCounter[];
  /** Pico-dollars to hold: the request's maximum possible cost. */
  amount: number;
  /** `room` when absent (see BudgetAdmission). */
  admission?: BudgetAdmission;
  /**
   * How long the hold lives if neither settle nor release arrives (the process died): after it,
   * the next reserve on the store returns the amount to the counters.
   */
  holdMs: number;
}

export interface SettleRequest {
  reservationId: string;
  /** The counters of the reservation; used when the hold already lapsed (the spend still counts). */
  counters: readonly BudgetCounter[];
  /** Pico-dollars actually spent. */
  actual: number;
}

/**
 * `held`: the reservation was live and was replaced by the actual; `lapsed`: it had expired (the
 * actual is charged anyway); `duplicate`: it was settled before (a retried settle changes nothing).
 */
export type SettleOutcome = "held" | "lapsed" | "duplicate";

export interface BudgetStore {
  /** Where the counters live, for errors that must say which store failed (`redis 127.0.0.1:6379`). */
  readonly name?: string;
  /** Atomically checks every counter and, only if all stay within their limits, adds the amount. */
  reserve(request: ReserveRequest): Promise<ReserveOutcome>;
  /**
   * Replaces the held amount by the actual spend (or adds the actual if the hold lapsed). Idempotent
   * per reservation id: a settle retried after a timeout is counted once.
   */
  settle(request: SettleRequest): Promise<SettleOutcome>;
  /** Returns a hold unspent (the call failed before anything was billed). No-op if unknown. */
  release(request: { reservationId: string }): Promise<void>;
  /** Committed pico-dollars per key (0n for unknown keys). */
  read(request: { keys: readonly string[] }): Promise<Map<string, bigint>>;
}
