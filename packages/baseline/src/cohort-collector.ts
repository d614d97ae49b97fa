import { type Cohort, CohortAccumulator, utcDay } from "./cohort.js";
import type { RecordSink } from "./ingest/record-sink.js";
import { SeenKeys, sharedKeyCount } from "./ingest/seen-keys.js";
import type { QualityVerdict, UsageRecord } from "./usage-record.js";
import { VerdictAccumulator } from "./verdict-accumulator.js";

const DAY_MS = 86_400_000;

/** What one collector gathered, as plain data (structured-cloneable, e.g. from an ingest worker). */
export interface CollectedUsage {
  /** Cohorts under the models as read (not yet canonical), in no particular order. */
  cohorts: Cohort[];
  verdicts: QualityVerdict[];
  /** Records dropped because their day is outside the period. */
  outsidePeriod: number;
  /** First and last UTC day (YYYY-MM-DD) of the records kept; "" when none. */
  firstDay: string;
  lastDay: string;
  /** Records (and verdicts) dropped because their identity was seen before (exporter retries, repeated files). */
  duplicates: number;
  /**
   * The identities seen, as sorted hashes (`SeenKeys.takeSorted()`), so parts read apart can be
   * checked against each other (`duplicatesAcrossParts`); transferable from a worker without a copy.
   */
  keys: Uint32Array<ArrayBuffer>;
}

/**
 * The record sink of a report's ingest: drops records outside the period, tracks the observed
 * days, and aggregates records into cohorts and verdicts. Every figure it gathers is a count or
 * an integer sum (or a min/max), so collectors that each saw part of the input merge exactly
 * (`mergeCollectedUsage`), whatever part each saw.
 */
export class CohortCollector implements RecordSink {
  private readonly cohorts = new CohortAccumulator();
  private readonly verdicts = new VerdictAccumulator();
  private readonly seen = new SeenKeys();
  private duplicates = 0;
  private readonly period: { start: string; end: string } | undefined;
  private outsidePeriod = 0;
  private firstDay = "";
  private lastDay = "";
  // Records come in time order within a file: the day string and the period test are worked
  // out once per day rather than once per record.
  private currentDayIndex = Number.NaN;
  private currentDayInPeriod = false;

  constructor(options: { period?: { start: string; end: string } } = {}) {
    this.period = options.period;
  }

  record(record: UsageRecord): void {
    if (record.key !== "" && !this.seen.add(record.key)) {
      this.duplicates++;
      return;
    }
    const dayIndex = Math.floor(record.timeMs / DAY_MS);
    if (dayIndex !== this.currentDayIndex) this.enterDay(dayIndex);
    if (!this.currentDayInPeriod) {
      this.outsidePeriod++;
      return;
    }
    this.cohorts.add(record);
  }

  verdict(verdict: QualityVerdict): void {
    if (verdict.key && !this.seen.add(verdict.key)) {
      this.duplicates++;
      return;
    }
    this.verdicts.add(verdict);
  }

  /**
   * What was gathered; the cohorts are this collector's own objects and the identities are
   * handed over (collect once, at the end).
   */
  collected(): CollectedUsage {
    return {
      cohorts: [...this.cohorts.values()],
      verdicts: this.verdicts.list(),
      outsidePeriod: this.outsidePeriod,
      firstDay: this.firstDay,
      lastDay: this.lastDay,
      duplicates: this.duplicates,
      keys: this.seen.takeSorted(),
    };
  }

  private enterDay(dayIndex: number): void {
    const day = utcDay(dayIndex * DAY_MS);
    this.currentDayIndex = dayIndex;
    this.currentDayInPeriod =
      this.period === undefined || (day >= this.period.start && day <= this.period.end);
    // Every record of an in-period day is kept, so the day is observed as soon as it is entered.
    if (!this.currentDayInPeriod) return;
    if (this.firstDay === "" || day < this.firstDay) this.firstDay = day;
    if (day > this.lastDay) this.lastDay = day;
  }
}

/**
 * Identities seen by more than one part: records the parts each counted once but that are one
 * record (0 when there is at most one part). A positive count means the parts cannot simply be
 * merged: the caller reads the input again in one part. The parts' sorted keys are merged
 * (`sharedKeyCount`): no table of every key is built.
 */
export function duplicatesAcrossParts(parts: readonly CollectedUsage[]): number {
  return sharedKeyCount(parts.map((part) => part.keys));
}

/**
 * Merge what several collectors gathered into one: cohorts re-keyed under their canonical model
 * id (`canonicalModel`, so aliases and dated ids of one model become one cohort) and sorted by
 * key, verdicts re-aggregated, counts summed, days min/maxed. The parts' cohort objects are taken
 * over (see `CohortAccumulator.absorb`): the parts must not be used afterwards.
 */
export function mergeCollectedUsage(options: {
  parts: readonly CollectedUsage[];
  canonicalModel: (model: string) => string;
}): CollectedUsage {
  const cohorts = new CohortAccumulator();
  const verdicts = new VerdictAccumulator();
  let outsidePeriod = 0;
  let duplicates = 0;
  let firstDay = "";
  let lastDay = "";
  for (const part of options.parts) {
    duplicates += part.duplicates;
    for (const cohort of part.cohorts) cohorts.absorb(cohort, options.canonicalModel(cohort.model));
    for (const verdict of part.verdicts) verdicts.add(verdict);
    outsidePeriod += part.outsidePeriod;
    if (part.firstDay !== "" && (firstDay === "" || part.firstDay < firstDay)) firstDay = part.firstDay;
    if (part.lastDay > lastDay) lastDay = part.lastDay;
  }
  return {
    cohorts: cohorts.list(),
    verdicts: verdicts.list(),
    outsidePeriod,
    firstDay,
    lastDay,
    duplicates,
    // Merged parts have been checked against each other (`duplicatesAcrossParts`) already.
    keys: new Uint32Array(0),
  };
}
