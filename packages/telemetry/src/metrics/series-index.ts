import type { Attributes } from "@opentelemetry/api";

/** Series per metric at most, the overflow series included (the OTel SDK's default limit). */
export const MAX_SERIES_PER_METRIC = 2000;

/** The OTel metrics spec's attribute set of the series that takes measurements beyond the limit. */
export const OVERFLOW_ATTRIBUTES: Attributes = Object.freeze({ "otel.metric.overflow": true });

/**
 * Finds the series (aggregation cell) of an attribute set. The hot path passes frozen attribute
 * objects shared by every call of one shape, so those are found by identity (one WeakMap probe,
 * no string built, nothing hashed); any other set is keyed by its sorted content. Beyond the
 * limit, new sets fold into one overflow series, as the OTel SDK does (limit − 1 real series
 * plus the overflow one).
 */
export class SeriesIndex<Series> {
  /** Frozen sets are immutable, so their identity stands for their content. Weak: callers may drop them. */
  readonly #byIdentity = new WeakMap<Attributes, Series>();
  readonly #byContent = new Map<string, Series>();
  readonly #create: (attributes: Attributes) => Series;
  readonly #limit: number;
  #overflow: Series | undefined;

  constructor(options: { create: (attributes: Attributes) => Series; limit?: number }) {
    this.#create = options.create;
    this.#limit = options.limit ?? MAX_SERIES_PER_METRIC;
  }

  /** The series of `attributes`, created on first sight. */
  get(attributes: Attributes): Series {
    return this.#byIdentity.get(attributes) ?? this.#byContentOf(attributes);
  }

  /** Every series, the overflow one last. */
  *values(): IterableIterator<Series> {
    yield* this.#byContent.values();
    if (this.#overflow !== undefined) yield this.#overflow;
  }

  #byContentOf(attributes: Attributes): Series {
    const frozen = Object.isFrozen(attributes);
    const key = contentKey(attributes);
    let series = this.#byContent.get(key);
    if (series === undefined) {
      if (this.#byContent.size >= this.#limit - 1) {
        this.#overflow ??= this.#create(OVERFLOW_ATTRIBUTES);
        series = this.#overflow;
      } else {
        // A copy of a mutable set: the caller may change its object after this call.
        series = this.#create(frozen ? attributes : Object.freeze({ ...attributes }));
        this.#byContent.set(key, series);
      }
    }
    if (frozen) this.#byIdentity.set(attributes, series);
    return series;
  }
}

/**
 * Order-independent (two sets with the same entries are one series, as in the SDK) and
 * unambiguous (length-prefixed, typed: "1" and 1 differ). Cheaper than the SDK's sort + JSON.
 */
function contentKey(attributes: Attributes): string {
  const names = Object.keys(attributes);
  // Insertion sort: sets have a handful of names.
  for (let index = 1; index < names.length; index += 1) {
    const name = names[index] as string;
    let previous = index - 1;
    while (previous >= 0 && (names[previous] as string) > name) {
      names[previous + 1] = names[previous] as string;
      previous -= 1;
    }
    names[previous + 1] = name;
  }
  let key = "";
  for (const name of names) {
    const value = attributes[name];
    const text =
      typeof value === "string" ? value : Array.isArray(value) ? JSON.stringify(value) : String(value);
    const type = Array.isArray(value) ? "a" : (typeof value)[0];
    key += `${name.length}:${name}${type}${text.length}:${text}`;
  }
  return key;
}
