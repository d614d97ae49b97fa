import type Anthropic from "@anthropic-ai/sdk";
import type { MessageCreateParamsBase } from "@anthropic-ai/sdk/resources/messages";
import type { RoutedCallObserver } from "@rightsize/contracts";
import type { BudgetGuard } from "../budget/budget-guard.js";
import type { CostContext } from "../budget/request-cost.js";
import type { FeedbackLoop } from "../feedback/feedback-loop.js";
import type { ModelCatalog } from "../model-catalog.js";
import type { Policy } from "../policy-schema.js";
import type { BatchCollector } from "./batch-collector.js";
import type { ClassifyFunction, ScoreFunction } from "./derive-facts.js";

/** A fixed policy, or a holder whose `current()` returns the last good one (hot reload). */
export type PolicySource = Policy | { current(): Policy };

/** @internal Everything a routed call needs, resolved once by createRoutedClient. */
export interface ClientRuntime {
  client: Anthropic;
  policy: () => Policy;
  observer: RoutedCallObserver;
  guard: BudgetGuard | undefined;
  feedback: FeedbackLoop | undefined;
  collector: BatchCollector | undefined;
  classify: ClassifyFunction | undefined;
  score: ScoreFunction | undefined;
  estimate: ((params: MessageCreateParamsBase) => number | Promise<number>) | undefined;
  pricing: CostContext;
  models: ModelCatalog | undefined;
  baselineModel: string | undefined;
  /** Which errors (after the SDK's own retries) move a request to the next tier. */
  escalateOnErrors: { overloaded: boolean; rateLimited: boolean; serverError: boolean };
  /** Budget hold lifetime for batch requests (results may take up to 24 h). */
  batchHoldMs: number;
  server: { address?: string; port?: number };
  newRequestId: () => string;
}

/** Reads the policy source: a holder is asked on every call, so a hot reload applies at once. */
export function policyReader(source: PolicySource): () => Policy {
  if (typeof (source as { current?: unknown }).current === "function") {
    const holder = source as { current(): Policy };
    return () => holder.current();
  }
  const policy = source as Policy;
  return () => policy;
}

/** Host and port of the client's base URL, for telemetry's server.address / server.port. */
export function serverOf(client: Anthropic): { address?: string; port?: number } {
  try {
    const url = new URL(client.baseURL);
    const port = url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
    return { address: url.hostname, port };
  } catch {
    return {};
  }
}
