import { describe, expect, it } from "vitest";
import { weeklyMeans } from "./forecast-chart.js";

const day = (index: number, value: number) => ({
  date: `2026-07-${String(index + 1).padStart(2, "0")}`,
  values: { spend: value },
});

describe("weeklyMeans", () => {
  it("averages full 7-day blocks dated by their first day and drops a short tail", () => {
    const days = Array.from({ length: 16 }, (_, index) => day(index, index < 7 ? 7 : 14));
    const weeks = weeklyMeans(days);
    expect(weeks).toEqual([
      { date: "2026-07-01", values: { spend: 7 } },
      { date: "2026-07-08", values: { spend: 14 } },
    ]);
  });

  it("keeps a history shorter than a week as one point", () => {
    expect(weeklyMeans([day(0, 2), day(1, 4)])).toEqual([{ date: "2026-07-01", values: { spend: 3 } }]);
  });
});
