import { checkPolicyVersion } from "../check-policy-version.js";
import type { ModelCatalog } from "../model-catalog.js";
import type { ParsePolicyResult } from "../parse-policy.js";
import { type PolicyCase, parsePolicyCases } from "../policy-cases.js";
import type { PolicyFormat } from "../policy-document.js";
import { PolicyError } from "../policy-error.js";
import type { PolicyHolder } from "../policy-holder.js";

/** The part of an ioredis client the Redis source uses (ioredis is an optional peer dependency). */
export interface PolicyRedisClient {
  get(key: string): Promise<string | null>;
  /** The raw bytes (ioredis `getBuffer`): used when present, so invalid UTF-8 is refused, not replaced. */
  getBuffer?(key: string): Promise<Buffer | null>;
  set(key: string, value: string): Promise<unknown>;
  del(key: string): Promise<unknown>;
  publish(channel: string, message: string): Promise<number>;
  /** A second connection for SUBSCRIBE (a subscribed connection can run nothing else). */
  duplicate(): PolicyRedisSubscriber;
}

export interface PolicyRedisSubscriber {
  subscribe(channel: string): Promise<unknown>;
  on(event: "message", listener: (channel: string, message: string) => void): unknown;
  /** Emitted on every (re)connection: a version published while disconnected is read then. */
  on(event: "ready", listener: () => void): unknown;
  quit(): Promise<unknown>;
}

export interface RedisPolicyWatcher {
  /** Reads the key and applies it now. */
  reload(): Promise<ParsePolicyResult | undefined>;
  close(): Promise<void>;
}

/**
 * Hot-reloads a fleet's policy from Redis: the policy text lives under `key` and its
 * expected-decision cases (optional, YAML) under `casesKey` (`<key>:cases`); a message on
 * `channel` (any payload) says they changed. Each instance re-reads them, checks the version off
 * its event loop (`holder.updateAsync`: strict reading, schema, trial, cases) and keeps its last
 * good policy if the new one fails (reported through the holder's events). The key is re-read on
 * every reconnection of the subscriber, so a version published while it was disconnected (a
 * publish it could not hear) is applied as soon as it is back.
 * Resolves once the initial value (if any) is applied and the subscription is live.
 * @example
 * const watcher = await watchRedisPolicy({ holder, redis: new Redis(url), key: "rightsize:policy" });
 */
export async function watchRedisPolicy(options: {
  holder: PolicyHolder;
  redis: PolicyRedisClient;
  key: string;
  channel?: string;
  casesKey?: string;
  format?: PolicyFormat;
  onError?: (error: PolicyError) => void;
}): Promise<RedisPolicyWatcher> {
  const { holder, redis, key } = options;
  const channel = options.channel ?? `${key}:changed`;
  const casesKey = options.casesKey ?? `${key}:cases`;
  const origin = `redis:${key}`;
  let lastApplied: string | undefined;
  let closed = false;
  let recheck: NodeJS.Timeout | undefined;

  // One read at a time, in order: a reload asked for during another waits for it.
  let running: Promise<ParsePolicyResult | undefined> = Promise.resolve(undefined);
  const reload = (): Promise<ParsePolicyResult | undefined> => {
    running = running.then(readAndApply, readAndApply);
    return running;
  };

  async function readAndApply(): Promise<ParsePolicyResult | undefined> {
    let source: Uint8Array | string | null;
    let cases: PolicyCase[] | undefined;
    try {
      source = redis.getBuffer ? await redis.getBuffer(key) : await redis.get(key);
      const casesText = source === null ? null : await redis.get(casesKey);
      if (casesText !== null) cases = parsePolicyCases({ source: casesText, origin: `redis:${casesKey}` });
    } catch (cause) {
      const error = PolicyError.isInstance(cause)
        ? cause
        : new PolicyError({
            code: "source",
            message: `cannot read Redis key: ${(cause as Error).message}`,
            origin,
            cause,
          });
      options.onError?.(error);
      return undefined;
    }
    if (closed || source === null) return undefined;
    const text = typeof source === "string" ? source : Buffer.from(source).toString("base64");
    const seen = `${text}|${JSON.stringify(cases ?? null)}`;
    if (seen === lastApplied) return undefined;
    lastApplied = seen;
    return holder.updateAsync({
      source,
      format: options.format ?? "yaml",
      origin,
      ...(cases ? { cases } : {}),
    });
  }

  const subscriber = redis.duplicate();
  subscriber.on("message", (received) => {
    if (received === channel) void reload();
  });
  subscriber.on("ready", () => {
    if (closed) return;
    void reload();
    // The resubscription and the read travel on two connections: read once more after both settled.
    clearTimeout(recheck);
    recheck = setTimeout(() => void reload(), 500);
    recheck.unref();
  });
  await subscriber.subscribe(channel);
  await reload();
  return {
    reload,
    async close() {
      closed = true;
      clearTimeout(recheck);
      await subscriber.quit();
    },
  };
}

/**
 * Publishes a new policy version to a fleet: checks it first exactly as every instance will
 * (strict reading, schema, references, its trial and `cases`, a CASES YAML text), so a version
 * that would be refused is never written; stores the cases under `casesKey` (removing stale ones
 * when none are given), the policy under `key`, then notifies `channel`. Returns the check's result.
 */
export async function publishRedisPolicy(options: {
  redis: PolicyRedisClient;
  key: string;
  channel?: string;
  casesKey?: string;
  source: string;
  /** The version's expected-decision cases, as YAML text (`cases: [...]`). */
  cases?: string;
  format?: PolicyFormat;
  models?: ModelCatalog;
}): Promise<ParsePolicyResult> {
  const origin = `redis:${options.key}`;
  let cases: PolicyCase[] | undefined;
  if (options.cases !== undefined) {
    try {
      cases = parsePolicyCases({ source: options.cases, origin: `${origin}:cases` });
    } catch (error) {
      if (!PolicyError.isInstance(error)) throw error;
      return { ok: false, error };
    }
  }
  const result = checkPolicyVersion({
    source: options.source,
    format: options.format ?? "yaml",
    origin,
    ...(cases ? { cases } : {}),
    ...(options.models ? { models: options.models } : {}),
  });
  if (!result.ok) return result;
  const casesKey = options.casesKey ?? `${options.key}:cases`;
  // Cases first: an instance that reads the new policy reads its cases with it.
  if (options.cases !== undefined) await options.redis.set(casesKey, options.cases);
  else await options.redis.del(casesKey);
  await options.redis.set(options.key, options.source);
  await options.redis.publish(options.channel ?? `${options.key}:changed`, result.policy.version);
  return result;
}
