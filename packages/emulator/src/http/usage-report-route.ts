import type { ServerResponse } from "node:http";
import { apiError } from "../api/api-error.js";
import type { UsageGroup } from "../usage/usage-ledger.js";
import { sendError, sendJson } from "./respond.js";
import type { EmulatorRuntime } from "./runtime.js";

// The Admin API's bucket widths, default and maximum buckets per page.
const WIDTHS: Record<string, { ms: number; defaultLimit: number; maxLimit: number }> = {
  "1m": { ms: 60_000, defaultLimit: 60, maxLimit: 1440 },
  "1h": { ms: 3_600_000, defaultLimit: 24, maxLimit: 168 },
  "1d": { ms: 86_400_000, defaultLimit: 7, maxLimit: 31 },
};
const GROUPS = new Set<UsageGroup>(["model", "service_tier", "context_window"]);

/**
 * GET /v1/organizations/usage_report/messages: what the emulator billed, in the Admin API's shape
 * (buckets of results, `has_more`/`next_page` paging). Only the groupings the emulator can tell
 * apart are accepted; workspace and key groupings answer null like a single-workspace org.
 */
export function handleUsageReport(
  runtime: EmulatorRuntime,
  response: ServerResponse,
  options: { url: URL; requestId: string },
): void {
  const fail = (message: string): void => {
    runtime.stats.status(400);
    sendError(response, { error: apiError("invalid_request_error", message), requestId: options.requestId });
  };
  const query = options.url.searchParams;
  const width = WIDTHS[query.get("bucket_width") ?? "1d"];
  if (!width) {
    fail("bucket_width: must be one of 1m, 1h, 1d");
    return;
  }
  const startText = query.get("starting_at");
  const start = startText ? Date.parse(startText) : Number.NaN;
  if (Number.isNaN(start)) {
    fail("starting_at: a required RFC 3339 timestamp");
    return;
  }
  const endText = query.get("ending_at");
  const end = endText ? Date.parse(endText) : Number.POSITIVE_INFINITY;
  if (Number.isNaN(end) || end <= start) {
    fail("ending_at: must be an RFC 3339 timestamp after starting_at");
    return;
  }
  const limit = query.has("limit") ? Number(query.get("limit")) : width.defaultLimit;
  if (!Number.isInteger(limit) || limit < 1 || limit > width.maxLimit) {
    fail(
      `limit: must be an integer from 1 to ${width.maxLimit} for bucket_width ${query.get("bucket_width") ?? "1d"}`,
    );
    return;
  }
  const groups = [...query.getAll("group_by[]"), ...query.getAll("group_by")];
  const unknown = groups.find((group) => !GROUPS.has(group as UsageGroup));
  if (unknown) {
    fail(`group_by: unsupported value "${unknown}"`);
    return;
  }
  const page = query.get("page");
  const pageStart = page ? Date.parse(Buffer.from(page, "base64url").toString("utf8")) : start;
  if (Number.isNaN(pageStart)) {
    fail("page: not a cursor this endpoint returned");
    return;
  }
  const lastEnd = Number.isFinite(end) ? end : Math.max(pageStart + width.ms, runtime.clock.now());
  const pageEnd = Math.min(lastEnd, pageStart + limit * width.ms);
  const data = runtime.usage.report({
    startMs: pageStart,
    endMs: pageEnd,
    bucketMs: width.ms,
    groupBy: groups as UsageGroup[],
  });
  const hasMore = pageEnd < lastEnd;
  runtime.stats.status(200);
  sendJson(response, {
    status: 200,
    body: {
      data,
      has_more: hasMore,
      next_page: hasMore ? Buffer.from(new Date(pageEnd).toISOString(), "utf8").toString("base64url") : null,
    },
    headers: { "request-id": options.requestId },
  });
}
