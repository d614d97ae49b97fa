/**
 * The worker thread that checks a new policy version off the main thread: reads, validates and
 * tries it (checkPolicyVersion), then posts the result back as plain data. Started by
 * checkPolicyVersionOffThread; never imported by anything else.
 */
import { parentPort, workerData } from "node:worker_threads";
import { checkPolicyVersion } from "../check-policy-version.js";
import type { PolicyVersionMessage, PolicyVersionTask } from "./policy-version-task.js";

const task = workerData as PolicyVersionTask;
const result = checkPolicyVersion({
  source: task.source,
  format: task.format,
  ...(task.origin !== undefined ? { origin: task.origin } : {}),
  ...(task.cases ? { cases: task.cases } : {}),
  now: new Date(task.nowMs),
});
const message: PolicyVersionMessage = result.ok
  ? { ok: true, policy: result.policy, warnings: [...result.warnings] }
  : { ok: false, code: result.error.code, issues: [...result.error.issues], message: result.error.message };
parentPort?.postMessage(message);
