import type { QualityVerdict } from "./usage-record.js";

/** Quality verdicts aggregated per UTC day, task type, tier and verdict (memory bounded by those). */
export class VerdictAccumulator {
  private readonly entries = new Map<string, QualityVerdict>();

  add(verdict: QualityVerdict): void {
    const dayStart = Math.floor(verdict.timeMs / 86_400_000) * 86_400_000;
    const key = `${dayStart}|${verdict.taskType}|${verdict.tier}|${verdict.verdict}`;
    const entry = this.entries.get(key);
    if (entry === undefined) {
      const { taskType, tier, count } = verdict;
      this.entries.set(key, { timeMs: dayStart, taskType, tier, verdict: verdict.verdict, count });
    } else entry.count += verdict.count;
  }

  list(): QualityVerdict[] {
    return [...this.entries.keys()].sort().map((key) => this.entries.get(key)!);
  }
}
