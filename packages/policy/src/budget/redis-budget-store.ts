import { createHash } from "node:crypto";
import type {
  BudgetCounter,
  BudgetStore,
  ReserveOutcome,
  ReserveRequest,
  SettleOutcome,
  SettleRequest,
} from "./budget-store.js";
import { releaseScript, reserveScript, settleScript } from "./redis-budget-scripts.js";

/**
 * The part of an ioredis client (standalone `Redis` or `Cluster`) the store uses: ioredis is an
 * optional peer dependency, so its types are not required by anyone who does not use Redis.
 */
export interface RedisBudgetClient {
  evalsha(sha: string, numberOfKeys: number, ...keysAndArgs: string[]): Promise<unknown>;
  eval(script: string, numberOfKeys: number, ...keysAndArgs: string[]): Promise<unknown>;
  mget(...keys: string[]): Promise<Array<string | null>>;
  /** ioredis' connection options, read only to name the store in errors. */
  options?: unknown;
}

export interface RedisBudgetStoreOptions {
  /** A connected ioredis client (standalone or cluster); the store never closes it. */
  redis: RedisBudgetClient;
  /**
   * Key prefix. It is wrapped in a hash tag (`{rightsize:budget}:`) so that every key a script
   * touches lives in one cluster slot, which Redis Cluster requires of a multi-key script.
   */
  prefix?: string;
}

type Script = { source: string; sha: string };

function script(source: string): Script {
  return { source, sha: createHash("sha1").update(source).digest("hex") };
}

const scripts = {
  reserve: script(reserveScript),
  settle: script(settleScript),
  release: script(releaseScript),
};

/**
 * A budget store in Redis, shared by a fleet. Reserve, settle and release are single Lua scripts
 * (atomic on the server); counters are keyed by scope, subject and period label and expire after
 * their period; holds of processes that died lapse after `holdMs` and are swept by later calls.
 */
export function createRedisBudgetStore(options: RedisBudgetStoreOptions): BudgetStore {
  const { redis } = options;
  const base = `{${options.prefix ?? "rightsize:budget"}}:`;
  const holdKeys = [`${base}holds:deadlines`, `${base}holds`];
  const settledKey = `${base}holds:settled`;
  const counterKey = (key: string) => base + key;

  async function run(which: Script, keys: readonly string[], args: readonly string[]): Promise<unknown> {
    try {
      return await redis.evalsha(which.sha, keys.length, ...keys, ...args);
    } catch (error) {
      // The server lost its script cache (restart, failover, SCRIPT FLUSH): send the source once.
      if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw error;
      return await redis.eval(which.source, keys.length, ...keys, ...args);
    }
  }

  function counterKeys(counters: readonly BudgetCounter[]): string[] {
    return [...holdKeys, ...counters.map((counter) => counterKey(counter.key))];
  }

  async function reserve(request: ReserveRequest): Promise<ReserveOutcome> {
    const args = [
      request.reservationId,
      String(request.amount),
      String(request.holdMs),
      request.admission ?? "room",
    ];
    for (const counter of request.counters) args.push(counter.limit.toString(), String(counter.expiresAtMs));
    const reply = (await run(scripts.reserve, counterKeys(request.counters), args)) as unknown[];
    if (reply[0] === 1) return { ok: true };
    const key = String(reply[1]).slice(base.length);
    return {
      ok: false,
      exhausted: { key, committed: BigInt(String(reply[2])), limit: BigInt(String(reply[3])) },
    };
  }

  async function settle(request: SettleRequest): Promise<SettleOutcome> {
    const args = [request.reservationId, String(request.actual)];
    for (const counter of request.counters) args.push(String(counter.expiresAtMs));
    const keys = [...holdKeys, settledKey, ...request.counters.map((counter) => counterKey(counter.key))];
    const reply = await run(scripts.settle, keys, args);
    return reply === 1 ? "held" : reply === 2 ? "duplicate" : "lapsed";
  }

  return {
    name: `redis ${describeRedis(redis)} (keys {${options.prefix ?? "rightsize:budget"}}:*)`,
    reserve,
    settle,
    release: async ({ reservationId }) => {
      await run(scripts.release, holdKeys, [reservationId]);
    },
    read: async ({ keys }) => {
      if (keys.length === 0) return new Map();
      const values = await redis.mget(...keys.map(counterKey));
      return new Map(keys.map((key, index) => [key, BigInt(values[index] ?? "0")]));
    },
  };
}

/** `127.0.0.1:6379` for a standalone client, `cluster` for a cluster (for error messages). */
function describeRedis(redis: RedisBudgetClient): string {
  const options = (redis as { options?: { host?: string; port?: number; path?: string } }).options;
  if (options?.path) return options.path;
  if (options?.host !== undefined || options?.port !== undefined)
    return `${options.host ?? "localhost"}:${options.port ?? 6379}`;
  return "cluster";
}
