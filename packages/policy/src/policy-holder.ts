import type { Decision, RequestFacts } from "@rightsize/contracts";
import { decide } from "./decide.js";
import type { ModelCatalog } from "./model-catalog.js";
import { type ParsePolicyResult, type PolicyFormat, parsePolicy } from "./parse-policy.js";
import type { PolicyError, PolicyIssue } from "./policy-error.js";
import type { Policy } from "./policy-schema.js";
import type { BudgetState } from "./resolve-decision.js";

/** What happened to one update attempt. */
export type PolicyUpdateEvent =
  | { kind: "updated"; policy: Policy; previous: Policy; origin?: string; warnings: readonly PolicyIssue[] }
  | { kind: "rejected"; error: PolicyError; current: Policy; origin?: string };

/** Holds the serving policy: `current()` is always the last good one. */
export interface PolicyHolder {
  current(): Policy;
  /**
   * Validates a new version and, when valid, makes it current. An invalid one is refused and
   * reported (result and `onRejected`), and the previous policy keeps serving.
   */
  update(options: { source: string | object; format?: PolicyFormat; origin?: string }): ParsePolicyResult;
  /** decide() against the current policy. */
  decide(options: { facts: RequestFacts; budget?: BudgetState }): Decision;
  /** Subscribes to updates and rejections; returns the unsubscribe function. */
  subscribe(listener: (event: PolicyUpdateEvent) => void): () => void;
}

/**
 * Creates a policy holder for hot reload (see `watchPolicyFile` and `watchRedisPolicy`).
 * @example
 * const engine = createPolicyEngine({ policy: await loadPolicyFile("policy.yaml") });
 * const watcher = watchPolicyFile({ holder: engine, path: "policy.yaml" });
 */
export function createPolicyEngine(options: {
  policy: Policy;
  models?: ModelCatalog;
  onUpdated?: (event: Extract<PolicyUpdateEvent, { kind: "updated" }>) => void;
  onRejected?: (event: Extract<PolicyUpdateEvent, { kind: "rejected" }>) => void;
}): PolicyHolder {
  let current = options.policy;
  const listeners = new Set<(event: PolicyUpdateEvent) => void>();
  const emit = (event: PolicyUpdateEvent) => {
    // A listener must never break reloading (or the caller of update()).
    const notify = (listener: ((event: never) => void) | undefined) => {
      try {
        listener?.(event as never);
      } catch {}
    };
    notify(event.kind === "updated" ? options.onUpdated : options.onRejected);
    for (const listener of listeners) notify(listener);
  };
  const models = options.models ? { models: options.models } : {};
  return {
    current: () => current,
    update(update) {
      const result = parsePolicy({ ...update, ...models });
      const origin = update.origin !== undefined ? { origin: update.origin } : {};
      if (!result.ok) {
        emit({ kind: "rejected", error: result.error, current, ...origin });
        return result;
      }
      const previous = current;
      current = result.policy;
      emit({ kind: "updated", policy: current, previous, warnings: result.warnings, ...origin });
      return result;
    },
    decide: (request) => decide({ policy: current, ...request, ...models }),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
