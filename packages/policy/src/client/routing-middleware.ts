import type { Middleware } from "@anthropic-ai/sdk";
import type { BatchCollector } from "./batch-collector.js";
import { routeBatchCreate } from "./batch-create-route.js";
import { messagesRouteOf, PASS_THROUGH_HEADER } from "./messages-route.js";
import { type RoutedResponse, routeRequest } from "./route-request.js";
import type { RoutedCallOptions } from "./routed-call.js";
import type { RoutingRuntime } from "./routing-runtime.js";
import { serverOfUrl, type Transport } from "./transport.js";

/** What the routed client's methods pass down to the middleware beside the caller's `rightsize`. */
export interface EntranceOptions {
  /** The caller's retries for one attempt (the SDK's own are turned off for routed calls). */
  maxRetries: number;
  /** The caller's explicit timeout (request or client option), which bounds a batch wait. */
  timeoutMs: number | undefined;
}

/** The request options key carrying EntranceOptions (the SDK keeps unknown keys in ctx.options). */
export const ENTRANCE_OPTION = "__rightsize";

/** A routed client's shared state, found on its middleware (clones from withOptions share it). */
export interface Routing {
  runtime: RoutingRuntime;
  collector: BatchCollector;
}

const ROUTING = Symbol.for("@rightsize/policy.routing");
const routedResponses = new WeakMap<Response, RoutedResponse>();

/** The routed result behind a Response the middleware returned. */
export function routedResponseOf(response: Response): RoutedResponse | undefined {
  return routedResponses.get(response);
}

/** The Routing a middleware function carries, if it is the routing middleware. */
export function routingOfMiddleware(middleware: unknown): Routing | undefined {
  return (middleware as { [ROUTING]?: Routing } | null)?.[ROUTING];
}

/**
 * The routed client's entrance: an SDK middleware, so the SDK builds every request as usual
 * (auth, headers, body) and hands the canonical Messages request here; the pipeline's attempts
 * go out through `next` (each with the SDK's per-attempt timeout and preparation). Anything that
 * is not a Messages create or a batch create passes through untouched.
 */
export function routingMiddleware(routing: Routing): Middleware {
  const middleware: Middleware = async (request, next, context) => {
    if (request.headers.has(PASS_THROUGH_HEADER)) {
      const headers = new Headers(request.headers);
      headers.delete(PASS_THROUGH_HEADER);
      return await next({ ...request, headers });
    }
    const route = messagesRouteOf({ url: request.url, method: request.method });
    if (!route || typeof request.body !== "string") return await next(request);
    const options = context.options as
      | { rightsize?: RoutedCallOptions; [ENTRANCE_OPTION]?: EntranceOptions }
      | undefined;
    const entrance = options?.[ENTRANCE_OPTION];
    const transport: Transport = {
      send: (outgoing) =>
        next({
          ...request,
          url: outgoing.url,
          method: outgoing.method,
          headers: outgoing.headers,
          body: outgoing.body ?? null,
          signal: outgoing.signal ?? request.signal ?? null,
        }),
      collector: () => routing.collector,
      server: serverOfUrl(request.url),
    };
    const params = JSON.parse(request.body) as Record<string, unknown>;
    if (route === "batches") {
      return await routeBatchCreate({
        runtime: routing.runtime,
        transport,
        request,
        params,
        callOptions: options?.rightsize,
      });
    }
    const routed = await routeRequest({
      runtime: routing.runtime,
      transport,
      incoming: {
        url: request.url,
        headers: request.headers,
        signal: request.signal ?? undefined,
        params: params as never,
        streaming: params.stream === true,
        maxRetries: entrance?.maxRetries ?? 0,
        timeoutMs: entrance?.timeoutMs,
      },
      callOptions: options?.rightsize,
    });
    routedResponses.set(routed.response, routed);
    return routed.response;
  };
  Object.defineProperty(middleware, ROUTING, { value: routing });
  return middleware;
}
