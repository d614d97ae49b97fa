import type { IncomingMessage, ServerResponse } from "node:http";
import { apiError } from "../api/api-error.js";
import { handleBatches } from "./batches-route.js";
import { handleControl } from "./control-route.js";
import type { Exchange } from "./exchange.js";
import { handleCountTokens, handleMessages } from "./messages-route.js";
import { handleModels } from "./models-route.js";
import { sendError } from "./respond.js";
import type { EmulatorRuntime } from "./runtime.js";
import { handleUsageReport } from "./usage-report-route.js";

/** The API's request size limits: 32 MB for Messages, 256 MB for a batch. */
const MESSAGES_LIMIT = 32 * 1024 * 1024;
const BATCH_LIMIT = 256 * 1024 * 1024;

const BATCH_PATH = /^\/v1\/messages\/batches(?:\/([^/]+)(?:\/(cancel|results))?)?$/;
const MODEL_PATH = /^\/v1\/models(?:\/([^/]+))?$/;

type Body = { ok: true; value: unknown } | { ok: false; tooLarge: boolean };

function readBody(request: IncomingMessage, limit: number): Promise<Body> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    request.on("end", () => {
      if (tooLarge) return resolve({ ok: false, tooLarge: true });
      if (size === 0) return resolve({ ok: true, value: undefined });
      try {
        resolve({ ok: true, value: JSON.parse(Buffer.concat(chunks).toString("utf8")) });
      } catch {
        resolve({ ok: false, tooLarge: false });
      }
    });
    request.on("error", () => resolve({ ok: false, tooLarge: false }));
  });
}

/** Dispatches one HTTP request; API routes require an API key and anthropic-version like the real API. */
export async function route(
  runtime: EmulatorRuntime,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  runtime.stats.requests.total++;
  const requestId = runtime.newId("req_011C");
  // Split the target by hand: a full URL parse per request is measurable at 5,000+ req/s.
  const target = request.url ?? "/";
  const queryStart = target.indexOf("?");
  const rawPath = queryStart < 0 ? target : target.slice(0, queryStart);
  const path = rawPath.length > 1 ? rawPath.replace(/\/+$/, "") : rawPath;
  const parseUrl = () => new URL(`http://emulator${target}`);
  const method = request.method ?? "GET";
  const isApi = path.startsWith("/v1/");
  if (!isApi && !path.startsWith("/_emulator/")) {
    runtime.stats.status(404);
    request.resume(); // the body is not read: discard it
    return sendError(response, { error: apiError("not_found_error", "Not Found"), requestId });
  }
  // As the API: the key and version headers are checked before the body is read, so a request
  // without a key gets 401 whatever its body (a malformed one included).
  if (isApi && !request.headers["x-api-key"] && !request.headers.authorization) {
    runtime.stats.status(401);
    request.resume();
    return sendError(response, {
      error: apiError("authentication_error", "x-api-key header is required"),
      requestId,
    });
  }
  if (isApi && !request.headers["anthropic-version"]) {
    runtime.stats.status(400);
    request.resume();
    return sendError(response, {
      error: apiError("invalid_request_error", "anthropic-version: header is required"),
      requestId,
    });
  }
  const isBatch = path.startsWith("/v1/messages/batches");
  let body: unknown;
  if (method === "POST") {
    const read = await readBody(request, isBatch ? BATCH_LIMIT : MESSAGES_LIMIT);
    if (!read.ok) {
      const error = read.tooLarge
        ? apiError("request_too_large", "Request exceeds the maximum allowed number of bytes.")
        : apiError(
            "invalid_request_error",
            "There was an error parsing the body: the request body is not valid JSON",
          );
      runtime.stats.status(error.status);
      return sendError(response, { error, requestId });
    }
    body = read.value;
  }
  if (!isApi) return handleControl(runtime, response, { method, path, body, requestId });

  const exchange: Exchange = { runtime, request, response, requestId };
  if (path === "/v1/messages" && method === "POST") return handleMessages(exchange, body);
  if (path === "/v1/messages/count_tokens" && method === "POST") return handleCountTokens(exchange, body);
  const batch = BATCH_PATH.exec(path);
  if (batch) {
    const id = batch[1] ?? null;
    return handleBatches(exchange, { url: parseUrl(), id, action: batch[2] ?? null, body });
  }
  if (path === "/v1/organizations/usage_report/messages" && method === "GET")
    return handleUsageReport(runtime, response, { url: parseUrl(), requestId });
  const model = MODEL_PATH.exec(path);
  if (model && method === "GET")
    return handleModels(exchange, { url: parseUrl(), modelId: model[1] ?? null });
  runtime.stats.status(404);
  sendError(response, { error: apiError("not_found_error", `Not Found: ${method} ${path}`), requestId });
}
