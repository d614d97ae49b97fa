import { describe, expect, it } from "vitest";
import { createManualClock, createSystemClock, DEFAULT_MANUAL_CLOCK_START_MS } from "./clock.js";
import { EmulatorError } from "./emulator-error.js";

describe("emulator clocks", () => {
  it("a manual clock moves only when told", () => {
    const clock = createManualClock();
    expect(clock.now()).toBe(DEFAULT_MANUAL_CLOCK_START_MS);
    clock.advance(5 * 60_000);
    expect(clock.now()).toBe(DEFAULT_MANUAL_CLOCK_START_MS + 300_000);
    clock.set(1000);
    expect(clock.now()).toBe(1000);
    expect(() => clock.advance(Number.NaN)).toThrow(expect.toSatisfy(EmulatorError.isInstance));
  });

  it("a system clock follows wall time plus an offset", () => {
    const clock = createSystemClock();
    const target = Date.UTC(2030, 0, 1);
    clock.set(target);
    expect(Math.abs(clock.now() - target)).toBeLessThan(1000);
    clock.advance(3_600_000);
    expect(Math.abs(clock.now() - target - 3_600_000)).toBeLessThan(1000);
  });
});
