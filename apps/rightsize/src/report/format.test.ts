import { describe, expect, it } from "vitest";
import { asSentence, formatCount, formatDate, formatPassRate, formatPercent } from "./format.js";

describe("report formatting", () => {
  it("formats shares, counts and dates for print", () => {
    expect(formatPercent(0.4234)).toBe("42.3%");
    expect(formatPercent(0)).toBe("0%");
    expect(formatPercent(Number.NaN)).toBe("n/a");
    expect(formatCount(1234567)).toBe("1,234,567");
    expect(formatDate("2026-07-01")).toBe("Jul 1, 2026");
    expect(formatDate("2026-10-02T09:00:00.000Z")).toBe("Oct 2, 2026");
    expect(asSentence("List prices, totals")).toBe("List prices, totals.");
    expect(asSentence("Already a sentence. ")).toBe("Already a sentence.");
  });

  it("shows an eval pass rate with its lower bound and sample size", () => {
    expect(formatPassRate({ rate: 0.96, lower: 0.912, samples: 150 })).toBe("96.0% (≥ 91.2%, n=150)");
    expect(formatPassRate({ rate: null, lower: null, samples: 0 })).toBe("no evals");
    expect(formatPassRate({ rate: 0.5, lower: null, samples: 4 })).toBe("50.0%");
  });
});
