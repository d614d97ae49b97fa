import { mkdir, mkdtemp, readFile, rename, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestRedisServer, type TestRedisServer } from "../budget/test-support/redis-server.js";
import { parsePolicy } from "../parse-policy.js";
import { parsePolicyCases } from "../policy-cases.js";
import type { PolicyError } from "../policy-error.js";
import { createPolicyEngine, type PolicyUpdateEvent } from "../policy-holder.js";
import type { Policy } from "../policy-schema.js";
import { publishRedisPolicy, watchRedisPolicy } from "./redis-policy.js";
import { watchPolicyFile } from "./watch-policy-file.js";

const version = (number: number, tier = "haiku") =>
  `name: hot\nversion: "${number}"\ndefaultTier: ${tier}\nfallbackTier: sonnet\n`;
const broken = `name: hot\nversion: "99"\ndefaultTier: nope\nfallbackTier: sonnet\n`;
const casesFor = (tier: string) =>
  `cases:\n  - name: the default tier\n    facts: {}\n    expect: { kind: route, tier: ${tier} }\n`;

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

describe("a new version is tried before it serves", () => {
  it("refuses a version that fails its own cases, or whose decisions fault, and keeps serving", () => {
    const holder = createPolicyEngine({ policy: initial() });
    const cases = parsePolicyCases({ source: casesFor("opus") });
    const failing = holder.update({ source: version(2, "haiku"), cases, origin: "v2" });
    expect(!failing.ok && failing.error.code).toBe("trial_failed");
    expect(!failing.ok && failing.error.issues[0]).toEqual({
      path: "cases[0]",
      message: 'case "the default tier" fails: tier: expected "opus", got "haiku"',
    });
    expect(holder.current().version).toBe("1");
    expect(holder.update({ source: version(3, "opus"), cases }).ok).toBe(true);
    expect(holder.current().version).toBe("3");
  });

  it("reports a YAML syntax error on reload with its line and column", async () => {
    const holder = createPolicyEngine({ policy: initial() });
    const result = await holder.updateAsync({ source: "name: hot\nversion: [1\n", origin: "p.yaml" });
    expect(!result.ok && result.error.code).toBe("syntax");
    expect(!result.ok && result.error.issues.length).toBeGreaterThan(0);
    expect(!result.ok && result.error.issues[0]).toMatchObject({ path: "", line: 3, column: 1 });
    expect(!result.ok && result.error.message).toMatch(/^p\.yaml: line 3, column 1: not valid YAML: /);
  });

  it("refuses an oversized source by its size, in the worker, with the limit", async () => {
    const holder = createPolicyEngine({ policy: initial() });
    const result = await holder.updateAsync({
      source: Buffer.alloc(10 * 1024 * 1024, 0x20),
      origin: "big.yaml",
    });
    expect(!result.ok && result.error.message).toBe(
      "big.yaml: is 10,485,760 bytes: a policy may be at most 1,048,576 bytes (1 MiB)",
    );
  });

  it("a hand-built policy object that does not satisfy the schema is refused at construction, with paths", () => {
    const error = (() => {
      try {
        createPolicyEngine({ policy: { name: "p", version: "1", defaultTier: "haiku" } as never });
      } catch (caught) {
        return caught as PolicyError;
      }
      throw new Error("expected a PolicyError");
    })();
    expect(error.issues.map((issue) => issue.path)).toEqual(["fallbackTier"]);
    expect(error.message).toContain("fallbackTier: ");
  });
});

describe("watchPolicyFile as Kubernetes mounts a ConfigMap", () => {
  it("follows the atomic ..data symlink swap", async () => {
    // The kubelet's layout: files in a timestamped directory, `..data` pointing at it, and the
    // key a symlink through `..data`; an update writes a new directory, points a temporary
    // symlink at it and renames it over `..data` (one atomic rename; no event names the file).
    const mount = await mkdtemp(join(tmpdir(), "configmap-"));
    const writeVersion = async (stamp: string, text: string) => {
      const directory = join(mount, `..2026_12_02_10_00_${stamp}.123456789`);
      await mkdir(directory);
      await writeFile(join(directory, "policy.yaml"), text);
      return directory;
    };
    const first = await writeVersion("01", version(1));
    await symlink(first.slice(mount.length + 1), join(mount, "..data"));
    await symlink("..data/policy.yaml", join(mount, "policy.yaml"));
    const path = join(mount, "policy.yaml");
    expect(await readFile(path, "utf8")).toBe(version(1));
    const holder = createPolicyEngine({ policy: initial() });
    const watcher = watchPolicyFile({ holder, path, debounceMs: 50, pollMs: 0 });
    try {
      const second = await writeVersion("02", version(2, "opus"));
      await symlink(second.slice(mount.length + 1), join(mount, "..data_tmp"));
      await rename(join(mount, "..data_tmp"), join(mount, "..data"));
      await rm(first, { recursive: true });
      await until(() => holder.current().version === "2");
      expect(holder.decide({ facts: {} })).toMatchObject({ tier: "opus" });
    } finally {
      watcher.close();
      await rm(mount, { recursive: true, force: true });
    }
  });

  it("re-reads the cases beside the policy and refuses a version that fails them", async () => {
    const directory = await mkdtemp(join(tmpdir(), "policy-cases-"));
    const path = join(directory, "policy.yaml");
    const casesPath = join(directory, "policy.cases.yaml");
    await writeFile(path, version(1));
    await writeFile(casesPath, casesFor("haiku"));
    const rejected: PolicyError[] = [];
    const holder = createPolicyEngine({
      policy: initial(),
      onRejected: (event) => rejected.push(event.error),
    });
    const watcher = watchPolicyFile({ holder, path, casesPath, debounceMs: 50, pollMs: 0 });
    try {
      await writeFile(path, version(2, "opus")); // its cases still expect haiku
      await until(() => rejected.length === 1);
      expect(rejected[0]!.code).toBe("trial_failed");
      expect(holder.current().version).toBe("1");
      await writeFile(casesPath, casesFor("opus"));
      await until(() => holder.current().version === "2");
    } finally {
      watcher.close();
      await rm(directory, { recursive: true, force: true });
    }
  });
});

describe("watchRedisPolicy across a dropped connection (real redis-server)", () => {
  let server: TestRedisServer;
  const clients: Redis[] = [];
  beforeAll(async () => {
    server = await startTestRedisServer();
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.quit().catch(() => undefined)));
    await server?.stop();
  });

  it("re-reads the key on reconnect, so a version published while the subscriber was away is applied", async () => {
    const publisher = new Redis(server.url);
    clients.push(publisher);
    await publisher.set("fleet", version(5));
    const holder = createPolicyEngine({ policy: initial() });
    // The subscriber (a duplicate) takes its options: it reconnects 300 ms after a drop.
    const redis = new Redis(server.url, { retryStrategy: () => 300 });
    clients.push(redis);
    const watcher = await watchRedisPolicy({ holder, redis, key: "fleet" });
    try {
      expect(holder.current().version).toBe("5");
      await publisher.call("CLIENT", "KILL", "TYPE", "pubsub");
      await publisher.set("fleet", version(6, "opus"));
      // Nobody is subscribed now: without the re-read on reconnect this version would be lost.
      expect(await publisher.publish("fleet:changed", "6")).toBe(0);
      await until(() => holder.current().version === "6");
    } finally {
      await watcher.close();
    }
  });

  it("publishRedisPolicy refuses a version that fails its cases, and instances try the cases they read", async () => {
    const publisher = new Redis(server.url);
    clients.push(publisher);
    const refused = await publishRedisPolicy({
      redis: publisher,
      key: "cased",
      source: version(7, "haiku"),
      cases: casesFor("opus"),
    });
    expect(!refused.ok && refused.error.code).toBe("trial_failed");
    expect(await publisher.get("cased")).toBeNull();
    const published = await publishRedisPolicy({
      redis: publisher,
      key: "cased",
      source: version(7, "opus"),
      cases: casesFor("opus"),
    });
    expect(published.ok).toBe(true);
    expect(await publisher.get("cased:cases")).toBe(casesFor("opus"));
    const holder = createPolicyEngine({ policy: initial() });
    const redis = new Redis(server.url);
    clients.push(redis);
    const rejected: string[] = [];
    holder.subscribe((event) => {
      if (event.kind === "rejected") rejected.push(event.error.code);
    });
    const watcher = await watchRedisPolicy({ holder, redis, key: "cased" });
    try {
      expect(holder.current().version).toBe("7");
      // Written behind publish's back: a policy that fails the stored cases is refused by the instance.
      await publisher.set("cased", version(8, "haiku"));
      await publisher.publish("cased:changed", "8");
      await until(() => rejected.length === 1);
      expect(rejected).toEqual(["trial_failed"]);
      expect(holder.current().version).toBe("7");
      // Invalid UTF-8 in Redis is refused, not decoded to U+FFFD.
      await publisher.set(
        "cased",
        Buffer.concat([Buffer.from(version(9, "opus")), Buffer.from([0xc3, 0x28])]),
      );
      await publisher.publish("cased:changed", "9");
      await until(() => rejected.length === 2);
      expect(rejected[1]).toBe("syntax");
    } finally {
      await watcher.close();
    }
  });
});
