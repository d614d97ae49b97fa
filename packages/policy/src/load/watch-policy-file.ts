import { type FSWatcher, watch } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { dirname } from "node:path";
import { formatOfPath, type ParsePolicyResult } from "../parse-policy.js";
import { type PolicyCase, parsePolicyCases } from "../policy-cases.js";
import { PolicyError } from "../policy-error.js";
import type { PolicyHolder } from "../policy-holder.js";

export interface PolicyFileWatcher {
  /** Reads and applies the file now (what a change event triggers after the debounce). */
  reload(): Promise<ParsePolicyResult | undefined>;
  close(): void;
}

/**
 * Hot-reloads a policy file into a holder: changes are debounced (editors write in several
 * steps), the new version is checked off the event loop by `holder.updateAsync` (strict reading,
 * schema, its trial and, with `casesPath`, its cases), and an invalid or unreadable version is
 * refused and reported while the last good policy keeps serving.
 *
 * The directory is watched, not the file, and every event in it leads to a check of the file
 * (cheap: its identity and size first): editors that save through a temporary file and a rename,
 * and Kubernetes, which mounts a ConfigMap as `policy.yaml -> ..data/policy.yaml` and swaps the
 * `..data` symlink atomically (the event names `..data`, never the file), are both followed.
 * `pollMs` (30 s by default, 0 to disable) re-checks anyway, for file systems without events.
 * @example
 * const watcher = watchPolicyFile({ holder, path: "policy.yaml", onError: (error) => log.warn(error.message) });
 */
export function watchPolicyFile(options: {
  holder: PolicyHolder;
  path: string;
  /** The version's expected-decision cases (YAML, as `rightsize policy test` reads), re-read with each version. */
  casesPath?: string;
  debounceMs?: number;
  pollMs?: number;
  /** A read failure (the holder reports validation failures through its own events). */
  onError?: (error: PolicyError) => void;
}): PolicyFileWatcher {
  const { holder, path, casesPath } = options;
  const debounceMs = options.debounceMs ?? 200;
  let lastApplied: string | undefined;
  let lastIdentity: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const report = (error: PolicyError) => options.onError?.(error);

  async function reload(): Promise<ParsePolicyResult | undefined> {
    let bytes: Buffer;
    let cases: PolicyCase[] | undefined;
    try {
      // stat follows the symlinks, so a swapped ..data gives a new identity. An oversized file is
      // still read (asynchronously): the check refuses it by size before decoding anything.
      const info = await stat(path);
      bytes = await readFile(path);
      lastIdentity = `${info.dev}:${info.ino}:${info.size}:${info.mtimeMs}`;
      if (casesPath !== undefined) {
        const casesText = await readFile(casesPath, "utf8");
        cases = parsePolicyCases({ source: casesText, origin: casesPath });
      }
    } catch (cause) {
      report(
        PolicyError.isInstance(cause)
          ? cause
          : new PolicyError({
              code: "io",
              message: `cannot read: ${(cause as Error).message}`,
              origin: path,
              cause,
            }),
      );
      return undefined;
    }
    const key = `${bytes.toString("base64")}|${JSON.stringify(cases ?? null)}`;
    if (closed || key === lastApplied) return undefined;
    lastApplied = key;
    return holder.updateAsync({
      source: bytes,
      format: formatOfPath(path),
      origin: path,
      ...(cases ? { cases } : {}),
    });
  }

  /** Re-reads only when the file (through its symlinks) may have changed. */
  async function check(): Promise<void> {
    try {
      const info = await stat(path);
      if (`${info.dev}:${info.ino}:${info.size}:${info.mtimeMs}` === lastIdentity && casesPath === undefined)
        return;
    } catch {
      // Gone for now (mid-swap, or deleted): reload reports a lasting read failure.
    }
    await reload();
  }

  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void check(), debounceMs);
  };
  const watchers: FSWatcher[] = [];
  for (const directory of new Set([dirname(path), ...(casesPath ? [dirname(casesPath)] : [])])) {
    const watcher = watch(directory, { persistent: false }, schedule);
    watcher.on("error", (cause) => {
      report(
        new PolicyError({ code: "source", message: `watch failed: ${cause.message}`, origin: path, cause }),
      );
    });
    watchers.push(watcher);
  }
  const pollMs = options.pollMs ?? 30_000;
  const poller = pollMs > 0 ? setInterval(() => void check(), pollMs) : undefined;
  poller?.unref();
  void stat(path).then(
    (info) => {
      lastIdentity ??= `${info.dev}:${info.ino}:${info.size}:${info.mtimeMs}`;
    },
    () => undefined,
  );
  return {
    reload,
    close() {
      closed = true;
      clearTimeout(timer);
      clearInterval(poller);
      for (const watcher of watchers) watcher.close();
    },
  };
}
