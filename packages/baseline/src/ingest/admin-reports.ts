import type { TokenCounts } from "@rightsize/contracts";
import { badLine, type LineContext } from "./record-sink.js";

/** One row of an Admin API usage report (`/v1/organizations/usage_report/messages`), daily. */
export interface UsageReportRow extends TokenCounts {
  date: string;
  model: string;
  serviceTier: string;
}

/** One row of an Admin API cost report (`/v1/organizations/cost_report`), amount in pico-dollars. */
export interface CostReportRow {
  date: string;
  model: string;
  amountPico: bigint;
  costType: string;
  tokenType: string;
  serviceTier: string;
}

export type AdminReportKind = "usage-report" | "cost-report";

type Fields = Record<string, unknown>;

/** Which Admin report a parsed page is, or null when it is neither. */
export function adminReportKind(page: unknown): AdminReportKind | null {
  const data = (page as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return null;
  for (const bucket of data) {
    const results = (bucket as { results?: unknown } | null)?.results;
    if (!Array.isArray(results) || results.length === 0) continue;
    const row = results[0] as Fields;
    if ("amount" in row) return "cost-report";
    if ("uncached_input_tokens" in row || "output_tokens" in row) return "usage-report";
  }
  return Array.isArray(data) && "has_more" in (page as Fields) ? "usage-report" : null;
}

/**
 * Read the rows of Admin report pages (one page, an array of pages, or JSON lines of pages).
 * A malformed row is counted as bad with its page and position; the rest are kept.
 */
export function readAdminReportPages(options: {
  pages: unknown[];
  kind: AdminReportKind;
  context: LineContext;
  onUsage: (row: UsageReportRow) => void;
  onCost: (row: CostReportRow) => void;
}): void {
  const { context } = options;
  options.pages.forEach((page, pageIndex) => {
    const data = (page as { data?: unknown } | null)?.data;
    if (!Array.isArray(data)) {
      badLine(context, {
        lineNumber: pageIndex + 1,
        reason: "report page without a data array",
        text: JSON.stringify(page),
      });
      return;
    }
    for (const bucket of data) {
      const date = dayOf((bucket as Fields | null)?.starting_at);
      const results = (bucket as Fields | null)?.results;
      if (date === null || !Array.isArray(results)) {
        badLine(context, {
          lineNumber: pageIndex + 1,
          reason: "report bucket without starting_at or results",
          text: JSON.stringify(bucket),
        });
        continue;
      }
      for (const result of results) {
        const row = result as Fields;
        const problem =
          options.kind === "usage-report"
            ? readUsageRow(row, date, options.onUsage)
            : readCostRow(row, date, options.onCost);
        if (problem === null) context.records++;
        else badLine(context, { lineNumber: pageIndex + 1, reason: problem, text: JSON.stringify(row) });
      }
    }
  });
}

function readUsageRow(row: Fields, date: string, onUsage: (row: UsageReportRow) => void): string | null {
  if (typeof row?.model !== "string" || row.model === "") return "usage row without a model (group by model)";
  const creation = (row.cache_creation ?? {}) as Fields;
  const tools = (row.server_tool_use ?? {}) as Fields;
  const fields = {
    uncachedInput: row.uncached_input_tokens,
    cacheRead: row.cache_read_input_tokens,
    cacheWrite5m: creation.ephemeral_5m_input_tokens,
    cacheWrite1h: creation.ephemeral_1h_input_tokens,
    output: row.output_tokens,
    webSearchRequests: tools.web_search_requests,
  };
  const counts: Record<string, number> = {};
  for (const [name, value] of Object.entries(fields)) {
    const count = value === undefined || value === null ? 0 : Number(value);
    if (!Number.isInteger(count) || count < 0) return `usage row with an invalid ${name}`;
    counts[name] = count;
  }
  onUsage({
    date,
    model: row.model,
    serviceTier: typeof row.service_tier === "string" ? row.service_tier : "standard",
    uncachedInput: counts.uncachedInput ?? 0,
    cacheRead: counts.cacheRead ?? 0,
    cacheWrite5m: counts.cacheWrite5m ?? 0,
    cacheWrite1h: counts.cacheWrite1h ?? 0,
    output: counts.output ?? 0,
    webSearchRequests: counts.webSearchRequests ?? 0,
  });
  return null;
}

function readCostRow(row: Fields, date: string, onCost: (row: CostReportRow) => void): string | null {
  const raw =
    typeof row?.amount === "object" && row.amount !== null ? (row.amount as Fields).value : row?.amount;
  const amountPico = centsToPico(raw);
  if (amountPico === null) return "cost row with an invalid amount (expected decimal cents)";
  const currency = row.currency ?? (row.amount as Fields | undefined)?.currency;
  if (currency !== undefined && currency !== "USD")
    return `cost row in ${String(currency)} (only USD is supported)`;
  onCost({
    date,
    model: typeof row.model === "string" && row.model !== "" ? row.model : "(not a model charge)",
    amountPico,
    costType: typeof row.cost_type === "string" ? row.cost_type : "",
    tokenType: typeof row.token_type === "string" ? row.token_type : "",
    serviceTier: typeof row.service_tier === "string" ? row.service_tier : "standard",
  });
  return null;
}

/** A decimal string (or number) of cents to exact pico-dollars: 1 cent = 1e10 pico. */
export function centsToPico(value: unknown): bigint | null {
  const text = typeof value === "number" && Number.isFinite(value) ? String(value) : value;
  if (typeof text !== "string") return null;
  const match = /^(-?)(\d+)(?:\.(\d{1,10})\d*)?$/.exec(text.trim());
  if (match === null) return null;
  const fraction = (match[3] ?? "").padEnd(10, "0");
  const pico = BigInt(match[2] ?? "0") * 10_000_000_000n + BigInt(fraction);
  return match[1] === "-" ? -pico : pico;
}

function dayOf(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString().slice(0, 10);
}
