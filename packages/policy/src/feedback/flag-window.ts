/**
 * The recent verdicts of one task type on one tier: at most `size` entries, none older than
 * `windowMs`. A bounded ring, so a flood of feedback costs constant memory.
 */
export class FlagWindow {
  readonly #size: number;
  readonly #windowMs: number;
  readonly #times: number[] = [];
  readonly #flags: boolean[] = [];

  constructor(options: { size: number; windowMs: number }) {
    this.#size = options.size;
    this.#windowMs = options.windowMs;
  }

  add(options: { at: number; flagged: boolean }): void {
    this.#times.push(options.at);
    this.#flags.push(options.flagged);
    if (this.#times.length > this.#size) {
      this.#times.shift();
      this.#flags.shift();
    }
  }

  /** Samples and flagged count within the window as of `at` (older entries are dropped). */
  read(at: number): { samples: number; flagged: number; rate: number } {
    while (this.#times.length > 0 && (this.#times[0] ?? 0) <= at - this.#windowMs) {
      this.#times.shift();
      this.#flags.shift();
    }
    const samples = this.#times.length;
    const flagged = this.#flags.reduce((count, flag) => count + (flag ? 1 : 0), 0);
    return { samples, flagged, rate: samples === 0 ? 0 : flagged / samples };
  }

  clear(): void {
    this.#times.length = 0;
    this.#flags.length = 0;
  }
}
