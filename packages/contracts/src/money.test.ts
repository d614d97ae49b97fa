import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ContractError } from "./errors/contract-error.js";
import {
  divideRounded,
  formatUsd,
  formatUsdPerMillion,
  PICO_PER_USD,
  picoToDecimalUsd,
  picoToUsd,
  sumPico,
  usdToPico,
} from "./money.js";

describe("money helpers", () => {
  it("formats pico-dollars as dollars with separators, rounding half away from zero", () => {
    expect(formatUsd(1_234_560_000_000_000n)).toBe("$1,234.56");
    expect(formatUsd(1_234_565_000_000_000n)).toBe("$1,234.57");
    expect(formatUsd(1_234_564_999_999_999n)).toBe("$1,234.56");
    expect(formatUsd(2_250_000_000, { decimals: 5 })).toBe("$0.00225");
    expect(formatUsd(0)).toBe("$0.00");
    expect(formatUsd(-1_500_000_000_000n, { decimals: 0 })).toBe("-$2");
    expect(formatUsd(1n, { decimals: 12 })).toBe("$0.000000000001");
    expect(formatUsd(75_000n * PICO_PER_USD)).toBe("$75,000.00");
    expect(() => formatUsd(1, { decimals: 13 })).toThrow(
      "formatUsd: decimals must be an integer from 0 to 12, got 13",
    );
    expect(() => formatUsd(0.5)).toThrow("formatUsd: 0.5 is not a whole number of pico-dollars");
    expect(() => formatUsd(Number.NaN)).toThrow("formatUsd: NaN is not a whole number");
  });

  it("refuses broken amounts with a ContractError and a code", () => {
    try {
      sumPico([0.5]);
      expect.unreachable();
    } catch (error) {
      expect(ContractError.isInstance(error)).toBe(true);
      expect((error as ContractError).code).toBe("invalid_amount");
    }
  });

  it("sums exactly where floats drift", () => {
    const cents = Array.from({ length: 1000 }, () => 10_000_000_000);
    expect(sumPico(cents)).toBe(10n * PICO_PER_USD);
    expect(sumPico([Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, 2n])).toBe(
      2n * BigInt(Number.MAX_SAFE_INTEGER) + 2n,
    );
    expect(() => sumPico([0.5])).toThrow("sumPico: 0.5 is not a whole number");
  });

  it("sumPico agrees with BigInt arithmetic and formatUsd(decimals 12) round-trips", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER })), (values) => {
        const total = sumPico(values);
        expect(total).toBe(values.reduce((sum, value) => sum + BigInt(value), 0n));
        expect(BigInt(formatUsd(total, { decimals: 12 }).replace(/[$,.]/g, ""))).toBe(total);
      }),
    );
  });

  it("converts to float dollars for display", () => {
    expect(picoToUsd(22_500_000_000)).toBe(0.0225);
    expect(picoToUsd(123n * PICO_PER_USD + 450_000_000_000n)).toBe(123.45);
  });
});

describe("formatUsdPerMillion", () => {
  it("prints a per-token rate per million tokens, exactly", () => {
    expect(formatUsdPerMillion(625_000)).toBe("$0.625");
    expect(formatUsdPerMillion(5_000_000)).toBe("$5.00");
    expect(formatUsdPerMillion(10_000)).toBe("$0.01");
    expect(formatUsdPerMillion(68_750)).toBe("$0.06875");
    expect(formatUsdPerMillion(37_500_000)).toBe("$37.50");
  });
});

describe("decimal USD", () => {
  it("prints pico-dollars as exact decimals and reads them back", () => {
    expect(picoToDecimalUsd("2250000000")).toBe("0.00225");
    expect(picoToDecimalUsd(2_250_000_000n)).toBe("0.00225");
    expect(picoToDecimalUsd(-PICO_PER_USD)).toBe("-1");
    expect(picoToDecimalUsd(0)).toBe("0");
    expect(usdToPico("12.50")).toBe(12_500_000_000_000n);
    expect(usdToPico(0.1)).toBe(100_000_000_000n);
    expect(() => usdToPico("-1")).toThrow("not a non-negative USD amount");
    expect(() => picoToDecimalUsd("1.5")).toThrow("is not a whole number");
  });

  it("round-trips every non-negative pico amount", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 30n }), (pico) => {
        expect(usdToPico(picoToDecimalUsd(pico))).toBe(pico);
      }),
    );
  });

  it("divides with rounding half away from zero", () => {
    expect(divideRounded(5n, 2n)).toBe(3n);
    expect(divideRounded(-5n, 2n)).toBe(-3n);
    expect(divideRounded(4n, 3n)).toBe(1n);
    expect(divideRounded(5n, -3n)).toBe(-2n);
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }),
        fc.bigInt({ min: 1n, max: 10n ** 9n }),
        (n, d) => {
          const quotient = divideRounded(n, d);
          // |n/d - q| <= 1/2, i.e. |2n - 2qd| <= d
          const gap = 2n * n - 2n * quotient * d;
          expect(gap <= d && gap >= -d).toBe(true);
        },
      ),
    );
  });
});
