import { mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestRedisServer, type TestRedisServer } from "../budget/test-support/redis-server.js";
import { parsePolicy } from "../parse-policy.js";
import type { PolicyError } from "../policy-error.js";
import { createPolicyEngine, type PolicyUpdateEvent } from "../policy-holder.js";
import type { Policy } from "../policy-schema.js";
import { publishRedisPolicy, watchRedisPolicy } from "./redis-policy.js";
import { watchPolicyFile } from "./watch-policy-file.js";

const version = (number: number, tier = "haiku") =>
  `name: hot\nversion: "${number}"\ndefaultTier: ${tier}\nfallbackTier: sonnet\n`;
const broken = `name: hot\nversion: "99"\ndefaultTier: nope\nfallbackTier: sonnet\n`;

function initial(): Policy {
  const result = parsePolicy({ source: version(1) });
  if (!result.ok) throw result.error;
  return result.policy;
}

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error("condition not reached in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("policy holder", () => {
  it("keeps the last good policy when an update is invalid, and reports both outcomes", () => {
    const events: PolicyUpdateEvent[] = [];
    const holder = createPolicyEngine({ policy: initial() });
    holder.subscribe((event) => events.push(event));
    expect(holder.update({ source: version(2, "opus") }).ok).toBe(true);
    expect(holder.update({ source: broken, origin: "test" }).ok).toBe(false);
    expect(holder.current().version).toBe("2");
    expect(holder.decide({ facts: {} })).toMatchObject({ kind: "route", tier: "opus" });
    expect(events.map((event) => event.kind)).toEqual(["updated", "rejected"]);
    const rejected = events[1] as Extract<PolicyUpdateEvent, { kind: "rejected" }>;
    expect(rejected.error.issues[0]).toEqual({
      path: "defaultTier",
      message: 'unknown tier "nope"',
      line: 3,
      column: 14,
    });
  });
});

describe("watchPolicyFile", () => {
  it("applies valid edits, refuses a broken file and keeps serving the last good policy", async () => {
    const directory = await mkdtemp(join(tmpdir(), "policy-watch-"));
    const path = join(directory, "policy.yaml");
    await writeFile(path, version(1));
    const rejections: PolicyError[] = [];
    const holder = createPolicyEngine({
      policy: initial(),
      onRejected: (event) => rejections.push(event.error),
    });
    const watcher = watchPolicyFile({ holder, path, debounceMs: 50 });
    try {
      await writeFile(path, version(2));
      await until(() => holder.current().version === "2");
      await writeFile(path, broken);
      await until(() => rejections.length === 1);
      expect(holder.current().version).toBe("2");
      expect(rejections[0]!.message).toBe(`${path}: defaultTier (line 3, column 14): unknown tier "nope"`);
      // Editors that save through a temporary file and a rename are followed too.
      await writeFile(join(directory, "tmp.yaml"), version(3));
      await rename(join(directory, "tmp.yaml"), path);
      await until(() => holder.current().version === "3");
    } finally {
      watcher.close();
      await rm(directory, { recursive: true, force: true });
    }
  });
});

describe("watchRedisPolicy (real redis-server)", () => {
  let server: TestRedisServer;
  const clients: Redis[] = [];
  beforeAll(async () => {
    server = await startTestRedisServer();
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.quit()));
    await server?.stop();
  });

  it("loads the key, follows published versions across instances and refuses invalid ones", async () => {
    const publisher = new Redis(server.url);
    clients.push(publisher);
    await publisher.set("policy", version(5));
    const holders = [createPolicyEngine({ policy: initial() }), createPolicyEngine({ policy: initial() })];
    const watchers = await Promise.all(
      holders.map((holder) => {
        const redis = new Redis(server.url);
        clients.push(redis);
        return watchRedisPolicy({ holder, redis, key: "policy" });
      }),
    );
    try {
      expect(holders.map((holder) => holder.current().version)).toEqual(["5", "5"]);
      const published = await publishRedisPolicy({
        redis: publisher,
        key: "policy",
        source: version(6, "opus"),
      });
      expect(published.ok).toBe(true);
      await until(() => holders.every((holder) => holder.current().version === "6"));
      // publishRedisPolicy validates first: a broken policy never reaches the fleet.
      expect((await publishRedisPolicy({ redis: publisher, key: "policy", source: broken })).ok).toBe(false);
      expect(await publisher.get("policy")).toBe(version(6, "opus"));
      // Written behind its back (not through publish), a broken version is refused by each instance.
      const rejected: string[] = [];
      holders[0]!.subscribe((event) => {
        if (event.kind === "rejected") rejected.push(event.error.message);
      });
      await publisher.set("policy", broken);
      await publisher.publish("policy:changed", "99");
      await until(() => rejected.length === 1);
      expect(rejected[0]).toBe('redis:policy: defaultTier (line 3, column 14): unknown tier "nope"');
      expect(holders.map((holder) => holder.current().version)).toEqual(["6", "6"]);
    } finally {
      await Promise.all(watchers.map((watcher) => watcher.close()));
    }
  });
});
