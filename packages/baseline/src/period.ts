import { BaselineError, BaselineErrorCode } from "./errors.js";

/** A reporting period: inclusive UTC days. */
export interface Period {
  label: string;
  start: string;
  end: string;
  days: number;
}

const DAY_MS = 86_400_000;

/** Days from `start` to `end` inclusive (YYYY-MM-DD). */
export function daysBetween(start: string, end: string): number {
  return Math.round((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / DAY_MS) + 1;
}

/** `day` plus `count` days. */
export function addDays(day: string, count: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + count * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Parse a period: "2026-Q3", "2026-07" (a month), "2026" (a year) or "2026-07-01..2026-09-30".
 * @example parsePeriod("2026-Q3") // { label: "2026-Q3", start: "2026-07-01", end: "2026-09-30", days: 92 }
 */
export function parsePeriod(text: string): Period {
  const value = text.trim();
  const quarter = /^(\d{4})-?Q([1-4])$/i.exec(value);
  if (quarter) {
    const year = Number(quarter[1]);
    const index = Number(quarter[2]) - 1;
    return make(`${year}-Q${index + 1}`, monthStart(year, index * 3), monthEnd(year, index * 3 + 2));
  }
  const month = /^(\d{4})-(\d{2})$/.exec(value);
  if (month && Number(month[2]) >= 1 && Number(month[2]) <= 12) {
    const year = Number(month[1]);
    const index = Number(month[2]) - 1;
    return make(value, monthStart(year, index), monthEnd(year, index));
  }
  if (/^\d{4}$/.test(value)) return make(value, `${value}-01-01`, `${value}-12-31`);
  const range = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(value);
  if (range?.[1] && range[2] && isDay(range[1]) && isDay(range[2]) && range[1] <= range[2]) {
    return make(value, range[1], range[2]);
  }
  throw new BaselineError({
    code: BaselineErrorCode.invalidPeriod,
    message: `period: cannot read "${text}" (expected e.g. 2026-Q3, 2026-07, 2026 or 2026-07-01..2026-09-30)`,
  });
}

/** The calendar quarter containing `day`. */
export function quarterOf(day: string): Period {
  const year = Number(day.slice(0, 4));
  const quarter = Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1;
  return parsePeriod(`${year}-Q${quarter}`);
}

/** The quarter right after `period`'s end. */
export function nextQuarter(period: Period): Period {
  return quarterOf(addDays(period.end, 1));
}

function isDay(value: string): boolean {
  return (
    !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) &&
    new Date(`${value}T00:00:00Z`).toISOString().startsWith(value)
  );
}

function monthStart(year: number, monthIndex: number): string {
  return new Date(Date.UTC(year, monthIndex, 1)).toISOString().slice(0, 10);
}

function monthEnd(year: number, monthIndex: number): string {
  return new Date(Date.UTC(year, monthIndex + 1, 0)).toISOString().slice(0, 10);
}

function make(label: string, start: string, end: string): Period {
  return { label, start, end, days: daysBetween(start, end) };
}
