import type { TierName } from "@rightsize/contracts";
import type { FeedbackStore, QualityVerdict } from "./feedback-store.js";
import type { TierOverride } from "./tier-override.js";

/** The part of an ioredis client (standalone or cluster) the feedback store uses. */
export interface RedisFeedbackClient {
  eval(script: string, numberOfKeys: number, ...keysAndArgs: string[]): Promise<unknown>;
  hgetall(key: string): Promise<Record<string, string>>;
  lpush(key: string, ...values: string[]): Promise<number>;
  ltrim(key: string, start: number, stop: number): Promise<unknown>;
  lrange(key: string, start: number, stop: number): Promise<string[]>;
}

export interface RedisFeedbackStoreOptions {
  /** A connected ioredis client; the store never closes it. */
  redis: RedisFeedbackClient;
  /** Key prefix, wrapped in a hash tag (`{rightsize:feedback}:`) so every key shares a cluster slot. */
  prefix?: string;
}

// One standing override per (task type, from tier), fleet-wide: the first replica's wins.
const addScript = `
local standing = redis.call('HGET', KEYS[1], ARGV[1])
if standing then
  local existing = redis.call('HGET', KEYS[2], standing)
  if existing then return existing end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
return ARGV[3]`;

// A status change; an override that no longer stands frees its (task type, from tier) slot.
const updateScript = `
redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
if ARGV[4] == '0' and redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then
  redis.call('HDEL', KEYS[1], ARGV[1])
end
return 1`;

function slotOf(override: TierOverride): string {
  return `${override.taskType}\u0000${override.fromTier}`;
}

/**
 * A feedback store in Redis, shared by a fleet: overrides in one hash (with a slot per task type
 * and tier so two replicas never raise the same one twice), and each task type's quality series
 * on a tier in a capped list of `at,pass,score` entries, newest first.
 */
export function createRedisFeedbackStore(options: RedisFeedbackStoreOptions): FeedbackStore {
  const { redis } = options;
  const base = `{${options.prefix ?? "rightsize:feedback"}}:`;
  const keys = [`${base}overrides:standing`, `${base}overrides`];
  const seriesKey = (taskType: string, tier: TierName) =>
    `${base}verdicts:${encodeURIComponent(taskType)}:${encodeURIComponent(tier)}`;
  return {
    addOverride: async (override) => {
      const reply = await redis.eval(
        addScript,
        2,
        ...keys,
        slotOf(override),
        override.id,
        JSON.stringify(override),
      );
      return JSON.parse(String(reply)) as TierOverride;
    },
    updateOverride: async (override) => {
      const standing = override.status === "active" || override.status === "proposed";
      await redis.eval(
        updateScript,
        2,
        ...keys,
        slotOf(override),
        override.id,
        JSON.stringify(override),
        standing ? "1" : "0",
      );
    },
    listOverrides: async () => {
      const all = Object.values(await redis.hgetall(keys[1] ?? "")).map(
        (json) => JSON.parse(json) as TierOverride,
      );
      return all.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
    },
    addVerdict: async ({ taskType, tier, verdict, keep }) => {
      const key = seriesKey(taskType, tier);
      await redis.lpush(key, `${verdict.at},${verdict.pass ? 1 : 0},${verdict.score}`);
      await redis.ltrim(key, 0, keep - 1);
    },
    readVerdicts: async ({ taskType, tier, limit }) => {
      const entries = await redis.lrange(seriesKey(taskType, tier), 0, limit - 1);
      return entries.map((entry): QualityVerdict => {
        const [at, pass, score] = entry.split(",");
        return { at: Number(at), pass: pass === "1", score: Number(score) };
      });
    },
  };
}
