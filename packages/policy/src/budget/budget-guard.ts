import type { RequestFacts } from "@rightsize/contracts";
import { PolicyError, PolicyErrorCode } from "../policy-error.js";
import type { BudgetPeriod } from "./budget-period.js";
import { periodEndMs, periodLabel } from "./budget-period.js";
import type { BudgetAdmission, BudgetCounter, BudgetStore, SettleOutcome } from "./budget-store.js";

/** Who a budget is for; each scope reads one fact (`tenant`, `feature`, `apiKeyId`). */
export type BudgetScope = "tenant" | "feature" | "apiKey";

/** One cap: per subject of a scope, per calendar period (UTC). */
export interface BudgetGuardLimit {
  scope: BudgetScope;
  period: BudgetPeriod;
  /** Pico-dollars (1e-12 USD). */
  limit: bigint;
  /** Only this subject (e.g. tenant `acme`); absent: every subject of the scope, each on its own. */
  subject?: string;
  /** A label for reports (the policy limit's name). */
  name?: string;
}

/** A live hold: hand it back to settle or release. */
export interface BudgetReservation {
  reservationId: string;
  amount: number;
  counters: readonly BudgetCounter[];
}

export type BudgetReserveResult =
  | { kind: "unbudgeted" }
  | { kind: "reserved"; reservation: BudgetReservation }
  | {
      kind: "exhausted";
      scope: BudgetScope;
      subject: string;
      period: BudgetPeriod;
      limit: bigint;
      committed: bigint;
    };

export interface BudgetStatus {
  scope: BudgetScope;
  subject: string;
  period: BudgetPeriod;
  label: string;
  limit: bigint;
  committed: bigint;
  remaining: bigint;
}

export interface BudgetGuard {
  /** Holds `amount` on every budget the facts fall under, all or none. */
  reserve(options: {
    reservationId: string;
    facts: RequestFacts;
    amount: number;
    holdMs?: number;
  }): Promise<BudgetReserveResult>;
  settle(options: { reservation: BudgetReservation; actual: number }): Promise<SettleOutcome>;
  release(options: { reservation: BudgetReservation }): Promise<void>;
  /** The budgets the facts fall under, with what is committed now. */
  status(options: { facts: RequestFacts }): Promise<BudgetStatus[]>;
}

export interface BudgetGuardOptions {
  store: BudgetStore;
  limits: readonly BudgetGuardLimit[];
  now?: () => number;
  /** Default hold lifetime for realtime calls: 10 minutes (longer than any SDK retry sequence). */
  holdMs?: number;
  /** How long a counter is kept after its period ends, for reporting: 35 days by default. */
  retentionMs?: number;
  /** When a hold is admitted: `room` (default) or `fit` (see BudgetAdmission). */
  admission?: BudgetAdmission;
  /**
   * Longest wait for the store (2 s by default). A store that does not answer in time is treated
   * as down: reserve fails closed with `budget_unavailable` naming the store; settle and release
   * fail the same way and are retried by the routed client's settlement queue.
   */
  timeoutMs?: number;
}

const factOfScope = { tenant: "tenant", feature: "feature", apiKey: "apiKeyId" } as const;

interface Applicable {
  limit: BudgetGuardLimit;
  subject: string;
  counter: BudgetCounter;
  label: string;
}

/**
 * Budgets over a store: turns facts into the counters a request draws on and reserves the
 * request's maximum cost on all of them before the call, settling to the actual after it.
 * A subject-specific limit replaces the scope-wide one for that subject and period.
 */
export function createBudgetGuard(options: BudgetGuardOptions): BudgetGuard {
  const { store, limits } = options;
  const now = options.now ?? Date.now;
  const holdMs = options.holdMs ?? 600_000;
  const retentionMs = options.retentionMs ?? 35 * 86_400_000;
  const admission = options.admission ?? "room";
  const timeoutMs = options.timeoutMs ?? 2_000;
  const storeName = store.name ?? "budget store";
  const bounded = <T>(operation: string, work: Promise<T>) =>
    withinTime({ operation, work, timeoutMs, storeName });
  for (const limit of limits) {
    if (limit.limit < 0n || limit.limit > 2n ** 63n - 1n) {
      throw new PolicyError({
        code: PolicyErrorCode.invalidOption,
        message: `budget limit for ${limit.scope}/${limit.period} is outside 0..2^63-1 pico-dollars`,
      });
    }
  }

  function applicable(facts: RequestFacts): Applicable[] {
    const at = now();
    const chosen = new Map<string, Applicable>();
    for (const limit of limits) {
      const value = facts[factOfScope[limit.scope]];
      if (typeof value !== "string" || value === "") continue;
      if (limit.subject !== undefined && limit.subject !== value) continue;
      const slot = `${limit.scope}:${limit.period}`;
      const existing = chosen.get(slot);
      if (existing && (existing.limit.subject !== undefined || limit.subject === undefined)) continue;
      const label = periodLabel({ period: limit.period, at });
      // Subjects are caller data: encoded so a key never contains spaces or separators.
      const key = `${limit.scope}:${encodeURIComponent(value)}:${limit.period}:${label}`;
      const expiresAtMs = periodEndMs({ period: limit.period, at }) + retentionMs;
      chosen.set(slot, { limit, subject: value, label, counter: { key, limit: limit.limit, expiresAtMs } });
    }
    return [...chosen.values()];
  }

  return {
    async reserve({ reservationId, facts, amount, holdMs: hold }) {
      if (!Number.isSafeInteger(amount) || amount < 0) {
        throw new PolicyError({
          code: PolicyErrorCode.invalidOption,
          message: `reservation amount must be a non-negative safe integer of pico-dollars, got ${amount}`,
        });
      }
      const entries = applicable(facts);
      if (entries.length === 0) return { kind: "unbudgeted" };
      const counters = entries.map((entry) => entry.counter);
      let outcome: Awaited<ReturnType<BudgetStore["reserve"]>>;
      try {
        outcome = await bounded(
          "reserve",
          store.reserve({ reservationId, counters, amount, holdMs: hold ?? holdMs, admission }),
        );
      } catch (error) {
        // The reserve may still land when the store comes back: give the hold back then.
        void store.release({ reservationId }).catch(() => {});
        throw error;
      }
      if (outcome.ok) return { kind: "reserved", reservation: { reservationId, amount, counters } };
      const entry =
        entries.find((candidate) => candidate.counter.key === outcome.exhausted.key) ?? entries[0];
      if (!entry) throw new Error("unreachable: a refusal names one of the reserved counters");
      const { committed, limit } = outcome.exhausted;
      return {
        kind: "exhausted",
        scope: entry.limit.scope,
        subject: entry.subject,
        period: entry.limit.period,
        limit,
        committed,
      };
    },
    settle: ({ reservation, actual }) =>
      bounded(
        "settle",
        store.settle({ reservationId: reservation.reservationId, counters: reservation.counters, actual }),
      ),
    release: ({ reservation }) =>
      bounded("release", store.release({ reservationId: reservation.reservationId })),
    async status({ facts }) {
      const entries = applicable(facts);
      const committed = await bounded(
        "read",
        store.read({ keys: entries.map((entry) => entry.counter.key) }),
      );
      return entries.map((entry) => {
        const spent = committed.get(entry.counter.key) ?? 0n;
        return {
          scope: entry.limit.scope,
          subject: entry.subject,
          period: entry.limit.period,
          label: entry.label,
          limit: entry.limit.limit,
          committed: spent,
          remaining: entry.limit.limit > spent ? entry.limit.limit - spent : 0n,
        };
      });
    },
  };
}

/**
 * Runs a store operation within `timeoutMs`; a failure or a timeout becomes `budget_unavailable`
 * naming the store and the operation (the operation itself may still complete later: settles are
 * idempotent, and a late reserve is released).
 */
async function withinTime<T>(options: {
  operation: string;
  work: Promise<T>;
  timeoutMs: number;
  storeName: string;
}): Promise<T> {
  const { operation, storeName } = options;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );
  });
  try {
    return await Promise.race([options.work, timeout]);
  } catch (error) {
    options.work.catch(() => {});
    throw new PolicyError({
      code: PolicyErrorCode.budgetUnavailable,
      message: `budget store ${storeName} failed to ${operation}: ${error instanceof Error ? error.message : String(error)}`,
      cause: error,
    });
  } finally {
    clearTimeout(timer);
  }
}
