import type { ServerResponse } from "node:http";
import { z } from "zod";
import { apiError } from "../api/api-error.js";
import { EmulatorError } from "../emulator-error.js";
import { parseFaultConfig } from "../faults/fault-config.js";
import { sendError, sendJson } from "./respond.js";
import type { EmulatorRuntime } from "./runtime.js";

const clockBody = z.union([
  z.object({ advanceMs: z.number().finite() }).strict(),
  z.object({ setMs: z.number().finite() }).strict(),
  z.object({ setIso: z.iso.datetime() }).strict(),
]);
const latencyBody = z.object({ latencyScale: z.number().min(0) }).strict();

/**
 * The emulator's own API for other processes (tests, the simulator):
 * GET /_emulator/verdicts/{message_id}, GET|POST /_emulator/clock, GET|POST /_emulator/faults,
 * GET /_emulator/stats, POST /_emulator/latency, POST /_emulator/cache/clear.
 */
export function handleControl(
  runtime: EmulatorRuntime,
  response: ServerResponse,
  route: { method: string; path: string; body: unknown; requestId: string },
) {
  const { method, path, body, requestId } = route;
  const ok = (payload: unknown) =>
    sendJson(response, { status: 200, body: payload, headers: { "request-id": requestId } });
  const invalid = (message: string) =>
    sendError(response, { error: apiError("invalid_request_error", message), requestId });
  const clockView = () => ({ nowMs: runtime.clock.now(), now: new Date(runtime.clock.now()).toISOString() });

  const verdictMatch = /^\/_emulator\/verdicts\/([^/]+)$/.exec(path);
  if (verdictMatch && method === "GET") {
    const verdict = runtime.verdicts.get(decodeURIComponent(verdictMatch[1]!));
    if (!verdict)
      return sendError(response, {
        error: apiError("not_found_error", `verdict: ${verdictMatch[1]} not found`),
        requestId,
      });
    return ok(verdict);
  }
  if (path === "/_emulator/clock" && method === "GET") return ok(clockView());
  if (path === "/_emulator/clock" && method === "POST") {
    const parsed = clockBody.safeParse(body);
    if (!parsed.success)
      return invalid("clock: expected {advanceMs: number} or {setMs: number} or {setIso: string}");
    if ("advanceMs" in parsed.data) runtime.clock.advance(parsed.data.advanceMs);
    else if ("setMs" in parsed.data) runtime.clock.set(parsed.data.setMs);
    else runtime.clock.set(Date.parse(parsed.data.setIso));
    return ok(clockView());
  }
  if (path === "/_emulator/faults" && method === "GET") return ok(runtime.faults.current);
  if (path === "/_emulator/faults" && method === "POST") {
    try {
      runtime.faults.configure(parseFaultConfig(body ?? {}));
    } catch (error) {
      if (EmulatorError.isInstance(error)) return invalid(error.message);
      throw error;
    }
    return ok(runtime.faults.current);
  }
  if (path === "/_emulator/stats" && method === "GET")
    return ok(runtime.stats.snapshot({ cacheEntries: runtime.cache.size, verdicts: runtime.verdicts.size }));
  if (path === "/_emulator/latency" && method === "POST") {
    const parsed = latencyBody.safeParse(body);
    if (!parsed.success) return invalid("latencyScale: expected a number >= 0");
    runtime.latencyScale = parsed.data.latencyScale;
    return ok({ latencyScale: runtime.latencyScale });
  }
  if (path === "/_emulator/cache/clear" && method === "POST") {
    runtime.cache.clear();
    return ok({ cleared: true });
  }
  sendError(response, { error: apiError("not_found_error", `Not found: ${method} ${path}`), requestId });
}
