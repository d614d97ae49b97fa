import type { Attributes } from "@opentelemetry/api";
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_TOKEN_TYPE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  GEN_AI_OPERATION_CHAT,
  GEN_AI_PROVIDER_ANTHROPIC,
} from "@rightsize/contracts/semconv";
import { metricDimensions } from "../spans/decision-attributes.js";

/** The three GenAI client metric attribute sets of one call: duration, input and output tokens. */
export interface OperationMetricAttributes {
  readonly duration: Attributes;
  readonly input: Attributes;
  readonly output: Attributes;
}

/**
 * Everything about a call that depends only on its model and server (and, for the metrics, the
 * model that answered): the span's start attributes, which are also the metric base, and the
 * metric attribute sets. Frozen and shared by every call of that shape.
 */
export interface CallShape {
  /** `chat {model}`. */
  readonly spanName: string;
  readonly serverAddress: string | undefined;
  readonly serverPort: number | undefined;
  /** gen_ai.operation.name, gen_ai.provider.name, gen_ai.request.model, server.address/port. */
  readonly base: Attributes;
  /** Plain-wrapper metric dimensions (request model, realtime). */
  readonly realtimeDimensions: Attributes;
  readonly withoutResponse: OperationMetricAttributes;
  readonly byResponseModel: Map<string, OperationMetricAttributes>;
}

/**
 * Bounds each cache: model ids are few, but they come from the caller's params, so a caller
 * sending arbitrary ones must not grow memory (beyond the bound, shapes are built per call).
 */
const MAX_SHAPES = 256;

/**
 * Caches call shapes per (model, server). The hot path of every call reuses them: the SDK copies
 * start attributes and keeps metric attribute objects as aggregation keys, so sharing frozen
 * objects is safe, and it saves building and spreading five to eight attributes several times
 * per call.
 */
export class CallShapes {
  /** By model, then a short list by server (one per client base URL): no key string per call. */
  readonly #byModel = new Map<string, CallShape[]>();
  #count = 0;

  /** The shape of a call to `model` at a server (address and port may be absent). */
  of(model: string, serverAddress: string | undefined, serverPort: number | undefined): CallShape {
    let shapes = this.#byModel.get(model);
    if (shapes !== undefined) {
      for (const shape of shapes) {
        if (shape.serverAddress === serverAddress && shape.serverPort === serverPort) return shape;
      }
    }
    const shape = buildShape(model, serverAddress, serverPort);
    if (this.#count < MAX_SHAPES) {
      if (shapes === undefined) {
        shapes = [];
        this.#byModel.set(model, shapes);
      }
      shapes.push(shape);
      this.#count += 1;
    }
    return shape;
  }
}

/** The metric attribute sets of a call of `shape` answered by `responseModel` (if any). */
export function operationMetricAttributes(
  shape: CallShape,
  responseModel: string | undefined,
): OperationMetricAttributes {
  if (responseModel === undefined) return shape.withoutResponse;
  const cached = shape.byResponseModel.get(responseModel);
  if (cached !== undefined) return cached;
  const built = withTokenTypes(Object.freeze({ ...shape.base, [ATTR_GEN_AI_RESPONSE_MODEL]: responseModel }));
  if (shape.byResponseModel.size < MAX_SHAPES) shape.byResponseModel.set(responseModel, built);
  return built;
}

function buildShape(model: string, serverAddress: string | undefined, serverPort: number | undefined) {
  const base: Attributes = {
    [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_CHAT,
    [ATTR_GEN_AI_PROVIDER_NAME]: GEN_AI_PROVIDER_ANTHROPIC,
    [ATTR_GEN_AI_REQUEST_MODEL]: model,
  };
  if (serverAddress !== undefined) {
    base[ATTR_SERVER_ADDRESS] = serverAddress;
    if (serverPort !== undefined) base[ATTR_SERVER_PORT] = serverPort;
  }
  Object.freeze(base);
  return Object.freeze({
    spanName: `${GEN_AI_OPERATION_CHAT} ${model}`,
    serverAddress,
    serverPort,
    base,
    realtimeDimensions: Object.freeze(metricDimensions({ model, mode: "realtime" })),
    withoutResponse: withTokenTypes(base),
    byResponseModel: new Map<string, OperationMetricAttributes>(),
  });
}

function withTokenTypes(duration: Attributes): OperationMetricAttributes {
  return Object.freeze({
    duration,
    input: Object.freeze({ ...duration, [ATTR_GEN_AI_TOKEN_TYPE]: "input" }),
    output: Object.freeze({ ...duration, [ATTR_GEN_AI_TOKEN_TYPE]: "output" }),
  });
}
