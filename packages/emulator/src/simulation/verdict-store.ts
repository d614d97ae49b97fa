import type { QualityVerdict } from "../quality/quality-verdict.js";

/** Verdicts by message id, oldest evicted first once `limit` is reached (long simulations stay bounded). */
export class VerdictStore {
  private readonly verdicts = new Map<string, QualityVerdict>();

  private readonly limit: number;

  constructor(limit: number) {
    this.limit = limit;
  }

  add(verdict: QualityVerdict): void {
    if (this.verdicts.size >= this.limit) {
      const oldest = this.verdicts.keys().next();
      if (!oldest.done) this.verdicts.delete(oldest.value);
    }
    this.verdicts.set(verdict.messageId, verdict);
  }

  get(messageId: string): QualityVerdict | undefined {
    return this.verdicts.get(messageId);
  }

  get size(): number {
    return this.verdicts.size;
  }
}
