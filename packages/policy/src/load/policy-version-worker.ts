/**
 * The worker thread that checks new policy versions off the main thread: reads, validates and
 * tries each (checkPolicyVersion) and posts the result back as plain data. Started (once, kept
 * while a process checks versions) by checkPolicyVersionOffThread; never imported by anything else.
 */
import { parentPort } from "node:worker_threads";
import { checkPolicyVersion } from "../check-policy-version.js";
import type { PolicyVersionMessage, PolicyVersionTask } from "./policy-version-task.js";

parentPort?.on("message", (task: PolicyVersionTask) => {
  const result = checkPolicyVersion({
    source: task.source,
    format: task.format,
    ...(task.origin !== undefined ? { origin: task.origin } : {}),
    ...(task.cases ? { cases: task.cases } : {}),
    now: new Date(task.nowMs),
  });
  const message: PolicyVersionMessage = result.ok
    ? { id: task.id, ok: true, policy: result.policy, warnings: [...result.warnings] }
    : {
        id: task.id,
        ok: false,
        code: result.error.code,
        issues: [...result.error.issues],
        message: result.error.message,
      };
  parentPort?.postMessage(message);
});
