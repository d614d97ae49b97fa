import { type FSWatcher, watch } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, dirname } from "node:path";
import { formatOfPath, type ParsePolicyResult } from "../parse-policy.js";
import { PolicyError } from "../policy-error.js";
import type { PolicyHolder } from "../policy-holder.js";

export interface PolicyFileWatcher {
  /** Reads and applies the file now (what a change event triggers after the debounce). */
  reload(): Promise<ParsePolicyResult | undefined>;
  close(): void;
}

/**
 * Hot-reloads a policy file into a holder: changes are debounced (editors write in several
 * steps), the new text is validated by `holder.update`, and an invalid or unreadable version is
 * refused and reported while the last good policy keeps serving. The directory is watched, not
 * the file, so editors that save by renaming a temporary file are followed too.
 * @example
 * const watcher = watchPolicyFile({ holder, path: "policy.yaml", onError: (error) => log.warn(error.message) });
 */
export function watchPolicyFile(options: {
  holder: PolicyHolder;
  path: string;
  debounceMs?: number;
  /** A read failure (the holder reports validation failures through its own events). */
  onError?: (error: PolicyError) => void;
}): PolicyFileWatcher {
  const { holder, path } = options;
  const debounceMs = options.debounceMs ?? 200;
  const name = basename(path);
  let lastApplied: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  async function reload(): Promise<ParsePolicyResult | undefined> {
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (cause) {
      options.onError?.(
        new PolicyError({
          code: "io",
          message: `cannot read: ${(cause as Error).message}`,
          origin: path,
          cause,
        }),
      );
      return undefined;
    }
    if (closed || text === lastApplied) return undefined;
    lastApplied = text;
    return holder.update({ source: text, format: formatOfPath(path), origin: path });
  }

  const watcher: FSWatcher = watch(dirname(path), { persistent: false }, (_event, changed) => {
    if (changed !== null && changed.toString() !== name) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      void reload();
    }, debounceMs);
  });
  watcher.on("error", (cause) => {
    options.onError?.(
      new PolicyError({ code: "source", message: `watch failed: ${cause.message}`, origin: path, cause }),
    );
  });
  return {
    reload,
    close() {
      closed = true;
      clearTimeout(timer);
      watcher.close();
    },
  };
}
