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

/**
 * The lengths a run-rate scales the observed days to: a quarter of `quarterDays` (a fraction of
 * days) and a month of a third of it, so three monthly run-rates make the quarterly one. A period
 * that is a calendar quarter scales to its own days (its quarterly run-rate, fully observed, is
 * its actual spend), a calendar month to its own days a month, a calendar year to a quarter of
 * its days; any other range to an average quarter of 365/4 days.
 */
export interface RunRateScale {
  /** Days in a quarter, as numerator / denominator (92/1 for 2026-Q3, 365/4 for a custom range). */
  quarterDays: { numerator: bigint; denominator: bigint };
  /** How a quarter and a month were counted, for the report ("2026-Q3's own 92 days ..."). */
  basis: string;
}

/** The run-rate scale of `period` (see RunRateScale). */
export function runRateScale(period: Pick<Period, "label" | "start" | "end">): RunRateScale {
  const days = daysBetween(period.start, period.end);
  const year = Number(period.start.slice(0, 4));
  const month = Number(period.start.slice(5, 7)) - 1;
  const startsMonth = period.start.slice(8) === "01";
  if (startsMonth && month % 3 === 0 && period.end === monthEnd(year, month + 2)) {
    return {
      quarterDays: { numerator: BigInt(days), denominator: 1n },
      basis: `a quarter of ${days} days (${period.label}'s own) and a month of a third of it (${formatDays(days / 3)} days)`,
    };
  }
  if (startsMonth && period.end === monthEnd(year, month)) {
    return {
      quarterDays: { numerator: BigInt(3 * days), denominator: 1n },
      basis: `a month of ${days} days (${period.label}'s own) and a quarter of three such months (${3 * days} days)`,
    };
  }
  if (period.start === `${year}-01-01` && period.end === `${year}-12-31`) {
    return {
      quarterDays: { numerator: BigInt(days), denominator: 4n },
      basis: `a quarter of ${days}/4 days and a month of ${days}/12 days (${period.label}'s own)`,
    };
  }
  return {
    quarterDays: { numerator: 365n, denominator: 4n },
    basis: "an average quarter of 365/4 days and a month of a third of it (365/12 days)",
  };
}

function formatDays(days: number): string {
  return Number.isInteger(days) ? String(days) : days.toFixed(2);
}
