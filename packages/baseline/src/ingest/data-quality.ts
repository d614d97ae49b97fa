/**
 * Counts every line that could not be used, by reason, with a few samples (file:line, reason,
 * a truncated excerpt), so the report's data-quality section accounts for all input.
 */
const SAMPLES_PER_REASON = 3;
const MAX_SAMPLES = 30;
const EXCERPT_CHARS = 120;

export interface BadLineSample {
  file: string;
  line: number;
  reason: string;
  excerpt: string;
}

/** What a DataQualityLog holds, as plain data (structured-cloneable, e.g. from an ingest worker). */
export interface DataQualitySnapshot {
  badByReason: ReadonlyMap<string, number>;
  skippedByReason: ReadonlyMap<string, number>;
  samples: readonly BadLineSample[];
  readErrors: ReadonlyArray<{ file: string; message: string; recordsRecovered: number }>;
}

export class DataQualityLog implements DataQualitySnapshot {
  readonly badByReason = new Map<string, number>();
  readonly skippedByReason = new Map<string, number>();
  readonly samples: BadLineSample[] = [];
  readonly readErrors: Array<{ file: string; message: string; recordsRecovered: number }> = [];
  private readonly maxSamples: number;

  /**
   * `maxSamples` caps the samples kept over all reasons (30 in a report). A log for one chunk of
   * a split file keeps every reason's first samples uncapped, so that absorbing the chunks' logs
   * in input order keeps exactly the samples one sequential pass would have kept.
   */
  constructor(options: { maxSamples?: number } = {}) {
    this.maxSamples = options.maxSamples ?? MAX_SAMPLES;
  }

  /** Record one unusable item (a line, or one span inside a line). */
  bad(options: { file: string; line: number; reason: string; text: string }): void {
    const count = (this.badByReason.get(options.reason) ?? 0) + 1;
    this.badByReason.set(options.reason, count);
    if (count <= SAMPLES_PER_REASON && this.samples.length < this.maxSamples) {
      this.samples.push({
        file: options.file,
        line: options.line,
        reason: options.reason,
        excerpt: truncate(options.text),
      });
    }
  }

  /** Record a valid item deliberately not counted as a request (e.g. a parent span). */
  skipped(reason: string): void {
    this.skippedByReason.set(reason, (this.skippedByReason.get(reason) ?? 0) + 1);
  }

  readError(options: { file: string; message: string; recordsRecovered: number }): void {
    this.readErrors.push(options);
  }

  /**
   * Append the log of the input that follows this one (the next chunk of a file, or the next
   * file), as if its items had been recorded here in order. Its sample line numbers are shifted
   * by `lineOffset` (the lines of the file's earlier chunks). The absorbed log must have kept
   * the first SAMPLES_PER_REASON samples of each reason (see `maxSamples`).
   */
  absorb(snapshot: DataQualitySnapshot, options: { lineOffset: number } = { lineOffset: 0 }): void {
    const seen = new Map<string, number>();
    for (const sample of snapshot.samples) {
      const ordinal = (seen.get(sample.reason) ?? 0) + 1;
      seen.set(sample.reason, ordinal);
      const count = (this.badByReason.get(sample.reason) ?? 0) + ordinal;
      if (count <= SAMPLES_PER_REASON && this.samples.length < this.maxSamples) {
        this.samples.push({ ...sample, line: sample.line + options.lineOffset });
      }
    }
    for (const [reason, count] of snapshot.badByReason) {
      this.badByReason.set(reason, (this.badByReason.get(reason) ?? 0) + count);
    }
    for (const [reason, count] of snapshot.skippedByReason) {
      this.skippedByReason.set(reason, (this.skippedByReason.get(reason) ?? 0) + count);
    }
    this.readErrors.push(...snapshot.readErrors);
  }
}

function truncate(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > EXCERPT_CHARS ? `${flat.slice(0, EXCERPT_CHARS)}…` : flat;
}
