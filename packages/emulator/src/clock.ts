import { EmulatorError, EmulatorErrorCode } from "./emulator-error.js";

/**
 * The emulator's notion of "now" (epoch milliseconds). Cache TTLs, batch expiry and model
 * retirement read it; tests and the simulator control it instead of waiting in real time.
 */
export interface EmulatorClock {
  now(): number;
  /** Moves the clock forward by `ms` (a manual clock) or shifts a system clock's offset. */
  advance(ms: number): void;
  /** Jumps to an absolute epoch-millisecond time. */
  set(ms: number): void;
}

/** A fixed start (2026-11-01T00:00:00Z) so runs with a manual clock are reproducible by default. */
export const DEFAULT_MANUAL_CLOCK_START_MS = Date.UTC(2026, 10, 1);

/**
 * A clock that only moves when told to.
 * @example
 * const clock = createManualClock();
 * clock.advance(6 * 60_000); // a 5-minute cache entry is now expired
 */
export function createManualClock(startMs: number = DEFAULT_MANUAL_CLOCK_START_MS): EmulatorClock {
  let current = startMs;
  return {
    now: () => current,
    advance(ms) {
      assertFinite(ms, "advance");
      current += ms;
    },
    set(ms) {
      assertFinite(ms, "set");
      current = ms;
    },
  };
}

/** Wall-clock time plus an offset that advance()/set() adjust (the default for a running server). */
export function createSystemClock(): EmulatorClock {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advance(ms) {
      assertFinite(ms, "advance");
      offset += ms;
    },
    set(ms) {
      assertFinite(ms, "set");
      offset = ms - Date.now();
    },
  };
}

function assertFinite(ms: number, operation: string): void {
  if (!Number.isFinite(ms)) {
    throw new EmulatorError({
      code: EmulatorErrorCode.invalidOptions,
      message: `clock.${operation}: expected a finite number, got ${ms}`,
    });
  }
}
