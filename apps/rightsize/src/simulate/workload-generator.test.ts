import { describe, expect, it } from "vitest";
import { expectedRequestsOnDay, generateWorkload } from "./workload-generator.js";
import { loadWorkloadFile, parseWorkload } from "./workload-schema.js";

describe("workload generator", async () => {
  const workload = await loadWorkloadFile();

  it("is deterministic for a seed and changes with it", () => {
    const first = [...generateWorkload({ ...workload, period: { ...workload.period, days: 3 } })].flat();
    const again = [...generateWorkload({ ...workload, period: { ...workload.period, days: 3 } })].flat();
    const other = [
      ...generateWorkload({ ...workload, seed: 7, period: { ...workload.period, days: 3 } }),
    ].flat();
    expect(again).toEqual(first);
    expect(other.map((request) => request.userText)).not.toEqual(first.map((request) => request.userText));
  });

  it("follows the task mix, the weekly shape and growth", () => {
    const days = [...generateWorkload(workload)];
    const requests = days.flat();
    const totalShare = Object.values(workload.taskTypes).reduce((sum, profile) => sum + profile.share, 0);
    for (const [taskType, profile] of Object.entries(workload.taskTypes)) {
      const observed = requests.filter((request) => request.taskType === taskType).length / requests.length;
      expect(Math.abs(observed - profile.share / totalShare)).toBeLessThan(0.02);
    }
    // 2026-07-04 is a Saturday, 2026-07-01 a Wednesday: weekends are much quieter.
    expect(days[3]!.length).toBeLessThan(days[0]!.length * 0.6);
    // The last Wednesday (day 91) carries the quarter's growth.
    expect(expectedRequestsOnDay(workload, 91) / expectedRequestsOnDay(workload, 0)).toBeCloseTo(
      1.18 ** (91 / 92),
      6,
    );
    expect(
      requests.every(
        (request, index) =>
          index === 0 || request.day !== requests[index - 1]!.day || request.at >= requests[index - 1]!.at,
      ),
    ).toBe(true);
  });

  it("shares one system prompt per task type and carries the emulator hint in the user text", () => {
    const requests = [...generateWorkload({ ...workload, period: { ...workload.period, days: 1 } })].flat();
    const systems = new Map<string, Set<string>>();
    for (const request of requests) {
      systems.set(request.taskType, (systems.get(request.taskType) ?? new Set()).add(request.system));
      const emulatorTask = workload.taskTypes[request.taskType]!.emulatorTask ?? request.taskType;
      expect(request.userText).toMatch(
        new RegExp(`^\\[\\[emulator task=${emulatorTask} difficulty=\\d\\.\\d{3}\\]\\]`),
      );
    }
    for (const set of systems.values()) expect(set.size).toBe(1);
  });

  it("rejects a broken workload with the path of the problem", () => {
    expect(() => parseWorkload({ ...workload, weekly: [1, 2] })).toThrow(/workload\.weekly:/);
    expect(() => parseWorkload({ ...workload, taskTypes: { x: { share: 1 } } })).toThrow(
      /workload\.taskTypes\.x\.feature/,
    );
  });
});
