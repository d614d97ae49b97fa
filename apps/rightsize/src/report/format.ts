import { formatUsd, usdToPico } from "@rightsize/contracts";

/** Display formatting for the report (money comes pre-formatted from the figures). */

const COUNT = new Intl.NumberFormat("en-US");

/** 0.2345 -> "23.5%" (one decimal; "0%" for exact zero). */
export function formatPercent(share: number, digits = 1): string {
  if (!Number.isFinite(share)) return "n/a";
  if (share === 0) return "0%";
  return `${(share * 100).toFixed(digits)}%`;
}

/** 1234567 -> "1,234,567". */
export function formatCount(count: number): string {
  return COUNT.format(count);
}

/** "2026-07-01" -> "Jul 1, 2026" (UTC, so the date never shifts with the reader's zone). */
export function formatDate(isoDate: string): string {
  const date = new Date(`${isoDate.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return isoDate;
  return date.toLocaleDateString("en-US", {
    year: "numeric",
    month: "short",
    day: "numeric",
    timeZone: "UTC",
  });
}

/** A pass rate with its lower confidence bound: "96.0% (≥ 91.2%, n=150)". */
export function formatPassRate(options: {
  rate: number | null;
  lower: number | null;
  samples: number;
}): string {
  if (options.rate === null || options.samples === 0) return "no evals";
  const bound = options.lower === null ? "" : ` (≥ ${formatPercent(options.lower)}`;
  return `${formatPercent(options.rate)}${bound}${bound ? `, n=${formatCount(options.samples)})` : ""}`;
}

/** Ends a phrase with a full stop unless it already ends with punctuation. */
export function asSentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** An exact decimal USD amount ("125000.5") as the report shows money: "$125,000.50". */
export function formatDecimalUsd(decimal: string): string {
  return formatUsd(usdToPicoSigned(decimal));
}

function usdToPicoSigned(decimal: string): bigint {
  return decimal.startsWith("-") ? -usdToPico(decimal.slice(1)) : usdToPico(decimal);
}

/** The what-if warning for facts the candidate policy tests that the input lacks ("" when none). */
export function missingFactsWarning(
  missing: ReadonlyArray<{ fact: string; requests: number; share: number }>,
  options: { short?: boolean } = {},
): string {
  if (missing.length === 0) return "";
  if (options.short)
    return (
      `What-if: the policy tests ${missing.map((entry) => `${entry.fact} (absent for ${formatPercent(entry.share, 0)} of requests)`).join(", ")}, ` +
      "assumed absent in the replay (see Where the savings come from)."
    );
  const list = missing
    .map(
      (entry) =>
        `${entry.fact} (absent for ${formatCount(entry.requests)} requests, ${formatPercent(entry.share)})`,
    )
    .join(", ");
  return (
    `What-if warning: the policy tests facts the input does not carry: ${list}. The replay assumed them absent, ` +
    "so every rule testing them did not match and those requests took the other rules or the default tier; " +
    "the optimized figures rest on that assumption, not on evidence."
  );
}
