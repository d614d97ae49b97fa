/** A budget period. Periods are calendar periods in UTC, so every process of a fleet agrees. */
export type BudgetPeriod = "day" | "month";

/**
 * The label of the period containing `at`: `2026-11-14` for a day, `2026-11` for a month (UTC).
 * Budget counters carry it as a key suffix, so a new period starts from zero without a reset job.
 */
export function periodLabel(options: { period: BudgetPeriod; at: number | Date }): string {
  const date = new Date(options.at);
  const year = String(date.getUTCFullYear()).padStart(4, "0");
  const month = String(date.getUTCMonth() + 1).padStart(2, "0");
  if (options.period === "month") return `${year}-${month}`;
  return `${year}-${month}-${String(date.getUTCDate()).padStart(2, "0")}`;
}

/** The first instant (ms since epoch) after the period containing `at` (UTC). */
export function periodEndMs(options: { period: BudgetPeriod; at: number | Date }): number {
  const date = new Date(options.at);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  if (options.period === "month") return Date.UTC(year, month + 1, 1);
  return Date.UTC(year, month, date.getUTCDate() + 1);
}
