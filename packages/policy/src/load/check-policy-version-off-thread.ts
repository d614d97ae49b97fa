import { Worker } from "node:worker_threads";
import { checkPolicyVersion, type PolicyVersionRequest } from "../check-policy-version.js";
import { markValidated, type ParsePolicyResult } from "../parse-policy.js";
import { PolicyError } from "../policy-error.js";
import type { PolicyVersionMessage, PolicyVersionTask } from "./policy-version-task.js";

/** How long checking one version may take before it is refused: a 1 MiB policy takes about a second. */
export const MAX_CHECK_MS = 30_000;
// A worker's heap: a hostile document fails there instead of in the service.
const WORKER_HEAP_MB = 512;

/**
 * checkPolicyVersion in a worker thread, so reading, validating and trying a new version (up to
 * a 1 MiB document and a few thousand rules) never blocks the event loop that serves requests.
 * The result is the same value checkPolicyVersion returns. Custom model catalogs (functions)
 * cannot cross to a worker: with `models`, or where a worker cannot start, the check runs here.
 */
export async function checkPolicyVersionOffThread(request: PolicyVersionRequest): Promise<ParsePolicyResult> {
  const { source } = request;
  if (request.models || !(typeof source === "string" || source instanceof Uint8Array)) {
    return checkPolicyVersion(request);
  }
  const task: PolicyVersionTask = {
    source,
    format: request.format ?? "yaml",
    ...(request.origin !== undefined ? { origin: request.origin } : {}),
    ...(request.cases ? { cases: request.cases } : {}),
    nowMs: (request.now ?? new Date()).getTime(),
  };
  let worker: Worker;
  try {
    worker = startWorker(task);
  } catch {
    return checkPolicyVersion(request);
  }
  return new Promise<ParsePolicyResult>((resolve) => {
    let settled = false;
    const finish = (result: ParsePolicyResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(result);
    };
    const refuse = (message: string, cause?: unknown) =>
      finish({
        ok: false,
        error: new PolicyError({
          code: "invalid",
          issues: [{ path: "", message }],
          origin: request.origin,
          cause,
        }),
      });
    const timer = setTimeout(
      () => refuse(`checking the policy took longer than ${MAX_CHECK_MS / 1000} s`),
      MAX_CHECK_MS,
    );
    worker.once("message", (message: PolicyVersionMessage) => finish(fromMessage(message, request.origin)));
    worker.once("error", (error: Error & { code?: string }) => {
      if (error.code === "ERR_WORKER_OUT_OF_MEMORY") {
        refuse(`checking the policy needed more than ${WORKER_HEAP_MB} MB`, error);
      } else refuse(`checking the policy failed: ${error.message}`, error);
    });
    worker.once("exit", (code) => refuse(`the policy check stopped (exit code ${code}) before answering`));
  });
}

function startWorker(task: PolicyVersionTask): Worker {
  const here = import.meta.url;
  // From sources (tests run the TypeScript directly) the worker needs the repository's source
  // hooks to resolve `.js` specifiers and workspace packages; built code runs dist/ as is.
  const fromSources = here.endsWith(".ts");
  const entry = new URL(fromSources ? "./policy-version-worker.ts" : "./policy-version-worker.js", here);
  const execArgv = fromSources
    ? ["--import", new URL("../../../../scripts/ts-source-hooks.mjs", here).href]
    : [];
  const worker = new Worker(entry, {
    workerData: task,
    execArgv,
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
  });
  worker.unref();
  return worker;
}

function fromMessage(message: PolicyVersionMessage, origin: string | undefined): ParsePolicyResult {
  if (message.ok) {
    // A structured clone of what parsePolicy returned in the worker: validated there.
    markValidated(message.policy);
    return { ok: true, policy: message.policy, warnings: message.warnings };
  }
  const error =
    message.issues.length > 0
      ? new PolicyError({ code: message.code, issues: message.issues, origin })
      : new PolicyError({ code: message.code, message: message.message });
  return { ok: false, error };
}
