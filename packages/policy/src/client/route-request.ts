import { routeMessagesRequest } from "./pipeline.js";
import type { IncomingRequest, RoutedCall, RoutedCallOptions } from "./routed-call.js";
import type { RoutingMetadata } from "./routing-metadata.js";
import type { RoutingRuntime } from "./routing-runtime.js";
import type { Transport } from "./transport.js";

/** A routed request's result: the Response to hand back, its metadata, and when it has ended. */
export interface RoutedResponse {
  response: Response;
  metadata: RoutingMetadata;
  /** Resolves with the final metadata once the request has ended (a live stream: at its end). */
  settled: Promise<RoutingMetadata>;
}

/** Runs one Messages request through the pipeline (`pipeline.ts`) from an entrance. */
export async function routeRequest(options: {
  runtime: RoutingRuntime;
  transport: Transport;
  incoming: IncomingRequest;
  callOptions: RoutedCallOptions | undefined;
}): Promise<RoutedResponse> {
  const { runtime } = options;
  const callOptions = options.callOptions ?? {};
  const requestId = callOptions.requestId ?? runtime.newRequestId();
  const call: RoutedCall = {
    runtime,
    transport: options.transport,
    incoming: options.incoming,
    options: callOptions,
    requestId,
    facts: {},
    decision: undefined,
    overrides: [],
    plan: undefined,
    reservation: undefined,
    observation: undefined,
    metadata: {
      requestId,
      decision: undefined as never,
      facts: {},
      attempts: 0,
      tiersTried: [],
      maxTokensTried: [],
      escalationReasons: [],
      checkPassed: false,
      overrides: [],
      shadow: false,
      budget: { held: 0, spent: 0 },
    },
    attempt: undefined,
    response: undefined,
    settled: Promise.resolve(),
  };
  await routeMessagesRequest(call, async () => {});
  const { metadata } = call;
  metadata.facts = call.facts;
  metadata.overrides = call.overrides;
  metadata.shadow = call.plan?.shadow ?? false;
  if (!call.response) throw new Error("unreachable: the pipeline ended without a response");
  return { response: call.response, metadata, settled: call.settled.then(() => metadata) };
}
