/**
 * An exact integer sum that costs a number addition per add while it fits: the running part
 * stays a double as long as it is a safe integer (every such sum of safe integers is exact), and
 * moves into a bigint only when the next addition would leave the safe range. A bigint per
 * addition (conversion and sum both allocate) is what this saves.
 */
export class ExactSum {
  #small = 0;
  #big = 0n;

  /** Adds an integer; a fractional or non-finite amount throws (RangeError) and adds nothing. */
  add(amount: number): void {
    const next = this.#small + amount;
    // Both checks: near 2^53 a fractional amount can round to an integer sum.
    if (Number.isSafeInteger(next) && Number.isSafeInteger(amount)) {
      this.#small = next;
      return;
    }
    const exact = BigInt(amount);
    this.#big += BigInt(this.#small) + exact;
    this.#small = 0;
  }

  get value(): bigint {
    return this.#big + BigInt(this.#small);
  }
}
