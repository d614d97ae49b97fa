import { apiError } from "../api/api-error.js";
import type { ModelLifecycle, ModelSpec } from "../models/model-spec.js";
import type { Exchange } from "./exchange.js";
import { paginate } from "./pagination.js";
import { sendError, sendJson } from "./respond.js";

const supported = { supported: true } as const;
const unsupported = { supported: false } as const;

/** A model as GET /v1/models returns it (SDK type ModelInfo). */
function modelInfo(model: ModelSpec, lifecycle: ModelLifecycle) {
  const modern = model.tokenizer === "v2";
  return {
    type: "model" as const,
    id: model.id,
    display_name: model.displayName,
    created_at: model.createdAt,
    max_input_tokens: model.contextWindow,
    max_tokens: model.maxOutputTokens,
    lifecycle,
    deprecated_at: lifecycle === "active" ? null : model.deprecatedAt,
    retires_at: model.retiresAt,
    line: model.line,
    capabilities: {
      batch: supported,
      citations: supported,
      code_execution: supported,
      context_management: {
        supported: modern,
        clear_thinking_20251015: null,
        clear_tool_uses_20250919: null,
        compact_20260112: null,
      },
      effort: {
        supported: modern,
        low: supported,
        medium: supported,
        high: supported,
        max: supported,
        xhigh: modern ? supported : null,
      },
      image_input: supported,
      pdf_input: supported,
      server_tools: { supported: true, code_execution: supported, web_search: supported },
      structured_outputs: modern ? supported : unsupported,
      thinking: {
        supported: true,
        types: {
          enabled: supported,
          disabled: supported,
          adaptive: modern ? supported : unsupported,
          between_tools: unsupported,
        },
      },
    },
  };
}

/** GET /v1/models (filter `lifecycle[]`; retired models only when asked for) and GET /v1/models/{id}. */
export function handleModels(exchange: Exchange, route: { url: URL; modelId: string | null }) {
  const { runtime, response, requestId } = exchange;
  const { url, modelId } = route;
  runtime.stats.requests.models++;
  const now = runtime.clock.now();
  if (modelId !== null) {
    const found = runtime.registry.lookup(modelId, now);
    if (found.kind === "unknown") {
      runtime.stats.status(404);
      return sendError(response, { error: apiError("not_found_error", `model: ${modelId}`), requestId });
    }
    runtime.stats.status(200);
    return sendJson(response, {
      status: 200,
      body: modelInfo(found.model, runtime.registry.lifecycleAt(found.model, now)),
      headers: {
        "request-id": requestId,
      },
    });
  }
  const wanted = [...url.searchParams.getAll("lifecycle"), ...url.searchParams.getAll("lifecycle[]")];
  const lifecycles = new Set<string>(wanted.length > 0 ? wanted : ["active", "deprecated"]);
  const infos = [...runtime.registry.models]
    .sort((left, right) => right.createdAt.localeCompare(left.createdAt))
    .map((model) => modelInfo(model, runtime.registry.lifecycleAt(model, now)))
    .filter((info) => lifecycles.has(info.lifecycle));
  const page = paginate(infos, (info) => info.id, url.searchParams);
  if (!page.ok) {
    runtime.stats.status(400);
    return sendError(response, { error: apiError("invalid_request_error", page.message), requestId });
  }
  runtime.stats.status(200);
  sendJson(response, { status: 200, body: page.value, headers: { "request-id": requestId } });
}
