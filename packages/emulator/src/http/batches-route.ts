import type { IncomingMessage } from "node:http";
import { type ApiErrorSpec, apiError } from "../api/api-error.js";
import { validateBatchCreate } from "../batches/batch-request-validation.js";
import type { Exchange } from "./exchange.js";
import { workspaceOf } from "./messages-route.js";
import { paginate } from "./pagination.js";
import { sendError, sendJson } from "./respond.js";

const isError = (value: object): value is ApiErrorSpec =>
  "status" in value && "type" in value && "message" in value;

/** The base URL the client used, so results_url points back at this emulator. */
function baseUrlOf(request: IncomingMessage): string {
  return `http://${request.headers.host ?? "127.0.0.1"}`;
}

/** Routes /v1/messages/batches[/{id}[/cancel|/results]]. */
export function handleBatches(
  exchange: Exchange,
  route: { url: URL; id: string | null; action: string | null; body: unknown },
) {
  const { runtime, request, response, requestId } = exchange;
  runtime.stats.requests.batches++;
  const { url, id, action, body } = route;
  const method = request.method ?? "GET";
  const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
    runtime.stats.status(status);
    sendJson(response, { status, body: payload, headers: { "request-id": requestId, ...headers } });
  };
  const fail = (error: ApiErrorSpec) => {
    runtime.stats.status(error.status);
    sendError(response, { error, requestId });
  };
  const base = baseUrlOf(request);

  if (id === null && method === "POST") {
    const validated = validateBatchCreate(body);
    if (!validated.ok) return fail(validated.error);
    runtime.stats.batches.created++;
    runtime.stats.batches.requests += validated.value.length;
    const workspace = workspaceOf(request, body as { workspace_id?: unknown });
    return send(200, runtime.batches.create(validated.value, workspace));
  }
  if (id === null && method === "GET") {
    const page = paginate(runtime.batches.list(), (batch) => batch.id, url.searchParams);
    if (!page.ok) return fail(apiError("invalid_request_error", page.message));
    return send(200, {
      ...page.value,
      data: page.value.data.map((batch) => runtime.batches.view(batch, base)),
    });
  }
  if (id === null) return fail(apiError("not_found_error", "Not found"));

  if (action === null && method === "GET") {
    const batch = runtime.batches.get(id);
    return isError(batch) ? fail(batch) : send(200, runtime.batches.view(batch, base));
  }
  if (action === null && method === "DELETE") {
    const deleted = runtime.batches.delete(id);
    return isError(deleted) ? fail(deleted) : send(200, deleted);
  }
  if (action === "cancel" && method === "POST") {
    const batch = runtime.batches.cancel(id);
    return isError(batch) ? fail(batch) : send(200, runtime.batches.view(batch, base));
  }
  if (action === "results" && method === "GET") {
    const results = runtime.batches.results(id);
    if (isError(results)) return fail(results);
    const lines = results.map((line) => JSON.stringify(line));
    const fault = runtime.faults.nextForBatchResults();
    if (fault) runtime.stats.fault(fault);
    // A garbled line in the middle: its JSON cut off, the rest of the file intact.
    const middle = Math.floor(lines.length / 2);
    if (fault === "malformed_json" && lines[middle])
      lines[middle] = lines[middle].slice(0, Math.floor(lines[middle].length / 2));
    const jsonl = lines.length > 0 ? `${lines.join("\n")}\n` : "";
    runtime.stats.status(200);
    response.writeHead(200, {
      "content-type": "application/x-jsonl",
      "content-length": Buffer.byteLength(jsonl),
      "request-id": requestId,
    });
    if (fault === "stream_cut") {
      // Half the file, flushed, then the connection drops (content-length promised the whole).
      response.write(jsonl.slice(0, Math.floor(jsonl.length / 2)), () => response.socket?.destroy());
      return;
    }
    response.end(jsonl);
    return;
  }
  return fail(apiError("not_found_error", "Not found"));
}
