import { Worker } from "node:worker_threads";
import { checkPolicyVersion, type PolicyVersionRequest } from "../check-policy-version.js";
import { markValidated, type ParsePolicyResult } from "../parse-policy.js";
import { MAX_POLICY_BYTES } from "../policy-document.js";
import { PolicyError } from "../policy-error.js";
import type { PolicyVersionMessage, PolicyVersionTask } from "./policy-version-task.js";

/** How long checking one version may take before it is refused: a 1 MiB policy takes about a second. */
export const MAX_CHECK_MS = 30_000;
// The worker's heap: a hostile document fails there instead of in the service.
const WORKER_HEAP_MB = 512;

interface Pending {
  resolve(message: PolicyVersionMessage | { failed: string; cause?: unknown }): void;
  timer: NodeJS.Timeout;
}

/** One worker per process, started on the first check and kept (unreferenced while idle). */
let checker: { worker: Worker; pending: Map<number, Pending> } | undefined;
let nextId = 1;

/**
 * checkPolicyVersion in a worker thread, so reading, validating and trying a new version (up to
 * a 1 MiB document and a few thousand rules) never blocks the event loop that serves requests.
 * The result is the value checkPolicyVersion returns. Custom model catalogs (functions) cannot
 * cross to a worker: with `models`, or where a worker cannot start, the check runs here.
 */
export async function checkPolicyVersionOffThread(request: PolicyVersionRequest): Promise<ParsePolicyResult> {
  const { source } = request;
  if (request.models || !(typeof source === "string" || source instanceof Uint8Array)) {
    return checkPolicyVersion(request);
  }
  // Refused by its size at once, here: copying megabytes to the worker would cost more than that.
  const size = typeof source === "string" ? Buffer.byteLength(source) : source.length;
  if (size > MAX_POLICY_BYTES) return checkPolicyVersion(request);
  const task: PolicyVersionTask = {
    id: nextId++,
    source,
    format: request.format ?? "yaml",
    ...(request.origin !== undefined ? { origin: request.origin } : {}),
    ...(request.cases ? { cases: request.cases } : {}),
    nowMs: (request.now ?? new Date()).getTime(),
  };
  let running: NonNullable<typeof checker>;
  try {
    running = checker ?? startChecker();
  } catch {
    return checkPolicyVersion(request);
  }
  const answer = await new Promise<PolicyVersionMessage | { failed: string; cause?: unknown }>((resolve) => {
    const timer = setTimeout(() => {
      // A check past its bound: stop the worker (and whatever it was doing); the next check starts another.
      stopChecker(running, `checking the policy took longer than ${MAX_CHECK_MS / 1000} s`);
    }, MAX_CHECK_MS);
    running.pending.set(task.id, { resolve, timer });
    running.worker.ref();
    running.worker.postMessage(task);
  });
  if ("failed" in answer) {
    const issues = [{ path: "", message: answer.failed }];
    return {
      ok: false,
      error: new PolicyError({ code: "invalid", issues, origin: request.origin, cause: answer.cause }),
    };
  }
  if (answer.ok) {
    // A structured clone of what parsePolicy returned in the worker: validated there.
    markValidated(answer.policy);
    return { ok: true, policy: answer.policy, warnings: answer.warnings };
  }
  const error =
    answer.issues.length > 0
      ? new PolicyError({ code: answer.code, issues: answer.issues, origin: request.origin })
      : new PolicyError({ code: answer.code, message: answer.message });
  return { ok: false, error };
}

function startChecker(): NonNullable<typeof checker> {
  const here = import.meta.url;
  // From sources (tests run the TypeScript directly) the worker needs the repository's source
  // hooks to resolve `.js` specifiers and workspace packages; built code runs dist/ as is.
  const fromSources = here.endsWith(".ts");
  const entry = new URL(fromSources ? "./policy-version-worker.ts" : "./policy-version-worker.js", here);
  const execArgv = fromSources
    ? ["--import", new URL("../../../../scripts/ts-source-hooks.mjs", here).href]
    : [];
  const worker = new Worker(entry, { execArgv, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
  const started = { worker, pending: new Map<number, Pending>() };
  checker = started;
  worker.unref();
  worker.on("message", (message: PolicyVersionMessage) => {
    const pending = started.pending.get(message.id);
    if (!pending) return;
    started.pending.delete(message.id);
    clearTimeout(pending.timer);
    if (started.pending.size === 0) worker.unref();
    pending.resolve(message);
  });
  worker.on("error", (error: Error & { code?: string }) => {
    const reason =
      error.code === "ERR_WORKER_OUT_OF_MEMORY"
        ? `checking the policy needed more than ${WORKER_HEAP_MB} MB`
        : `checking the policy failed: ${error.message}`;
    stopChecker(started, reason, error);
  });
  worker.on("exit", (code) => stopChecker(started, `the policy check stopped (exit code ${code})`));
  return started;
}

function stopChecker(running: NonNullable<typeof checker>, reason: string, cause?: unknown): void {
  if (checker === running) checker = undefined;
  for (const pending of running.pending.values()) {
    clearTimeout(pending.timer);
    pending.resolve({ failed: reason, cause });
  }
  running.pending.clear();
  void running.worker.terminate();
}
