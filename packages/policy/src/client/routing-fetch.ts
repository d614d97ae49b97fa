import type { RequestFacts } from "@rightsize/contracts";
import { PolicyError, PolicyErrorCode } from "../policy-error.js";
import type { MessageValidator, OutputSchema } from "./attempt-check.js";
import { BatchCollector } from "./batch-collector.js";
import { routeBatchCreate } from "./batch-create-route.js";
import { fetchBatchTransport } from "./batch-transport.js";
import { buildRuntime } from "./build-runtime.js";
import { messagesRouteOf, PASS_THROUGH_HEADER } from "./messages-route.js";
import { routeRequest } from "./route-request.js";
import type { RoutedCallOptions } from "./routed-call.js";
import { RoutedRequestRejected } from "./routed-client-error.js";
import type { RoutingOptions } from "./routed-client-options.js";
import { attachRouting } from "./routing-metadata.js";
import { serverOfUrl, type Transport } from "./transport.js";

/** Request header carrying a request's facts as JSON (`{"taskType":"extraction","tenant":"acme"}`). */
export const FACTS_HEADER = "x-rightsize-facts";
/** Request header carrying the caller's id of the request (feedback names it). */
export const REQUEST_ID_HEADER = "x-rightsize-request-id";

export interface RoutingFetchOptions extends RoutingOptions {
  /** The fetch that reaches the API (default: the global fetch). */
  fetch?: typeof fetch;
  /**
   * Facts of a request, from what the client sent (default: none beyond the `x-rightsize-facts`
   * header, which every client can set per call; the header's facts win).
   */
  facts?: (request: {
    url: string;
    headers: Headers;
    body: Record<string, unknown>;
  }) => RequestFacts | undefined;
  /** A check every routed answer must pass (a reason string or false escalates). */
  validate?: MessageValidator;
  /** Structured output every routed answer must match (escalates otherwise). */
  schema?: OutputSchema;
  /** Retries of one attempt, as the SDK would (the client's own retries then see a final answer): 2. */
  maxRetries?: number;
}

/** A routing fetch: a `fetch`, plus the routing's controls. */
export type RoutingFetch = typeof fetch & {
  rightsize: {
    flush(): Promise<void>;
    close(options?: { timeoutMs?: number }): Promise<void>;
  };
};

function urlOf(input: string | URL | Request): string {
  if (typeof input === "string") return input;
  if (input instanceof URL) return input.href;
  return input.url;
}

async function bodyText(
  input: string | URL | Request,
  init: RequestInit | undefined,
): Promise<string | undefined> {
  const body = init?.body;
  if (typeof body === "string") return body;
  if (body instanceof Uint8Array || body instanceof ArrayBuffer) return new TextDecoder().decode(body);
  if (body === undefined && input instanceof Request) return await input.clone().text();
  return undefined; // A stream or form body is not a Messages request body: passed through.
}

/** The refusal as an API error a client understands, marked not to be retried. */
function refusal(status: number, type: string, message: string): Response {
  return new Response(JSON.stringify({ type: "error", error: { type, message } }), {
    status,
    headers: { "content-type": "application/json", "x-should-retry": "false" },
  });
}

function factsOf(headers: Headers): RequestFacts | undefined {
  const text = headers.get(FACTS_HEADER);
  if (text === null) return undefined;
  try {
    const facts = JSON.parse(text) as unknown;
    if (typeof facts === "object" && facts !== null && !Array.isArray(facts)) return facts as RequestFacts;
  } catch {
    // Reported below, naming the header.
  }
  throw new PolicyError({
    code: PolicyErrorCode.factType,
    message: `${FACTS_HEADER}: must be a JSON object of facts, got ${JSON.stringify(text.slice(0, 80))}`,
  });
}

/**
 * A `fetch` that routes Anthropic Messages requests and passes everything else through, for any
 * client that takes a fetch: the official SDK (`new Anthropic({ fetch })`), the Vercel AI SDK
 * (`createAnthropic({ fetch })`), LangChain's `ChatAnthropic` (`clientOptions: { fetch }`). The
 * same pipeline as the routed client: model, max_tokens ceiling, cache breakpoints, batch where
 * the policy says (the wait happens inside the call), escalation on the checks it can see
 * (stop_reason, JSON output when the request asked for it, your `validate`/`schema`), budgets,
 * feedback. Facts come from the `x-rightsize-facts` header or the `facts` option. A request the
 * policy refuses comes back as an API error (403 `permission_error`; 400 for a malformed facts
 * header; 503 when the budget store is down), marked `x-should-retry: false`.
 *
 * @example
 * const fetch = createRoutingFetch({ policy: await loadPolicyFile("policy.yaml") });
 * const anthropic = createAnthropic({ fetch }); // @ai-sdk/anthropic
 * await generateText({ model: anthropic("claude-sonnet-5-5"), prompt, headers: { "x-rightsize-facts": JSON.stringify({ taskType: "extraction" }) } });
 */
export function createRoutingFetch(options: RoutingFetchOptions): RoutingFetch {
  const runtime = buildRuntime("createRoutingFetch", options);
  const base = options.fetch ?? globalThis.fetch.bind(globalThis);
  const collectors = new Map<string, BatchCollector>();
  const collectorFor = (url: string, headers: Headers) => {
    const baseURL = url.replace(/\/v1\/messages.*$/, "");
    const key = `${baseURL} ${headers.get("x-api-key") ?? headers.get("authorization") ?? ""}`;
    let collector = collectors.get(key);
    if (!collector) {
      const authHeaders = new Headers();
      for (const [name, value] of headers)
        if (!name.startsWith("x-rightsize") && name !== "content-length") authHeaders.set(name, value);
      collector = new BatchCollector({
        transport: fetchBatchTransport({ fetch: base, baseURL, headers: authHeaders }),
        observer: runtime.observer,
        ...options.batch,
      });
      collectors.set(key, collector);
    }
    return collector;
  };

  const routingFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = urlOf(input);
    const method = init?.method ?? (input instanceof Request ? input.method : "GET");
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    if (headers.has(PASS_THROUGH_HEADER)) {
      headers.delete(PASS_THROUGH_HEADER);
      return await base(input, { ...init, headers });
    }
    const route = messagesRouteOf({ url, method });
    const text = route ? await bodyText(input, init) : undefined;
    if (!route || text === undefined) return await base(input, init);
    const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined) ?? undefined;
    let params: Record<string, unknown>;
    try {
      params = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return await base(input, init); // Not JSON: the API will say what is wrong with it.
    }
    let callOptions: RoutedCallOptions;
    try {
      const fromHeader = factsOf(headers);
      const fromOption = options.facts?.({ url, headers, body: params });
      const requestId = headers.get(REQUEST_ID_HEADER) ?? undefined;
      callOptions = {
        ...(fromOption || fromHeader ? { facts: { ...fromOption, ...fromHeader } } : {}),
        ...(options.schema ? { schema: options.schema } : {}),
        ...(options.validate ? { validate: options.validate } : {}),
        ...(requestId ? { requestId } : {}),
      };
    } catch (error) {
      return refusal(400, "invalid_request_error", `rightsize: ${(error as Error).message}`);
    }
    for (const name of [FACTS_HEADER, REQUEST_ID_HEADER]) headers.delete(name);
    const transport: Transport = {
      send: (outgoing) =>
        base(outgoing.url, {
          method: outgoing.method,
          headers: outgoing.headers,
          body: outgoing.body ?? null,
          signal: outgoing.signal ?? null,
        }),
      collector: () => collectorFor(url, headers),
      server: serverOfUrl(url),
    };
    try {
      if (route === "batches")
        return await routeBatchCreate({
          runtime,
          transport,
          request: { url, headers, signal },
          params,
          callOptions,
        });
      const routed = await routeRequest({
        runtime,
        transport,
        incoming: {
          url,
          headers,
          signal,
          params: params as never,
          streaming: params.stream === true,
          maxRetries: options.maxRetries ?? 2,
          timeoutMs: undefined,
        },
        callOptions,
      });
      attachRouting(routed.response, params.stream === true ? routed.settled : routed.metadata);
      return routed.response;
    } catch (error) {
      if (RoutedRequestRejected.isInstance(error))
        return refusal(403, "permission_error", `rightsize: ${error.message}`);
      if (PolicyError.isInstance(error) && error.code === PolicyErrorCode.budgetUnavailable)
        return refusal(503, "api_error", `rightsize: ${error.message}`);
      if (PolicyError.isInstance(error) && error.code === PolicyErrorCode.factType)
        return refusal(400, "invalid_request_error", `rightsize: ${error.message}`);
      throw error;
    }
  };
  return Object.assign(routingFetch, {
    rightsize: {
      flush: async () => {
        await Promise.all([...collectors.values()].map((collector) => collector.flush()));
      },
      close: async (closeOptions: { timeoutMs?: number } = {}) => {
        await Promise.all([...collectors.values()].map((collector) => collector.close(closeOptions)));
        await runtime.settlements.flush();
      },
    },
  }) as RoutingFetch;
}
