import { priceBookCatalog } from "../../model-catalog.js";
import type { Step } from "../compose-steps.js";
import type { RoutedCall } from "../routed-call.js";
import { decideFor } from "./decide-step.js";

/** The count_tokens body of a Messages request: the fields that count, nothing that does not. */
function countTokensBody(params: Record<string, unknown>, model: string): string {
  const body: Record<string, unknown> = { model, messages: params.messages };
  for (const field of ["system", "tools", "tool_choice", "thinking", "mcp_servers"]) {
    if (params[field] !== undefined) body[field] = params[field];
  }
  return JSON.stringify(body);
}

/** @internal Asks count_tokens for the request on a model; undefined when the endpoint fails. */
export async function countInputTokens(call: RoutedCall, model: string): Promise<number | undefined> {
  const { incoming } = call;
  const url = incoming.url.replace(/\/v1\/messages(\?|$)/, "/v1/messages/count_tokens$1");
  try {
    const response = await call.transport.send({
      url,
      method: "POST",
      headers: new Headers(incoming.headers),
      body: countTokensBody(incoming.params, model),
      signal: incoming.signal,
    });
    if (!response.ok) {
      await response.body?.cancel();
      return undefined;
    }
    const counted = (await response.json()) as { input_tokens?: unknown };
    return typeof counted.input_tokens === "number" ? counted.input_tokens : undefined;
  } catch {
    return undefined; // The estimate stands; a 400 "prompt is too long" still refits the request.
  }
}

/**
 * Context fit: the offline estimate is calibrated but not exact, so when it comes near the
 * chosen model's context window (or always, as configured) count_tokens gives the exact count
 * and the policy decides again with it: the hard constraint then picks a tier that holds it.
 * A caller's own `estimatedInputTokens` fact is trusted as given.
 */
export const fitContext: Step<RoutedCall> = async (call, next) => {
  const { decision, runtime } = call;
  const { countTokens, nearLimit } = runtime.contextFit;
  const estimate = call.facts.estimatedInputTokens ?? 0;
  if (
    decision?.kind === "route" &&
    countTokens !== "never" &&
    call.options.facts?.estimatedInputTokens === undefined
  ) {
    const window = (runtime.models ?? priceBookCatalog).find(decision.model)?.contextWindow;
    const near = window !== undefined && estimate + decision.maxTokens > nearLimit * window;
    if (countTokens === "always" || near) {
      const counted = await countInputTokens(call, decision.model);
      if (counted !== undefined) {
        call.facts = { ...call.facts, estimatedInputTokens: counted };
        call.decision = decideFor(call);
      }
    }
  }
  await next();
};
