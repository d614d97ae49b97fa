import type { ModelCatalog } from "../model-catalog.js";
import { type ParsePolicyResult, type PolicyFormat, parsePolicy } from "../parse-policy.js";
import { PolicyError } from "../policy-error.js";
import type { PolicyHolder } from "../policy-holder.js";

/** The part of an ioredis client the Redis source uses (ioredis is an optional peer dependency). */
export interface PolicyRedisClient {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<unknown>;
  publish(channel: string, message: string): Promise<number>;
  /** A second connection for SUBSCRIBE (a subscribed connection can run nothing else). */
  duplicate(): PolicyRedisSubscriber;
}

export interface PolicyRedisSubscriber {
  subscribe(channel: string): Promise<unknown>;
  on(event: "message", listener: (channel: string, message: string) => void): unknown;
  quit(): Promise<unknown>;
}

export interface RedisPolicyWatcher {
  /** Reads the key and applies it now. */
  reload(): Promise<ParsePolicyResult | undefined>;
  close(): Promise<void>;
}

/**
 * Hot-reloads a fleet's policy from Redis: the policy text lives under `key`; a message on
 * `channel` (any payload) says it changed. Each instance re-reads the key, validates it and
 * keeps its last good policy if the new one is invalid (reported through the holder's events).
 * Resolves once the initial value (if any) is applied and the subscription is live.
 * @example
 * const watcher = await watchRedisPolicy({ holder, redis: new Redis(url), key: "rightsize:policy" });
 */
export async function watchRedisPolicy(options: {
  holder: PolicyHolder;
  redis: PolicyRedisClient;
  key: string;
  channel?: string;
  format?: PolicyFormat;
  onError?: (error: PolicyError) => void;
}): Promise<RedisPolicyWatcher> {
  const { holder, redis, key } = options;
  const channel = options.channel ?? `${key}:changed`;
  let lastApplied: string | undefined;
  let closed = false;

  async function reload(): Promise<ParsePolicyResult | undefined> {
    let text: string | null;
    try {
      text = await redis.get(key);
    } catch (cause) {
      const message = `cannot read Redis key: ${(cause as Error).message}`;
      options.onError?.(new PolicyError({ code: "source", message, origin: `redis:${key}`, cause }));
      return undefined;
    }
    if (closed || text === null || text === lastApplied) return undefined;
    lastApplied = text;
    return holder.update({ source: text, format: options.format ?? "yaml", origin: `redis:${key}` });
  }

  const subscriber = redis.duplicate();
  subscriber.on("message", (received) => {
    if (received === channel) void reload();
  });
  await subscriber.subscribe(channel);
  await reload();
  return {
    reload,
    async close() {
      closed = true;
      await subscriber.quit();
    },
  };
}

/**
 * Publishes a new policy version to a fleet: validates it first (an invalid policy is never
 * written), stores it under `key`, then notifies `channel`. Returns the validation result.
 */
export async function publishRedisPolicy(options: {
  redis: PolicyRedisClient;
  key: string;
  channel?: string;
  source: string;
  format?: PolicyFormat;
  models?: ModelCatalog;
}): Promise<ParsePolicyResult> {
  const result = parsePolicy({
    source: options.source,
    format: options.format ?? "yaml",
    origin: `redis:${options.key}`,
    ...(options.models ? { models: options.models } : {}),
  });
  if (!result.ok) return result;
  await options.redis.set(options.key, options.source);
  await options.redis.publish(options.channel ?? `${options.key}:changed`, result.policy.version);
  return result;
}
