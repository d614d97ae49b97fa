import type { RejectDecision } from "@rightsize/contracts";
import { attemptParams } from "./attempt-params.js";
import { planBatchedRequest } from "./pipeline.js";
import type { RoutedCall, RoutedCallOptions } from "./routed-call.js";
import { RoutedRequestRejected } from "./routed-client-error.js";
import type { RoutingRuntime } from "./routing-runtime.js";
import type { Transport } from "./transport.js";

/**
 * Routes the requests inside a caller's `messages.batches.create`: each gets its decision's
 * model, ceiling and cache breakpoints (shadow ones stay as written); the batch then goes out
 * as one. A request the policy rejects fails the whole create before anything is sent, naming
 * its custom_id.
 */
export async function routeBatchCreate(options: {
  runtime: RoutingRuntime;
  transport: Transport;
  request: { url: string; headers: Headers; signal?: AbortSignal | null | undefined };
  params: Record<string, unknown>;
  callOptions: RoutedCallOptions | undefined;
}): Promise<Response> {
  const { runtime, transport, request } = options;
  const requests = (options.params.requests ?? []) as Array<{
    custom_id: string;
    params: Record<string, unknown>;
  }>;
  const routed: Array<{ custom_id: string; params: Record<string, unknown> }> = [];
  for (const entry of requests) {
    const call = {
      runtime,
      transport,
      incoming: {
        url: request.url,
        headers: request.headers,
        signal: request.signal ?? undefined,
        params: entry.params as never,
        streaming: false,
        maxRetries: 0,
        timeoutMs: undefined,
      },
      options: options.callOptions ?? {},
      requestId: entry.custom_id,
      facts: {},
      overrides: [],
      metadata: { budget: { held: 0, spent: 0 } },
    } as unknown as RoutedCall;
    await planBatchedRequest(call, async () => {});
    const decision = call.decision;
    if (decision?.kind !== "route" || !call.plan) {
      throw new RoutedRequestRejected({ decision: decision as RejectDecision, requestId: entry.custom_id });
    }
    // Batches are billed at the batch rate anyway: a decision's realtime mode changes nothing here.
    call.plan = { ...call.plan, mode: "batch" };
    routed.push({ custom_id: entry.custom_id, params: attemptParams({ call, step: call.plan.steps[0]! }) });
  }
  const headers = new Headers(request.headers);
  headers.delete("content-length");
  return await transport.send({
    url: request.url,
    method: "POST",
    headers,
    body: JSON.stringify({ ...options.params, requests: routed }),
    signal: request.signal ?? undefined,
  });
}
