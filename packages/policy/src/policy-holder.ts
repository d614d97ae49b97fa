import type { Decision, RequestFacts } from "@rightsize/contracts";
import { checkPolicyVersion } from "./check-policy-version.js";
import { compilePolicy } from "./compile-policy.js";
import { decide } from "./decide.js";
import { checkPolicyVersionOffThread } from "./load/check-policy-version-off-thread.js";
import type { ModelCatalog } from "./model-catalog.js";
import { type ParsePolicyResult, validatePolicy } from "./parse-policy.js";
import type { PolicyCase } from "./policy-cases.js";
import type { PolicyFormat } from "./policy-document.js";
import type { PolicyError, PolicyIssue } from "./policy-error.js";
import type { Policy } from "./policy-schema.js";
import type { BudgetState } from "./resolve-decision.js";

/** What happened to one update attempt. */
export type PolicyUpdateEvent =
  | { kind: "updated"; policy: Policy; previous: Policy; origin?: string; warnings: readonly PolicyIssue[] }
  | { kind: "rejected"; error: PolicyError; current: Policy; origin?: string };

/** A new version for a holder: its source and, optionally, its own expected-decision cases. */
export interface PolicyUpdate {
  /** Text, the file's bytes, or a policy object. */
  source: string | Uint8Array | object;
  format?: PolicyFormat;
  origin?: string;
  /** Cases the version must pass before it serves (its CASES file, parsed with parsePolicyCases). */
  cases?: readonly PolicyCase[];
}

/** Holds the serving policy: `current()` is always the last good one. */
export interface PolicyHolder {
  current(): Policy;
  /**
   * Checks a new version (strict reading, schema, references, then a trial: its cases, generated
   * fact vectors, a time bound per decision) and, when it passes, makes it current. A version that
   * fails is refused and reported (result and `onRejected`); the previous policy keeps serving.
   * Runs on the calling thread: prefer `updateAsync` on a server.
   */
  update(update: PolicyUpdate): ParsePolicyResult;
  /**
   * `update`, with the reading and the trial in a worker thread so the event loop keeps serving
   * (the watchers use this). Updates apply in the order they were asked for.
   */
  updateAsync(update: PolicyUpdate): Promise<ParsePolicyResult>;
  /** decide() against the current policy. */
  decide(options: { facts: RequestFacts; budget?: BudgetState }): Decision;
  /** Subscribes to updates and rejections; returns the unsubscribe function. */
  subscribe(listener: (event: PolicyUpdateEvent) => void): () => void;
}

/**
 * Creates a policy holder for hot reload (see `watchPolicyFile` and `watchRedisPolicy`). The
 * initial policy is validated here: a hand-built object that does not satisfy the schema throws a
 * PolicyError whose issues name each problem's path.
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
  const models = options.models ? { models: options.models } : {};
  const initial = validatePolicy({ policy: options.policy, ...models });
  if (!initial.ok) throw initial.error;
  let current = initial.policy;
  compilePolicy({ policy: current, ...models });
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
  const apply = (update: PolicyUpdate, result: ParsePolicyResult): ParsePolicyResult => {
    const origin = update.origin !== undefined ? { origin: update.origin } : {};
    if (!result.ok) {
      emit({ kind: "rejected", error: result.error, current, ...origin });
      return result;
    }
    // Compiled before it serves, so no request pays for it (memoized per policy object).
    compilePolicy({ policy: result.policy, ...models });
    const previous = current;
    current = result.policy;
    emit({ kind: "updated", policy: current, previous, warnings: result.warnings, ...origin });
    return result;
  };
  let queue: Promise<unknown> = Promise.resolve();
  return {
    current: () => current,
    update: (update) => apply(update, checkPolicyVersion({ ...update, ...models })),
    updateAsync(update) {
      const next = queue.then(async () =>
        apply(update, await checkPolicyVersionOffThread({ ...update, ...models })),
      );
      queue = next.catch(() => undefined);
      return next;
    },
    decide: (request) => decide({ policy: current, ...request, ...models }),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
