import { seededRandom } from "@rightsize/contracts";

/**
 * A seeded uniform random sample of up to `size` items from a stream of unknown length
 * (Algorithm R): every item offered has the same chance to be in the sample, and the same seed
 * and input give the same sample.
 */
export class Reservoir<T> {
  readonly items: T[] = [];
  private offered = 0;
  private readonly random: () => number;
  private readonly size: number;

  constructor(options: { size: number; seed: number }) {
    this.size = options.size;
    this.random = seededRandom(options.seed);
  }

  /** Offers the next item; `make` builds it only if it is kept (records are often reused objects). */
  offer(make: () => T): void {
    const index = this.offered++;
    if (index < this.size) {
      this.items.push(make());
      return;
    }
    const slot = Math.floor(this.random() * (index + 1));
    if (slot < this.size) this.items[slot] = make();
  }

  /** How many items were offered (the population). */
  get seen(): number {
    return this.offered;
  }
}
