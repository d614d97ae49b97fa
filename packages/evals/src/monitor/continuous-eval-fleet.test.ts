import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { type Emulator, startEmulator } from "@rightsize/emulator";
import { createFeedbackLoop, createRedisFeedbackStore } from "@rightsize/policy";
import { startTestRedisServer, type TestRedisServer } from "@rightsize/policy/testing";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TIERS } from "../test-support/shadow-eval-fixture.js";

let emulator: Emulator;
let server: TestRedisServer;
let redis: Redis;

beforeAll(async () => {
  emulator = await startEmulator({ seed: 11 });
  server = await startTestRedisServer();
  redis = new Redis(server.url);
});
afterAll(async () => {
  await redis?.quit();
  await server?.stop();
  await emulator?.close();
});

interface Report {
  tiers: Array<string | null>;
  verdicts: Array<{ pass: boolean | undefined; n: number | undefined }>;
  alerts: Array<{ n: number; override: string | undefined }>;
  errors: string[];
}

/** Runs one replica in its own process (from sources, as vitest runs this test). */
async function replica(task: { mode: "ask" | "route"; first: number; count: number; difficulty: number }) {
  const worker = fileURLToPath(new URL("../test-support/fleet-worker.ts", import.meta.url));
  const hook = new URL("../../../../scripts/ts-source-hooks.mjs", import.meta.url).href;
  return await new Promise<Report>((resolve, reject) => {
    const child = fork(
      worker,
      [JSON.stringify({ ...task, redisUrl: server.url, emulatorUrl: emulator.url })],
      { execArgv: ["--import", hook], stdio: "inherit" },
    );
    let report: Report | undefined;
    child.once("message", (message) => (report = message as Report));
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0 && report ? resolve(report) : reject(new Error(`replica exited ${code}`)),
    );
  });
}

describe("continuous shadow eval across a fleet (Redis, two processes)", () => {
  it("shares the quality series and the override between replicas", async () => {
    // Replica A: 12 hard questions, below the 20 verdicts a regression needs: no alert.
    const first = await replica({ mode: "ask", first: 0, count: 12, difficulty: 0.9 });
    expect(first.errors).toEqual([]);
    expect(first.alerts).toEqual([]);
    expect(first.verdicts.map((verdict) => verdict.n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    // Replica B: its window starts with A's 12 verdicts, so its 8th verdict makes 20 and the alert fires.
    const second = await replica({ mode: "ask", first: 12, count: 12, difficulty: 0.9 });
    expect(second.errors).toEqual([]);
    expect(second.verdicts[0]?.n).toBe(13);
    expect(second.alerts).toHaveLength(1);
    expect(second.alerts[0]?.n).toBeGreaterThanOrEqual(20);
    const overrideId = second.alerts[0]?.override;
    expect(overrideId).toBeDefined();
    // B's own later questions run on sonnet already; so do a third process's, read from Redis.
    expect(second.tiers.at(-1)).toBe("sonnet");
    const third = await replica({ mode: "route", first: 100, count: 1, difficulty: 0.2 });
    expect(third.tiers).toEqual(["sonnet"]);
    // Reviewable and revertible from anywhere in the fleet: revert here, the next replica is back on haiku.
    const store = createRedisFeedbackStore({ redis });
    const loop = createFeedbackLoop({ tiers: TIERS, store, syncMs: 0 });
    await loop.sync();
    const [override] = loop.overrides({ status: "active" });
    expect(override).toMatchObject({
      id: overrideId,
      source: "shadow-eval",
      fromTier: "haiku",
      toTier: "sonnet",
    });
    loop.revert({ id: overrideId ?? "", note: "prompt fixed" });
    await loop.flush();
    const fourth = await replica({ mode: "route", first: 101, count: 1, difficulty: 0.2 });
    expect(fourth.tiers).toEqual(["haiku"]);
    loop.close();
  }, 60_000);
});
