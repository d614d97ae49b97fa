import { PricingError, PricingErrorCode } from "../pricing-error.js";

const MS_PER_DAY = 86_400_000;
const dayPattern = /^\d{4}-\d{2}-\d{2}$/;

/** Days since 1970-01-01 (UTC) of a YYYY-MM-DD string; NaN when it is not a real calendar day. */
export function dayNumberOfIsoDay(text: string): number {
  if (!dayPattern.test(text)) return Number.NaN;
  const ms = Date.parse(`${text}T00:00:00Z`);
  if (Number.isNaN(ms)) return Number.NaN;
  const day = ms / MS_PER_DAY;
  // Date.parse rolls 2026-02-30 over to March; a real day prints back unchanged.
  return isoDayOfDayNumber(day) === text ? day : Number.NaN;
}

let lastAtText = "";
let lastAtDay = Number.NaN;

/** The UTC day of `at` (Date, YYYY-MM-DD or ISO 8601 timestamp), or of now when absent. */
export function dayNumberOf(at: Date | string | undefined, where = "at"): number {
  // Hot callers price many requests of one day: remember the last string.
  if (typeof at === "string" && at === lastAtText) return lastAtDay;
  let ms: number;
  if (at === undefined) ms = Date.now();
  else if (at instanceof Date) ms = at.getTime();
  else if (typeof at === "string")
    ms = dayPattern.test(at) ? dayNumberOfIsoDay(at) * MS_PER_DAY : Date.parse(at);
  else ms = Number.NaN;
  if (!Number.isFinite(ms)) {
    throw new PricingError({
      code: PricingErrorCode.invalidOption,
      message: `${where}: expected a Date, a YYYY-MM-DD day or an ISO 8601 timestamp, got ${JSON.stringify(String(at))}`,
    });
  }
  const day = Math.floor(ms / MS_PER_DAY);
  if (typeof at === "string") {
    lastAtText = at;
    lastAtDay = day;
  }
  return day;
}

let cachedDay = Number.NaN;
let cachedText = "";

/** YYYY-MM-DD of a day number; the last answer is cached because hot callers price one day at a time. */
export function isoDayOfDayNumber(day: number): string {
  if (day === cachedDay) return cachedText;
  const text = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
  cachedDay = day;
  cachedText = text;
  return text;
}
